/** `participant-contract provider`: started by hand, it serves what verify then passes, and stops on SIGTERM. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../../src/cli/main.js";
import { defaultFixtures } from "../../../src/provider/index.js";
import { runCli, tempDir, writeFixtures } from "../../support/verify.js";

describe("the provider command and npm start's entry, as processes and in-process", () => {
  /** npm start's entry, as a process: started while the provider command's own cases run (it waits on nothing of theirs). */
  let started: Promise<{ code: number | null; output: string }>;
  before(() => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/bin/start.ts"], {
      env: { ...process.env, GITHUB_STEP_SUMMARY: "", NO_COLOR: "1", PACT_DO_NOT_TRACK: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    started = once(child, "exit").then(([code]) => ({ code: code as number | null, output }));
    started.catch(() => undefined);
  });

  describe("the provider command", () => {
    it("writes its seed to a new fixtures file (mode 0600), serves it, passes verify, and stops on SIGTERM", async function () {
      this.timeout(20_000);
      const fixturesFile = join(tempDir(), "fixtures.json");
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "src/bin/participant-contract.ts", "provider", "--fixtures", fixturesFile, "--port", "0"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let output = "";
      child.stderr.on("data", (d) => (output += d));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d) => {
          output += d;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`provider exited ${code}: ${output}`)));
      });
      try {
        expect(output).to.include(`Wrote the built-in seed to ${fixturesFile}`);
        expect(statSync(fixturesFile).mode & 0o777).to.equal(0o600);
        const run = await runCli(["--base-url", url, "--fixtures", fixturesFile]);
        expect(run.code, run.stdout + run.stderr).to.equal(0);
      } finally {
        child.kill("SIGTERM");
      }
      const [code] = await once(child, "exit");
      expect(code).to.equal(0);
    });

    it("serves an existing fixtures file as it is, and ends when asked to stop", async () => {
      const fixtures = defaultFixtures();
      const file = writeFixtures(fixtures);
      const stop = new AbortController();
      const lines: string[] = [];
      const io = {
        stdout: (line: string) => {
          lines.push(line);
          // Asked to stop as soon as it serves: the command must then close and answer 0.
          if (line.includes("listening on")) stop.abort();
        },
        stderr: (line: string) => lines.push(line),
        env: {},
        colour: false,
      };
      const code = await main(["provider", "--fixtures", file, "--port", "0"], io, { stop: stop.signal });
      expect(code, lines.join("\n")).to.equal(0);
      expect(lines.join("\n")).to.match(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(lines.join("\n")).not.to.include("Wrote the built-in seed");
      expect(lines.join("\n")).not.to.include(fixtures.authToken);
      expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal(fixtures);
    });

    const errors: [name: string, argv: (dir: string) => string[], message: RegExp][] = [
      ["no --fixtures", () => ["provider"], /--fixtures is required \(see participant-contract provider --help\)/],
      [
        "a port out of range",
        (d) => ["provider", "--fixtures", join(d, "f.json"), "--port", "65536"],
        /--port must be a TCP port number \(0: any free port\) from 0 to 65535, got "65536"/,
      ],
      [
        "a port that is not a number",
        (d) => ["provider", "--fixtures", join(d, "f.json"), "--port", "http"],
        /--port must be/,
      ],
      [
        "a fixtures file that is not JSON",
        (d) => {
          writeFileSync(join(d, "f.json"), "{nope");
          return ["provider", "--fixtures", join(d, "f.json")];
        },
        /fixtures file .* is not JSON/,
      ],
      [
        "a folder that does not exist",
        (d) => ["provider", "--fixtures", join(d, "no-such-folder", "f.json")],
        /cannot write the seed to \/.*\/no-such-folder\/f\.json: ENOENT/,
      ],
    ];
    for (const [name, argv, message] of errors) {
      it(`${name}: exit 2 with one line`, async () => {
        const run = await runCli(argv(tempDir()));
        expect(run.code).to.equal(2);
        expect(run.stderr)
          .to.match(/^error: [^\n]+$/)
          .and.to.match(message);
      });
    }
  });

  describe("npm start's entry (src/bin/start.ts)", () => {
    it("verifies the reference provider it starts: exit 0, a line per check, the summary", async function () {
      this.timeout(20_000);
      const { code, output } = await started;
      expect(code, output).to.equal(0);
      expect(output).to.match(/^Reference provider listening on http:\/\/127\.0\.0\.1:\d+\n/);
      expect(output).to.match(/\n(\d+) checks: \1 passed, 0 failed in [\d.]+ s against http:\/\/127\.0\.0\.1:\d+\n$/);
    });
  });
});
