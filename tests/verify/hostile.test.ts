/**
 * Implementations that misbehave, and inputs that are broken: each run ends within its
 * bound, with exit 2 (the checks could not run) or 1 (the implementation answered,
 * wrongly), one line of cause naming the implementation (never the suite's own pact
 * proxy), no stack trace, no token, no library's internal message.
 *
 * No case depends on the machine's speed: a case that must hit the timeout uses a short
 * one (it waits for it anyway); every other case gets a long one it never waits for,
 * and its servers cost only what the suite reads (bodies are streamed on demand).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import type http from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { createProvider, defaultFixtures } from "../../src/provider/index.js";
import { hasStackTrace, runCli, serve, type TestServer, tempDir, writeFixtures } from "./support.js";

const fixtures = defaultFixtures();
/** For the cases that wait for the timeout. */
const SHORT_MS = 600;
/** For every other case: never waited for, so a busy machine cannot make it fire. */
const LONG_MS = 20_000;
/** What a run may take beyond the waits it is bound to: loading, the pact worker, a busy machine. */
const SLACK_MS = 8000;

/**
 * The pact verifier's requests reach the implementation through the suite's proxy with
 * the verifier's own `Accept-Encoding: gzip,deflate`; the live checks send
 * `gzip, deflate, br`. Only these tests need to tell them apart.
 */
const isPactRequest = (req: http.IncomingMessage) => req.headers["accept-encoding"] === "gzip,deflate";

/** The reference provider for every request the handler does not take. */
function referenceExcept(
  take: (req: http.IncomingMessage) => boolean,
  handler: http.RequestListener,
  seen?: { taken: number; passed: number },
): Promise<TestServer> {
  const reference = createProvider({ fixtures });
  return serve((req, res) => {
    if (take(req)) {
      if (seen) seen.taken++;
      handler(req, res);
    } else {
      if (seen) seen.passed++;
      reference.emit("request", req, res);
    }
  });
}

/** Writes `total` bytes of `fill`, a chunk at a time as the reader takes them; stops when the reader goes. */
function stream(res: http.ServerResponse, total: number, fill = "a", chunk = 64 * 1024) {
  const block = Buffer.alloc(chunk, fill);
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk;
      if (!res.write(block)) return void res.once("drain", pump);
    }
    res.end();
  };
  res.on("close", () => {
    sent = total;
  });
  pump();
}

interface HostileCase {
  name: string;
  /** A server to point --base-url at; omitted for cases about inputs. */
  server?: () => Promise<TestServer>;
  args?: (ctx: { url: string; fixturesFile: string }) => string[];
  /** The timeout the case runs with; LONG_MS unless the case waits for it. */
  timeoutMs?: number;
  exit: 1 | 2;
  message: RegExp | ((url: string) => RegExp);
  /** Must not appear in the output (a library's internal message). */
  absent?: RegExp;
  /** Checked after the run: e.g. that a server the run must not reach saw nothing. */
  after?: () => void;
}

const json = { "content-type": "application/json" };
const redirectTarget = { hits: 0 };
const seen = { taken: 0, passed: 0 };
let target: TestServer | undefined;

