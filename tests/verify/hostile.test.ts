/**
 * Implementations that misbehave, and inputs that are broken: each run ends within
 * its timeout plus a little, with exit 2 (the checks could not run) or 1 (the
 * implementation answered, wrongly), one line of cause, no stack trace and no token.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { defaultFixtures } from "../../src/provider/index.js";
import { hasStackTrace, runCli, serve, type TestServer, tempDir, writeFixtures } from "./support.js";

const fixtures = defaultFixtures();
const TIMEOUT_MS = 600;
/** Start-up of the pact worker and the run itself, on a slow CI machine. */
const SLACK_MS = 4000;

interface HostileCase {
  name: string;
  /** A server to point --base-url at; omitted for cases about inputs. */
  server?: () => Promise<TestServer>;
  args?: (ctx: { url: string; fixturesFile: string }) => string[];
  exit: 1 | 2;
  message: RegExp;
  /** Extra time this case may take: the pact verifier reads every oversized body in full. */
  extraMs?: number;
}

const megabytes = (n: number) => Buffer.alloc(n * 1024 * 1024, "a");

const CASES: HostileCase[] = [
  {
    name: "connection refused",
    server: async () => {
      const s = await serve(() => undefined);
      await s.close();
      return { url: s.url, close: async () => undefined };
    },
    exit: 2,
    message: /cannot reach the provider at http:\/\/127\.0\.0\.1:\d+: connection refused/,
  },
  {
    name: "a provider that accepts and never answers",
    server: () => serve(() => undefined),
    exit: 2,
    message: new RegExp(`did not answer within ${TIMEOUT_MS} ms`),
  },
  {
    name: "a 20 MB body",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(megabytes(20));
      }),
    exit: 1,
    message: /body: must be at most \d+ bytes/,
    extraMs: 6000,
  },
  {
    name: "an HTML page where JSON was due",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<!doctype html><title>Welcome to nginx!</title>");
      }),
    exit: 1,
    message: /header content-type: must match .*, got "text\/html"[\s\S]*body: must be JSON, got "<!doctype html>/,
  },
  {
    name: "invalid UTF-8",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      }),
    exit: 1,
    message: /body: must be UTF-8/,
  },
  {
    name: "a redirect loop",
    server: () =>
      serve((req, res) => {
        res.writeHead(302, { location: req.url });
        res.end();
      }),
    exit: 1,
    message: /status: must be 200, got 302/,
  },
  {
    name: "a fixtures file that is missing",
    args: ({ url }) => ["--base-url", url, "--fixtures", "/nonexistent/fixtures.json"],
    exit: 2,
    message: /cannot read fixtures file \/nonexistent\/fixtures\.json: no such file/,
  },
  {
    name: "a fixtures file that is not JSON",
    args: ({ url }) => ["--base-url", url, "--fixtures", writeFixtures("{ accountSid: AC")],
    exit: 2,
    message: /fixtures file .* is not JSON/,
  },
  {
    name: "a fixtures file with a malformed SID",
    args: ({ url }) => [
      "--base-url",
      url,
      "--fixtures",
      writeFixtures({ ...fixtures, phone: { ...fixtures.phone, participantSid: "KP123" } }),
    ],
    exit: 2,
    message: /fixtures file .* is invalid: phone\.participantSid: must be at least 34 characters, got "KP123"/,
  },
  {
    name: "a corrupt pact file",
    args: ({ url, fixturesFile }) => {
      const dir = tempDir();
      writeFileSync(join(dir, "broken.json"), '{"consumer": {"name": "x"}, "interactions": [');
      return ["--base-url", url, "--fixtures", fixturesFile, "--pacts", dir];
    },
    exit: 2,
    message: /pact file .*broken\.json is not a valid pact: not JSON/,
  },
];

describe("hostile conditions", () => {
  const fixturesFile = writeFixtures(fixtures);

  for (const c of CASES) {
    it(`${c.name}: exit ${c.exit}, one line, within the timeout`, async function () {
      this.timeout(TIMEOUT_MS * 2 + SLACK_MS + (c.extraMs ?? 0) + 5000);
      const server = c.server ? await c.server() : { url: "http://127.0.0.1:9", close: async () => undefined };
      try {
        const args = c.args?.({ url: server.url, fixturesFile }) ?? [
          "--base-url",
          server.url,
          "--fixtures",
          fixturesFile,
          "--timeout",
          String(TIMEOUT_MS),
        ];
        const run = await runCli(args);
        const output = `${run.stdout}\n${run.stderr}`;
        expect(run.code, output).to.equal(c.exit);
        expect(output).to.match(c.message);
        if (c.exit === 2) expect(run.stderr.split("\n"), run.stderr).to.have.length(1);
        expect(hasStackTrace(output), output).to.equal(false);
        expect(output).not.to.include(fixtures.authToken);
        expect(run.ms).to.be.below(TIMEOUT_MS * 2 + SLACK_MS + (c.extraMs ?? 0));
      } finally {
        await server.close();
      }
    });
  }
});

describe("the verify command as a process", () => {
  it("ends on a provider that never answers: exit 2, one line on stderr, no process left behind", async function () {
    this.timeout(20_000);
    const server = await serve(() => undefined);
    // A marker in the environment, inherited by every process the command starts.
    const marker = `CONTRACT_TEST_${process.pid}_${Date.now()}`;
    try {
      const started = performance.now();
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            "src/bin/participant-contract.ts",
            "--base-url",
            server.url,
            "--fixtures",
            writeFixtures(fixtures),
            "--timeout",
            String(TIMEOUT_MS),
          ],
          { env: { ...process.env, GITHUB_STEP_SUMMARY: "", [marker]: "1" }, stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stderr.trim().split("\n"), result.stderr).to.have.length(1);
      expect(result.stderr).to.match(/^error: the provider at .* did not answer within 600 ms/);
      expect(hasStackTrace(result.stdout + result.stderr)).to.equal(false);
      expect(performance.now() - started).to.be.below(TIMEOUT_MS * 2 + SLACK_MS + 2000);
      expect(processesWith(marker), "processes left running").to.deep.equal([]);
    } finally {
      await server.close();
    }
  });
});

/** PIDs of live processes whose environment holds the marker (Linux /proc). */
function processesWith(marker: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "latin1").includes(`${marker}=`);
      } catch {
        return false;
      }
    })
    .map(Number);
}
