/**
 * The hostile cases as a table, shared by tests/verify/hostile.test.ts (in-process, with
 * bounds) and bench/hostile.ts (each case in a process of its own: wall time and peak
 * memory). Each row's server misbehaves in one way; see the test file for the rules.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type http from "node:http";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { STATE_SETUP_PATH } from "../../../src/core/resource.js";
import { createProvider, defaultFixtures } from "../../../src/provider/index.js";
import { missingPath, serve, type TestServer, tempDir, writeFixtures } from "../../support/verify.js";

export const fixtures = defaultFixtures();
/**
 * For the cases that wait for the timeout: short, but long enough that the requests the case
 * does not mean to wait for (every live request shares it) are answered in time on a busy
 * machine; the cases run side by side, so the waits overlap.
 */
export const SHORT_MS = 2000;
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

/** The reference provider, every request its own. */
const referenceAlone = () =>
  referenceExcept(
    () => false,
    () => undefined,
  );

/** Writes `total` bytes of `fill`, a chunk at a time as the reader takes them; stops when the reader goes. */
/**
 * The size of the large body: twice the cap in the tests, enough to cross it (the reader
 * stops at the cap whatever follows); bench:hostile sets 20 MB to measure what memory a
 * far larger one costs.
 */
export const largeBody = { bytes: 2 * 1024 * 1024 };

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
  exit: 0 | 1 | 2;
  message: RegExp | ((url: string) => RegExp);
  /** Must not appear in the output (a library's internal message). */
  absent?: RegExp;
  /** Checked after the run: e.g. that a server the run must not reach saw nothing. */
  after?: () => void;
  /** The command's environment besides PATH (a broker token). */
  env?: Record<string, string>;
}

/** A broker token the output must never show, not even in part. */
export const BROKER_TOKEN = "pbtok-HOSTILE-7f3e9a1c55d04b2e-NEVER";

/** A participant path of the fixtures' phone participant: a pact can name it without a state. */
const phonePath = `/v1/Services/${fixtures.phone.serviceSid}/Sessions/${fixtures.phone.sessionSid}/Participants/${fixtures.phone.participantSid}`;

/** A pact of the given interactions, written to a file of its own. */
function pactFile(interactions: unknown[]): string {
  const file = join(tempDir(), "third-party.json");
  writeFileSync(
    file,
    JSON.stringify({
      consumer: { name: "third-party" },
      provider: { name: "twilio-proxy-participants" },
      interactions,
      metadata: { pactSpecification: { version: "3.0.0" } },
    }),
  );
  return file;
}

const statelessGet = {
  description: "a GET without provider states",
  request: { method: "GET", path: phonePath, headers: { Authorization: "Basic eDp5" } },
  response: { status: 200 },
};

/**
 * A Pact Broker in a few lines: its index, its for-verification list (`pacts`, whatever
 * shape a case gives it), and what it answers to anything else. Enough to reach each
 * hostile answer; the full double is tests/support/broker-double.ts.
 */
function hostileBroker(
  pacts: (base: string) => unknown,
  other: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(404, json);
    res.end("{}");
  },
): Promise<TestServer> {
  let base = "";
  return serve((req, res) => {
    if (req.url === "/") {
      res.writeHead(200, json);
      return res.end(
        JSON.stringify({
          _links: { "pb:provider-pacts-for-verification": { href: `${base}/for-verification/{provider}` } },
        }),
      );
    }
    if (req.url?.startsWith("/for-verification/")) {
      res.writeHead(200, json);
      return res.end(JSON.stringify(pacts(base)));
    }
    other(req, res);
  }).then((server) => {
    base = server.url;
    return server;
  });
}

function brokerArgs(broker: string, fixturesFile: string): string[] {
  return [
    // Never reached: the broker's answer stops the run first.
    "--base-url",
    "http://127.0.0.1:9",
    "--fixtures",
    fixturesFile,
    "--broker-url",
    broker,
    "--provider-version",
    "1.0.0",
    "--timeout",
    String(LONG_MS),
  ];
}

/** What a server the run must not reach has seen. */
const elsewhere = { hits: 0, authorization: [] as string[] };
const stateCalls: string[] = [];
const sentToProvider: string[] = [];
const reports: { json?: string } = {};

/** A path that exists and is a FIFO: opening it for writing would block until someone reads. */
function fifo(): string {
  const path = join(tempDir(), "report.fifo");
  execFileSync("mkfifo", [path]);
  return path;
}

/** JSON nested `depth` levels deep, as text: parses, but overflows anything that walks it recursively. */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

const json = { "content-type": "application/json" };
const redirectTarget = { hits: 0 };
const seen = { taken: 0, passed: 0 };
/** The broker case's other origin, where it links: its URL names it in the expected message. */
let brokerElsewhere = "";