const CASES: HostileCase[] = [
  {
    name: "connection refused",
    server: async () => {
      const s = await serve(() => undefined);
      await s.close();
      return { url: s.url, close: async () => undefined };
    },
    exit: 2,
    message: (url) => new RegExp(`cannot reach the provider at ${url}: connection refused`),
  },
  {
    name: "a provider that accepts and never answers",
    server: () => serve(() => undefined),
    timeoutMs: SHORT_MS,
    exit: 2,
    message: (url) => new RegExp(`^error: the provider at ${url} did not answer within ${SHORT_MS} ms$`, "m"),
  },
  {
    name: "a provider that never answers the pact requests only",
    server: () => referenceExcept(isPactRequest, () => undefined, seen),
    timeoutMs: SHORT_MS,
    exit: 2,
    // The provider's own URL: not the port of the suite's proxy in between.
    message: (url) => new RegExp(`^error: the provider at ${url} did not answer within ${SHORT_MS} ms$`, "m"),
    after: () => expect(seen.taken, "pact requests reached the provider").to.be.greaterThan(0),
  },
  {
    name: "a body that trickles and never ends",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, json);
        const timer = setInterval(() => res.write("{"), 50);
        res.on("close", () => clearInterval(timer));
      }),
    timeoutMs: SHORT_MS,
    exit: 2,
    message: new RegExp(`did not answer within ${SHORT_MS} ms`),
  },
  {
    name: "a connection closed mid-body",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, { ...json, "content-length": "1000" });
        res.write('{"sid": "KP');
        setTimeout(() => res.destroy(), 10);
      }),
    exit: 2,
    message: /closed the connection before answering in full/,
    absent: /double callback|superagent/,
  },
  {
    name: "a 20 MB body",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, json);
        stream(res, 20 * 1024 * 1024);
      }),
    exit: 1,
    message: /body \(body\): must be at most 1048576 bytes/,
  },
  {
    name: "a gzip bomb served to the pact requests only",
    server: () => {
      // 64 MB of JSON-ish text in about 64 KB on the wire: only its decoded size counts.
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, " "));
      return referenceExcept(isPactRequest, (_req, res) => {
        res.writeHead(200, { ...json, "content-encoding": "gzip" });
        res.end(bomb);
      });
    },
    exit: 1,
    message: /FAIL {2}pact .*\n.*body \(body\): must be at most 1048576 bytes/,
  },
  {
    name: "a redirect to another origin, for the pact requests only",
    server: async () => {
      target = await serve((_req, res) => {
        redirectTarget.hits++;
        res.writeHead(200, json);
        res.end("{}");
      });
      const elsewhere = target.url;
      return referenceExcept(isPactRequest, (req, res) => {
        res.writeHead(302, { location: `${elsewhere}${req.url}` });
        res.end();
      });
    },
    exit: 1,
    message: /FAIL {2}pact [\s\S]*location: is not followed: a redirect is not the resource/,
    after: () => expect(redirectTarget.hits, "requests that followed the redirect").to.equal(0),
  },
  {
    name: "an HTML page where JSON was due",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<!doctype html><title>Welcome to nginx!</title>");
      }),
    exit: 1,
    message:
      /header content-type: must match .*, got "text\/html"[\s\S]*body \(body\): must be JSON, got "<!doctype html>/,
  },
  {
    name: "invalid UTF-8",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, json);
        res.end(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
      }),
    exit: 1,
    message: /body \(body\): must be UTF-8/,
  },
  {
    name: "a redirect loop",
    server: () =>
      serve((req, res) => {
        res.writeHead(302, { location: req.url });
        res.end();
      }),
    exit: 1,
    message: /status status: must be 200, got 302/,
  },
  {
    name: "a state-setup endpoint whose answer never ends",
    server: () =>
      referenceExcept(
        (req) => req.url === "/state",
        (_req, res) => {
          res.writeHead(200, json);
          stream(res, Number.MAX_SAFE_INTEGER);
        },
      ),
    args: ({ url }) => [
      "--base-url",
      url,
      "--state-setup-url",
      `${url}/state`,
      "--fixtures",
      writeFixtures({ accountSid: fixtures.accountSid, authToken: fixtures.authToken }),
      "--timeout",
      String(LONG_MS),
    ],
    exit: 2,
    message: (url) =>
      new RegExp(`^error: state setup ${url} answered the setup of state ".*" with over 65536 bytes$`, "m"),
  },
  {
    name: "a state-setup endpoint that never answers",
    server: () =>
      referenceExcept(
        (req) => req.url === "/state",
        () => undefined,
      ),
    args: ({ url }) => [
      "--base-url",
      url,
      "--state-setup-url",
      `${url}/state`,
      "--fixtures",
      writeFixtures({ accountSid: fixtures.accountSid, authToken: fixtures.authToken }),
      "--timeout",
      String(SHORT_MS),
    ],
    timeoutMs: SHORT_MS,
    exit: 2,
    message: (url) => new RegExp(`^error: state setup ${url} did not answer within ${SHORT_MS} ms$`, "m"),
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
  {
    name: "a pact naming a state the fixtures cannot resolve",
    args: ({ url, fixturesFile }) => {
      const file = join(tempDir(), "third-party.json");
      const pact = JSON.parse(
        readFileSync(join("contracts", "participant-client-twilio-proxy-participants.json"), "utf8"),
      );
      pact.interactions[0].providerStates = [{ name: "Participant KP1 is active", params: {} }];
      writeFileSync(file, JSON.stringify(pact));
      return ["--base-url", url, "--fixtures", fixturesFile, "--pacts", file];
    },
    exit: 2,
    message:
      /provider state "Participant KP1 is active", which the fixtures cannot resolve: give --state-setup-url URL .* or add it to the fixtures' "states" map/,
  },
];

