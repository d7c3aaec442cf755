/**
 * The hostile cases as a table, shared by tests/verify/hostile.test.ts (in-process, with
 * bounds) and bench/hostile.ts (each case in a process of its own: wall time and peak
 * memory). Each row's server misbehaves in one way; see the test file for the rules.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type http from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { createProvider, defaultFixtures } from "../../../src/provider/index.js";
import { serve, type TestServer, tempDir, writeFixtures } from "../../support/verify.js";

export const fixtures = defaultFixtures();
/** For the cases that wait for the timeout. */
export const SHORT_MS = 600;
/** For every other case: never waited for, so a busy machine cannot make it fire. */
export const LONG_MS = 20_000;
/** What a run may take beyond the waits it is bound to: loading, the pact worker, a busy machine. */
export const SLACK_MS = 8000;

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

/** Credentials only, and the states from the server's own `/state`. */
function stateSetupArgs(url: string, timeoutMs: number): string[] {
  const credentials = writeFixtures({ accountSid: fixtures.accountSid, authToken: fixtures.authToken });
  return [
    "--base-url",
    url,
    "--state-setup-url",
    `${url}/state`,
    "--fixtures",
    credentials,
    "--timeout",
    String(timeoutMs),
  ];
}

export interface HostileCase {
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
export const extraServers: { target?: TestServer } = {};

export const CASES: HostileCase[] = [
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
    message: /body: must be at most 1048576 bytes/,
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
    message: /FAIL {2}pact .*\n.*body: must be at most 1048576 bytes/,
  },
  {
    name: "a redirect to another origin, for the pact requests only",
    server: async () => {
      extraServers.target = await serve((_req, res) => {
        redirectTarget.hits++;
        res.writeHead(200, json);
        res.end("{}");
      });
      const elsewhere = extraServers.target.url;
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
      /header content-type: must be application\/json .*, got "text\/html"[\s\S]*body: must be JSON, got "<!doctype html>/,
  },
  {
    name: "invalid UTF-8",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, json);
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
    name: "a state-setup endpoint whose answer never ends",
    server: () =>
      referenceExcept(
        (req) => req.url === "/state",
        (_req, res) => {
          res.writeHead(200, json);
          stream(res, Number.MAX_SAFE_INTEGER);
        },
      ),
    args: ({ url }) => stateSetupArgs(url, LONG_MS),
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
    args: ({ url }) => stateSetupArgs(url, SHORT_MS),
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

/** The command-line arguments of a case, as the test and the bench run it. */
export function argsOf(c: HostileCase, url: string, fixturesFile: string): string[] {
  return (
    c.args?.({ url, fixturesFile }) ?? [
      "--base-url",
      url,
      "--fixtures",
      fixturesFile,
      "--timeout",
      String(c.timeoutMs ?? LONG_MS),
      // Every finding of every check, as each finishes: the messages name them.
      "--verbose",
    ]
  );
}
