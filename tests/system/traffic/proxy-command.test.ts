/**
 * `participant-contract proxy --upstream URL -- COMMAND`: one CI step. The command runs with
 * PARTICIPANT_CONTRACT_PROXY_URL set to the proxy, the proxy stops when it exits (reports
 * written, the command's process gone), and the exit status is the command's failure, else
 * the verdict; an upstream that answers nothing at all is exit 2, as in verify. The proxy runs
 * in-process; the command is a real process (node), as a test runner would be.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../../src/cli/main.js";
import { PROXY_URL_VARIABLE, splitCommand } from "../../../src/cli/proxied-command.js";
import { participantPath } from "../../../src/core/resource.js";
import { type RunningProvider, startProvider } from "../../../src/provider/index.js";
import { fixtures } from "../../support/provider.js";
import { serve, tempDir, wrongSid } from "../../support/verify.js";
import { authorization } from "./support.js";

/** A test runner in one line: fetches the phone participant through the proxy, prints its pid and the status, exits `code`. */
function client(code: number, requests = 1): string[] {
  const script = `
    const url = process.env.${PROXY_URL_VARIABLE} + ${JSON.stringify(participantPath(fixtures.phone))};
    console.log("pid " + process.pid);
    for (let i = 0; i < ${requests}; i++) {
      const answer = await fetch(url, { headers: { authorization: ${JSON.stringify(authorization)} } });
      console.log("status " + answer.status);
    }
    process.exit(${code});`;
  return [process.execPath, "--input-type=module", "-e", script];
}

interface ProxyRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What the command printed. */
  command: string[];
}

async function proxy(argv: string[], stop?: AbortSignal, onLine?: (line: string) => void): Promise<ProxyRun> {
  const out: string[] = [];
  const err: string[] = [];
  const command: string[] = [];
  const code = await main(
    ["proxy", ...argv],
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: { PATH: process.env.PATH }, colour: false },
    {
      commandOutput: (line) => {
        command.push(line);
        onLine?.(line);
      },
      ...(stop ? { stop } : {}),
    },
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), command };
}