describe("hostile conditions", () => {
  const fixturesFile = writeFixtures(fixtures);
  after(() => target?.close());

  for (const c of CASES) {
    it(`${c.name}: exit ${c.exit}, one line, within its bound`, async function () {
      const timeoutMs = c.timeoutMs ?? LONG_MS;
      // A case that waits: at most a few waits of its timeout; any other: never a wait, only the slack.
      const bound = (c.timeoutMs ? 3 * c.timeoutMs : 0) + SLACK_MS;
      this.timeout(bound + 5000);
      const server = c.server ? await c.server() : { url: "http://127.0.0.1:9", close: async () => undefined };
      try {
        const args = c.args?.({ url: server.url, fixturesFile }) ?? [
          "--base-url",
          server.url,
          "--fixtures",
          fixturesFile,
          "--timeout",
          String(timeoutMs),
        ];
        const run = await runCli(args);
        const output = `${run.stdout}\n${run.stderr}`;
        expect(run.code, output).to.equal(c.exit);
        expect(output).to.match(typeof c.message === "function" ? c.message(server.url) : c.message);
        if (c.exit === 2) expect(run.stderr.split("\n"), run.stderr).to.have.length(1);
        if (c.absent) expect(output).not.to.match(c.absent);
        expect(hasStackTrace(output), output).to.equal(false);
        expect(output).not.to.include(fixtures.authToken);
        expect(output).not.to.include("unexpected");
        expect(run.ms).to.be.below(bound);
        c.after?.();
      } finally {
        await server.close();
      }
    });
  }
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

async function until(condition: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

function startVerify(url: string, timeoutMs: number, marker: string) {
  return spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/bin/verify.ts",
      "--base-url",
      url,
      "--fixtures",
      writeFixtures(fixtures),
      "--timeout",
      String(timeoutMs),
    ],
    { env: { ...process.env, [marker]: "1" }, stdio: ["ignore", "pipe", "pipe"] },
  );
}

describe("the verify command as a process", () => {
  it("ends on a provider that never answers: exit 2, one line on stderr, no process left behind", async function () {
    this.timeout(30_000);
    const server = await serve(() => undefined);
    // A marker in the environment, inherited by every process the command starts.
    const marker = `CONTRACT_TEST_${process.pid}_${Date.now()}`;
    try {
      const started = performance.now();
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = startVerify(server.url, SHORT_MS, marker);
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
      expect(performance.now() - started).to.be.below(3 * SHORT_MS + SLACK_MS + 4000);
      expect(await until(() => processesWith(marker).length === 0, 3000), "processes left running").to.equal(true);
    } finally {
      await server.close();
    }
  });

  it("killed mid-run, leaves no pact worker behind", async function () {
    this.timeout(30_000);
    const server = await serve(() => undefined);
    const marker = `CONTRACT_TEST_${process.pid}_${Date.now()}_killed`;
    try {
      const child = startVerify(server.url, LONG_MS, marker);
      // The command and its forked worker both running: then kill the command, as a CI runner does.
      expect(await until(() => processesWith(marker).length >= 2, 20_000), "the worker started").to.equal(true);
      child.kill("SIGKILL");
      expect(await until(() => processesWith(marker).length === 0, 3000), "processes left running").to.equal(true);
    } finally {
      await server.close();
    }
  });
});
