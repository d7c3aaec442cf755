/**
 * The hostile cases of check and proxy (and a few of verify) that bench/hostile.ts runs
 * besides verify's table: hostile text for the step summary, smuggled framing, long and
 * many credentials, reports of 10,000 checks, deep and large contents, local limits, an
 * abandoned exchange, /dev/null, a closed stdout, several origins. Each is what a user
 * would run (the built command, through bash when a pipe or ulimit is part of it); a proxy
 * case drives clients through it, then stops it with SIGTERM. The same cases are tested
 * in tests/ (named beside each), with bounds; here the figures are exit, wall time, memory.
 */
import { writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { basicAuthorization } from "../src/core/credentials.js";
import { participantPath } from "../src/core/resource.js";
import { createProvider, defaultFixtures } from "../src/provider/index.js";
import { trafficHar } from "../tests/support/traffic-har.js";
import { serve, type TestServer, tempDir, writeFixtures } from "../tests/support/verify.js";

export const COMMAND = `${JSON.stringify(process.execPath)} dist/bin/participant-contract.js`;

export interface TrafficCase {
  name: string;
  /** Where it is tested. */
  test: string;
  /** A bash script that runs the command (`exec` it when the case signals it). */
  script: () => Promise<string> | string;
  env?: Record<string, string>;
  /** For a proxy: what its clients do once it listens at `url`; then it gets SIGTERM. */
  drive?: (url: string) => Promise<void>;
}

const fixtures = defaultFixtures();
const PATH = participantPath(fixtures.phone);
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const servers: TestServer[] = [];
const hostile = `<img src="https://attacker.example/i.png"></summary></details><h1>attacker</h1> https://attacker.example ![x](https://attacker.example/x.png)`;

/** A HAR file of the given traffic, written to a temporary folder. */
function harFile(
  name: string,
  options: Parameters<typeof trafficHar>[0],
  tamper?: (har: ReturnType<typeof trafficHar>) => void,
): string {
  const har = trafficHar(options);
  tamper?.(har);
  const path = join(tempDir(), `${name}.har`);
  writeFileSync(path, JSON.stringify(har));
  return path;
}

async function reference(): Promise<string> {
  const provider = createProvider({ fixtures });
  const server = await serve((req, res) => void provider.emit("request", req, res));
  servers.push(server);
  return server.url;
}

/** `count` GETs of the phone participant through the proxy, `atOnce` at a time, each with `authorization(i)`. */
async function clients(
  url: string,
  count: number,
  atOnce: number,
  authorization: (i: number) => string,
): Promise<void> {
  let next = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const i = next++;
      http
        .get(`${url}${PATH}`, { agent: false, headers: { authorization: authorization(i) } }, (res) => {
          res.resume();
          res.on("end", resolve);
          res.on("error", () => resolve());
        })
        .on("error", () => resolve());
    });
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next < count) await one();
    }),
  );
}

/** Raw bytes to the proxy; resolves when it answers or closes. */
function raw(url: string, bytes: string): Promise<void> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(bytes));
    socket.on("data", () => socket.end());
    socket.on("close", () => resolve());
    socket.on("error", () => resolve());
  });
}

const reports = (dir: string) =>
  `--json ${join(dir, "r.json")} --junit ${join(dir, "r.xml")} --html ${join(dir, "r.html")}`;