/** Whether a process is still running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("proxy -- COMMAND: the proxy around a test run, as one CI step", function () {
  this.timeout(20_000);
  let good: RunningProvider;
  let broken: RunningProvider;
  before(async () => {
    [good, broken] = await Promise.all([startProvider({ fixtures }), startProvider({ fixtures, mutation: wrongSid })]);
  });
  after(async () => Promise.all([good.close(), broken.close()]));

  const rows: { name: string; upstream: () => string; command: string[]; code: number; out: RegExp }[] = [
    {
      name: "the tests pass, the upstream keeps the contract: the verdict, 0",
      upstream: () => good.url,
      command: client(0),
      code: 0,
      out: /PASS {2}traffic +GET \/v1\/Services\/[\s\S]*the command \S+ .* exited 0[\s\S]*1 check: 1 passed, 0 failed/,
    },
    {
      name: "the tests pass, the upstream breaks the contract: the verdict, 1",
      upstream: () => broken.url,
      command: client(0),
      code: 1,
      out: /FAIL {2}traffic[\s\S]*exited 0[\s\S]*1 check: 0 passed, 1 failed/,
    },
    {
      name: "the tests fail (exit 3), the upstream keeps the contract: the tests' failure, 3",
      upstream: () => good.url,
      command: client(3),
      code: 3,
      out: /exited 3/,
    },
    {
      name: "the tests fail (exit 4) and the upstream breaks the contract: the tests' failure first, 4",
      upstream: () => broken.url,
      command: client(4),
      code: 4,
      out: /exited 4[\s\S]*1 failed/,
    },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      const dir = tempDir();
      const json = join(dir, "reports", "proxy.json");
      const run = await proxy(["--upstream", row.upstream(), "--port", "0", "--json", json, "--", ...row.command]);
      expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(row.code);
      expect(run.stdout).to.match(row.out);
      expect(run.stdout).to.match(
        new RegExp(`^Running \\S+ .* with ${PROXY_URL_VARIABLE}=http://127\\.0\\.0\\.1:\\d+$`, "m"),
      );
      expect(run.command).to.include("status 200");
      const pid = Number(/^pid (\d+)$/m.exec(run.command.join("\n"))?.[1]);
      expect(alive(pid), "the command's process is gone").to.equal(false);
      const report = JSON.parse(readFileSync(json, "utf8"));
      expect(report.checks).to.have.length(1);
      expect(report.exitCode).to.equal(row.code === 0 || row.code === 1 ? row.code : report.exitCode);
    });
  }

  it("an upstream that answers nothing at all: exit 2 and one line, whatever the tests did, the report written", async () => {
    const gone = await serve(() => undefined);
    await gone.close();
    const json = join(tempDir(), "proxy.json");
    const run = await proxy(["--upstream", gone.url, "--port", "0", "--json", json, "--", ...client(1, 2)]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(
      /^error: the upstream at http:\/\/127\.0\.0\.1:\d+ answered none of the 2 requests: cannot reach the upstream at .*: connection refused$/,
    );
    expect(run.command).to.include("status 502");
    expect(JSON.parse(readFileSync(json, "utf8"))).to.include({ exitCode: 2 });
  });

  it("a command that cannot start: exit 2, one line naming it, the report written", async () => {
    const json = join(tempDir(), "proxy.json");
    const run = await proxy(["--upstream", good.url, "--port", "0", "--json", json, "--", "no-such-test-runner-26"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal("error: cannot run no-such-test-runner-26: not found");
    expect(existsSync(json)).to.equal(true);
  });

  it("SIGTERM to the proxy goes to the command: it ends, the proxy reports and exits with its status (143)", async () => {
    const stop = new AbortController();
    const waiting = [
      process.execPath,
      "-e",
      `process.on("SIGTERM", () => process.exit(143)); setInterval(() => {}, 1000); console.log("pid " + process.pid);`,
    ];
    // Stopped once the command runs and handles SIGTERM (it prints its pid after installing the handler).
    const run = await proxy(["--upstream", good.url, "--port", "0", "--", ...waiting], stop.signal, (line) => {
      if (line.startsWith("pid ")) stop.abort("SIGTERM");
    });
    expect(run.code, run.stdout).to.equal(143);
    expect(run.stdout).to.match(/exited 143/);
  });

  const usage: [name: string, argv: string[], message: RegExp][] = [
    [
      "-- with nothing after it",
      ["--upstream", "http://127.0.0.1:9", "--"],
      /-- must be followed by the command to run/,
    ],
    ["no --upstream", ["--", "true"], /--upstream is required/],
  ];
  for (const [name, argv, message] of usage)
    it(`${name}: exit 2, one line`, async () => {
      const run = await proxy(argv);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(message).and.not.include("\n");
    });

  it("--help names the variable the command gets the proxy's URL in", async () => {
    const run = await proxy(["--help"]);
    expect(run.stdout).to.include(`-- COMMAND [ARGS…]`).and.include(PROXY_URL_VARIABLE);
  });

  const splits: [argv: string[], own: string[], command: string[] | undefined][] = [
    [["--upstream", "u"], ["--upstream", "u"], undefined],
    [
      ["--upstream", "u", "--", "npm", "test"],
      ["--upstream", "u"],
      ["npm", "test"],
    ],
    [
      ["--upstream", "u", "--", "sh", "-c", "a -- b"],
      ["--upstream", "u"],
      ["sh", "-c", "a -- b"],
    ],
    [["--", "node", "--", "x"], [], ["node", "--", "x"]],
  ];
  for (const [argv, own, command] of splits)
    it(`splits ${JSON.stringify(argv)} at the first --`, () =>
      expect(splitCommand(argv)).to.deep.equal(command ? { own, command } : { own }));
});