/** A case's server together with one more it needs (the origin a redirect or a link points at): closed together. */
async function withTarget(target: TestServer, main: TestServer | Promise<TestServer>): Promise<TestServer> {
  const server = await main;
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await target.close();
    },
  };
}

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
    name: "a body past the 1 MiB cap",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, json);
        stream(res, largeBody.bytes);
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
      const target = await serve((_req, res) => {
        redirectTarget.hits++;
        res.writeHead(200, json);
        res.end("{}");
      });
      return withTarget(
        target,
        referenceExcept(isPactRequest, (req, res) => {
          res.writeHead(302, { location: `${target.url}${req.url}` });
          res.end();
        }),
      );
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
    args: ({ url }) => ["--base-url", url, "--fixtures", missingPath("fixtures.json")],
    exit: 2,
    message: /cannot read fixtures file \/.*\/missing\/fixtures\.json: no such file/,
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
  {
    name: "a broker linking a pact on another origin",
    server: async () => {
      const target = await serve((req, res) => {
        elsewhere.hits++;
        elsewhere.authorization.push(String(req.headers.authorization));
        res.writeHead(200, json);
        res.end("{}");
      });
      brokerElsewhere = target.url;
      return withTarget(
        target,
        hostileBroker(() => ({ _embedded: { pacts: [{ _links: { self: { href: `${target.url}/pacts/1` } } }] } })),
      );
    },
    args: ({ url, fixturesFile }) => brokerArgs(url, fixturesFile),
    env: { PACT_BROKER_TOKEN: BROKER_TOKEN },
    exit: 2,
    message: () => new RegExp(`linked to another origin, ${brokerElsewhere}: refused.*--allow-broker-origin`, "m"),
    after: () => expect(elsewhere.hits, "requests sent to the other origin").to.equal(0),
  },
  {
    name: "a broker error message with the token past 200 characters",
    // The token at characters 190 to 226 of the message: the old cut at 200 printed its first 10.
    server: () =>
      serve((_req, res) => {
        res.writeHead(500, json);
        res.end(JSON.stringify({ error: { message: `${"x".repeat(190)}${BROKER_TOKEN} and more` } }));
      }),
    args: ({ url, fixturesFile }) => brokerArgs(url, fixturesFile),
    env: { PACT_BROKER_TOKEN: BROKER_TOKEN },
    exit: 2,
    message: /Pact Broker refused GET .*: HTTP 500: x{190}\[redacted\] and more/,
    absent: new RegExp(BROKER_TOKEN.slice(0, 8)),
  },
  {
    name: "a broker message that forges a line and a workflow command",
    server: () =>
      serve((_req, res) => {
        res.writeHead(500, json);
        res.end(JSON.stringify({ error: "bad\n::error title=forged::PASS\r\n\u001b[2K  PASS  everything" }));
      }),
    args: ({ url, fixturesFile }) => brokerArgs(url, fixturesFile),
    exit: 2,
    // The line breaks are gone (folded to spaces, or escaped), the ESC shows as text: one line, no command.
    message: /HTTP 500: bad ::error title=forged::PASS \\u001b\[2K {2}PASS {2}everything$/m,
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is exactly what must be absent.
    absent: /^\s*::|\u001b/m,
  },
  {
    name: "a broker listing pacts as something that is not a list",
    server: () => hostileBroker(() => ({ _embedded: { pacts: { map: "not a function" } } })),
    args: ({ url, fixturesFile }) => brokerArgs(url, fixturesFile),
    exit: 2,
    message: /the Pact Broker's list of pacts has an _embedded\.pacts that is not a list/,
  },
  {
    name: "a broker answering JSON nested 100,000 deep",
    server: () =>
      serve((_req, res) => {
        res.writeHead(200, json);
        res.end(deepJson(100_000));
      }),
    args: ({ url, fixturesFile }) => brokerArgs(url, fixturesFile),
    exit: 2,
    message: /Pact Broker answered GET .* with a body that is JSON nested deeper than 128 levels/,
  },
  {
    name: "a state-setup endpoint answering JSON nested 10,000 deep",
    server: () =>
      referenceExcept(
        (req) => req.url === "/state",
        (_req, res) => {
          res.writeHead(200, json);
          res.end(deepJson(10_000));
        },
      ),
    args: ({ url }) => stateSetupArgs(url, LONG_MS),
    exit: 2,
    message: (url) =>
      new RegExp(
        `^error: state setup ${url} answered the setup of state ".*" with JSON nested deeper than 128 levels$`,
        "m",
      ),
  },
  {
    name: "a pact whose interactions DELETE a participant and POST a message",
    server: () =>
      referenceExcept(
        // HEAD is the reference's own (the live probes send it); what the pact asks must never arrive.
        (req) => req.method === "DELETE" || req.method === "POST",
        (req, res) => {
          sentToProvider.push(`${req.method} ${req.url}`);
          res.writeHead(204);
          res.end();
        },
      ),
    args: ({ url, fixturesFile }) => [
      "--base-url",
      url,
      "--fixtures",
      fixturesFile,
      "--pacts",
      pactFile([
        {
          description: "deletes a participant",
          request: { method: "DELETE", path: phonePath, headers: { Authorization: "Basic eDp5" } },
          response: { status: 204 },
        },
        {
          description: "sends a message",
          request: {
            method: "POST",
            path: `/2010-04-01/Accounts/${fixtures.accountSid}/Messages.json`,
            headers: { Authorization: "Basic eDp5" },
            body: "To=%2B15555550100&Body=hi",
          },
          response: { status: 201 },
        },
        statelessGet,
      ]),
    ],
    exit: 0,
    message:
      /SKIP {2}pact +third-party: deletes a participant \(not sent: DELETE \/v1\/Services\/.* is outside this contract[\s\S]*SKIP {2}pact +third-party: sends a message \(not sent: POST \/2010-04-01\//,
    after: () => expect(sentToProvider, "requests outside the contract that reached the provider").to.deep.equal([]),
  },
  {
    name: "a pact without provider states, with the fixtures",
    server: () => referenceAlone(),
    args: ({ url, fixturesFile }) => [
      "--base-url",
      url,
      "--fixtures",
      fixturesFile,
      "--pacts",
      pactFile([statelessGet]),
      "--verbose",
    ],
    exit: 0,
    message: /PASS {2}pact +third-party: a GET without provider states/,
  },
  {
    name: "a pact without provider states, with a state-setup endpoint",
    server: async () => {
      // The reference answers every state; a wrapper in front records which states were asked for.
      const reference = await referenceAlone();
      const front = await serve((req, res) => {
        if (req.url !== "/state") return proxyTo(reference.url, req, res);
        req.url = STATE_SETUP_PATH;
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
          stateCalls.push(String(JSON.parse(body).state));
          proxyTo(reference.url, req, res, body);
        });
      });
      return { url: front.url, close: async () => void (await Promise.all([front.close(), reference.close()])) };
    },
    args: ({ url }) => [...stateSetupArgs(url, LONG_MS), "--pacts", pactFile([statelessGet]), "--verbose"],
    exit: 0,
    message: /PASS {2}pact +third-party: a GET without provider states/,
    after: () => {
      expect(stateCalls, "the suite's own states were set up").to.include(
        "a participant with a phone number identifier exists",
      );
      expect(stateCalls, "state calls for an interaction without states").not.to.include("");
    },
  },
  {
    name: "a JUnit report path that is a FIFO",
    args: ({ url, fixturesFile }) => {
      reports.json = join(tempDir(), "report.json");
      return ["--base-url", url, "--fixtures", fixturesFile, "--junit", fifo(), "--json", reports.json];
    },
    exit: 2,
    message: /^error: cannot write the JUnit report to .*report\.fifo: it is a FIFO, not a regular file$/m,
    after: () => {
      expect(existsSync(reports.json ?? ""), "the JSON report, written independently").to.equal(true);
      expect(JSON.parse(readFileSync(reports.json ?? "", "utf8")).error).to.match(/it is a FIFO/);
    },
  },
  {
    name: "a JSON report path that is a directory",
    args: ({ url, fixturesFile }) => {
      const dir = join(tempDir(), "out");
      mkdirSync(dir);
      return ["--base-url", url, "--fixtures", fixturesFile, "--json", dir];
    },
    exit: 2,
    message: /^error: cannot write the JSON report to .*out: it is a directory, not a regular file$/m,
  },
  {
    name: "a JUnit report path that is a device other than /dev/null",
    args: ({ url, fixturesFile }) => ["--base-url", url, "--fixtures", fixturesFile, "--junit", "/dev/zero"],
    exit: 2,
    message: /^error: cannot write the JUnit report to \/dev\/zero: it is a device, not a regular file$/m,
  },
  {
    name: "every report sent to /dev/null (reports not wanted)",
    server: () => referenceAlone(),
    args: ({ url, fixturesFile }) => [
      "--base-url",
      url,
      "--fixtures",
      fixturesFile,
      "--junit",
      "/dev/null",
      "--json",
      "/dev/null",
      "--html",
      "/dev/null",
    ],
    env: { GITHUB_STEP_SUMMARY: "/dev/null" },
    exit: 0,
    message: /^PASS {2}every check passed$/m,
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
      // The generated part meets every hostile provider too, with a few requests: its paths, cheaply.
      "--explore",
      "20",
    ]
  );
}

/** Forwards a request to the reference server, with a body already read when given. */
function proxyTo(target: string, req: http.IncomingMessage, res: http.ServerResponse, body?: string): void {
  const url = new URL(req.url ?? "/", target);
  const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => res.destroy());
  if (body !== undefined) upstream.end(body);
  else req.pipe(upstream);
}
