/**
 * Each hostile case run as a user runs it: verify's table (tests/system/hostile/
 * hostile-cases.ts), then check's and proxy's (bench/hostile-traffic.ts), each command in
 * a process of its own, timed, with its peak memory (GNU time's maximum resident set,
 * which covers the pact worker verify forks and every process of a pipeline). A proxy is
 * driven by clients, then stopped with SIGTERM. `npm run bench:hostile` (after npm run build).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createProvider } from "../src/provider/index.js";
import { serve, tempDir, writeFixtures } from "../tests/support/verify.js";
import { argsOf, CASES, fixtures, largeBody } from "../tests/system/hostile/hostile-cases.js";
import { COMMAND, closeTrafficServers, TRAFFIC_CASES } from "./hostile-traffic.js";

// The memory a far larger body than the cap costs, where the tests only need to cross it.
largeBody.bytes = 20 * 1024 * 1024;

interface Row {
  name: string;
  exit: number | null;
  ms: number;
  peakMb: number;
}

/** The pid of the process GNU time runs (its only child), once it has one. */
function childOf(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0]) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A bash script under GNU time: exit, wall time, peak memory. With `drive`, the command is
 * a proxy: once it prints where it listens, its clients run, then it gets SIGTERM.
 */
function runScript(
  script: string,
  extraEnv: Record<string, string> = {},
  drive?: (url: string) => Promise<void>,
): Promise<{ exit: number | null; ms: number; peakMb: number }> {
  const started = performance.now();
  const timeFile = join(tempDir(), "time");
  return new Promise((resolve) => {
    const child = spawn("/usr/bin/time", ["-f", "%M", "-o", timeFile, "bash", "-c", script], {
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, PACT_DO_NOT_TRACK: "true", GITHUB_STEP_SUMMARY: "", ...extraEnv },
    });
    let stdout = "";
    let driven = false;
    child.stdout.on("data", (d) => {
      stdout += d;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (!drive || driven || !url) return;
      driven = true;
      void drive(url).then(() => {
        const pid = childOf(child.pid as number);
        if (pid) process.kill(pid, "SIGTERM");
      });
    });
    child.on("close", (exit) => {
      const kb = Number(readFileSync(timeFile, "utf8").trim().split("\n").at(-1));
      resolve({ exit, ms: performance.now() - started, peakMb: Math.round(kb / 1024) });
    });
  });
}

/** verify with these arguments, as the built command. */
const run = (args: string[], extraEnv: Record<string, string> = {}) =>
  runScript(`exec ${COMMAND} verify ${args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")}`, extraEnv);

// --traffic: check's and proxy's cases only (verify's table and the broker case take minutes).
const trafficOnly = process.argv.includes("--traffic");
const rows: Row[] = [];
if (!trafficOnly) {
  const fixturesFile = writeFixtures(fixtures);
  for (const c of CASES) {
    const server = c.server ? await c.server() : { url: "http://127.0.0.1:9", close: async () => undefined };
    try {
      rows.push({ name: c.name, ...(await run(argsOf(c, server.url, fixturesFile), c.env)) });
    } finally {
      await server.close();
    }
  }

  /**
   * Bounded memory for any broker: 100 pacts of 15 MB each (one participant GET and 15 MB of
   * metadata), served by a broker in a few lines, verified against the reference provider.
   * Too heavy for the test suite; here, its peak memory is the figure that matters.
   */
  const PACTS = 100;
  const PACT_MB = 15;
  const phone = fixtures.phone;
  const path = `/v1/Services/${phone.serviceSid}/Sessions/${phone.sessionSid}/Participants/${phone.participantSid}`;
  const padding = "p".repeat(PACT_MB * 1024 * 1024);
  const reference = createProvider({ fixtures });
  const provider = await serve((req, res) => void reference.emit("request", req, res));
  let brokerUrl = "";
  const broker = await serve((req, res) => {
    res.writeHead(200, { "content-type": "application/hal+json" });
    const url = req.url ?? "/";
    if (url === "/")
      return res.end(
        JSON.stringify({ _links: { "pb:provider-pacts-for-verification": { href: `${brokerUrl}/list` } } }),
      );
    if (url === "/list") {
      const pacts = Array.from({ length: PACTS }, (_, i) => ({
        shortDescription: `pact ${i}`,
        _links: { self: { href: `${brokerUrl}/pacts/${i}` } },
      }));
      return res.end(JSON.stringify({ _embedded: { pacts } }));
    }
    res.end(
      JSON.stringify({
        consumer: { name: `consumer-${url.split("/").at(-1)}` },
        provider: { name: "twilio-proxy-participants" },
        interactions: [
          {
            description: "a GET",
            request: { method: "GET", path, headers: { Authorization: "Basic eDp5" } },
            response: { status: 200 },
          },
        ],
        metadata: { pactSpecification: { version: "3.0.0" }, padding },
        _links: {
          "pb:publish-verification-results": { href: `${brokerUrl}${url}/results` },
          "pb:provider": { href: `${brokerUrl}/provider` },
        },
      }),
    );
  });
  brokerUrl = broker.url;
  rows.push({
    name: `a broker selecting ${PACTS} pacts of ${PACT_MB} MB`,
    ...(await run([
      "--base-url",
      provider.url,
      "--fixtures",
      fixturesFile,
      "--broker-url",
      brokerUrl,
      "--provider-version",
      "1",
      "--timeout",
      "20000",
    ])),
  });
  await Promise.all([broker.close(), provider.close()]);
}
for (const c of TRAFFIC_CASES) rows.push({ name: c.name, ...(await runScript(await c.script(), c.env, c.drive)) });
await closeTrafficServers();
console.log("| case | exit | wall | peak memory |\n| --- | --- | --- | --- |");
for (const r of rows)
  console.log(`| ${r.name.replace(/\|/g, "\\|")} | ${r.exit} | ${(r.ms / 1000).toFixed(2)} s | ${r.peakMb} MB |`);