export const TRAFFIC_CASES: TrafficCase[] = [
  {
    name: "check: a HAR whose paths, answers and types hold <img>, </summary></details>, bare URLs; every report",
    test: "tests/unit/report/step-summary.test.ts",
    script: () => {
      const dir = tempDir();
      const file = harFile(
        "hostile",
        {
          count: 20,
          origins: ["https://attacker.example"],
          answer: () => ({ status: 500, text: hostile, mimeType: `text/html; ${hostile}` }),
        },
        (har) => {
          for (const entry of har.log.entries) entry.request.url += `?q=${hostile}`;
        },
      );
      return `GITHUB_STEP_SUMMARY=${join(dir, "summary.md")} ${COMMAND} check ${file} ${reports(dir)}`;
    },
  },
  {
    name: "check: a credential of 4,500 punctuation characters",
    test: "tests/unit/net/redact.test.ts",
    script: () =>
      `${COMMAND} check ${harFile("punctuation", { count: 10, authorization: () => `Bearer ${PUNCTUATION.repeat(141).slice(0, 4500)}` })}`,
  },
  {
    name: "check: 1,000 exchanges, each its own credential",
    test: "tests/unit/net/redact-properties.test.ts, npm run bench",
    script: () => `${COMMAND} check ${harFile("signing", { count: 1000, distinctCredentials: true })}`,
  },
  {
    name: "check: 10,000 failing exchanges, every report and a step summary",
    test: "npm run bench",
    script: () => {
      const dir = tempDir();
      return `GITHUB_STEP_SUMMARY=${join(dir, "summary.md")} ${COMMAND} check ${harFile("many", { count: 10_000 })} ${reports(dir)}`;
    },
  },
  {
    name: "proxy: 1,000 clients, each its own credential, then SIGTERM; every report",
    test: "tests/system/secrets/proxy-credentials.test.ts",
    script: async () => `exec ${COMMAND} proxy --upstream ${await reference()} --port 0 ${reports(tempDir())}`,
    drive: (url) => clients(url, 1000, 20, (i) => basicAuthorization(fixtures.accountSid, `token-${i}-${i * 7919}`)),
  },
  {
    name: "proxy: GET, DELETE, OPTIONS, HEAD with a chunked body hiding a request; TE with CL",
    test: "tests/system/traffic/proxy-framing.test.ts",
    script: async () => `exec ${COMMAND} proxy --upstream ${await reference()} --port 0`,
    drive: async (url) => {
      const hidden = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
      const body = `${hidden.length.toString(16)}\r\n${hidden}\r\n0\r\n\r\n`;
      for (const method of ["GET", "DELETE", "OPTIONS", "HEAD"])
        await raw(
          url,
          `${method} ${PATH} HTTP/1.1\r\nHost: c\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
        );
      await raw(
        url,
        `GET ${PATH} HTTP/1.1\r\nHost: c\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n${body}`,
      );
    },
  },
  {
    name: 'verify: a provider answering {"sid": 100,000 nested arrays}',
    test: "tests/system/hostile/depths.test.ts",
    script: async () => {
      const body = `{"sid": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
      const server = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      });
      servers.push(server);
      const dir = tempDir();
      return `${COMMAND} verify --base-url ${server.url} --fixtures ${writeFixtures(fixtures)} --timeout 20000 ${reports(dir)}`;
    },
  },
  {
    name: "check: a HAR answer of 8 MiB of base64",
    test: "tests/system/hostile/depths.test.ts",
    script: () =>
      `${COMMAND} check ${harFile("base64", { count: 1, answer: () => ({ status: 200, text: Buffer.alloc(6 * 1024 * 1024, "{").toString("base64"), encoding: "base64" }) })}`,
  },
  {
    name: "check: a HAR file at the 64 MiB cap (one answer of 63 MiB of base64)",
    test: "tests/system/hostile/depths.test.ts (sizes to 8 MiB)",
    script: () =>
      `${COMMAND} check ${harFile("cap", { count: 1, answer: () => ({ status: 200, text: Buffer.alloc(47 * 1024 * 1024, "{").toString("base64"), encoding: "base64" }) })}`,
  },
  {
    name: "check: HAR answers of JSON nested 200,000 deep",
    test: "tests/system/hostile/depths.test.ts",
    script: () =>
      `${COMMAND} check ${harFile("deep", { count: 5, answer: () => ({ status: 200, text: `{"sid": ${"[".repeat(200_000)}${"]".repeat(200_000)}}` }) })}`,
  },
  {
    name: "proxy under ulimit -n 60: 40 clients at once to an upstream that never answers, then SIGTERM",
    test: "tests/system/traffic/blame.test.ts",
    script: async () => {
      const held: net.Socket[] = [];
      const upstream = net.createServer((socket) => {
        held.push(socket);
        socket.on("error", () => undefined);
      });
      await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
      servers.push({
        url: "",
        close: async () => {
          for (const socket of held) socket.destroy();
          upstream.close();
        },
      });
      return `ulimit -n 60; exec ${COMMAND} proxy --upstream http://127.0.0.1:${(upstream.address() as net.AddressInfo).port} --port 0`;
    },
    drive: async (url) => {
      for (let i = 0; i < 40; i++)
        http.get(`${url}${PATH}`, { agent: false }, (res) => res.resume()).on("error", () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    },
  },
  {
    name: "proxy: a client that leaves mid-answer, then SIGTERM",
    test: "tests/system/traffic/blame.test.ts",
    script: async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"sid": "KP');
      });
      servers.push(server);
      return `exec ${COMMAND} proxy --upstream ${server.url} --port 0`;
    },
    drive: (url) =>
      new Promise((resolve) => {
        const req = http.get(`${url}${PATH}`, { agent: false }, (res) =>
          res.once("data", () => {
            req.destroy();
            setTimeout(resolve, 300);
          }),
        );
        req.on("error", () => undefined);
      }),
  },
  {
    name: "check: every report and the step summary to /dev/null",
    test: "tests/system/traffic/blame.test.ts, tests/system/hostile/hostile-cases.ts",
    script: () =>
      `GITHUB_STEP_SUMMARY=/dev/null ${COMMAND} check ${harFile("null", { count: 10 })} --json /dev/null --junit /dev/null --html /dev/null`,
  },
  {
    name: "check … | head -n 3 (stdout closed early)",
    test: "tests/system/traffic/blame.test.ts",
    script: () =>
      `set -o pipefail; ${COMMAND} check ${harFile("head", { count: 2000 })} --verbose | head -n 3 > /dev/null`,
  },
  {
    name: "check: exchanges recorded against two origins",
    test: "tests/system/traffic/blame.test.ts",
    script: () =>
      `${COMMAND} check ${harFile("origins", { count: 100, origins: ["https://proxy.twilio.com", "http://127.0.0.1:4010"] })} --verbose`,
  },
  {
    name: "proxy: its port in use",
    test: "tests/system/traffic/blame.test.ts",
    script: async () => {
      const taken = await serve(() => undefined);
      servers.push(taken);
      return `${COMMAND} proxy --upstream http://127.0.0.1:9 --port ${new URL(taken.url).port}`;
    },
  },
];

export async function closeTrafficServers(): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
}
