/**
 * Each hostile case (tests/verify/hostile-cases.ts) run as a user runs it: the verify
 * command in a process of its own, timed, with its peak memory (GNU time's maximum
 * resident set, which covers the pact worker it forks). `npm run bench:hostile`.
 */
import { spawn } from "node:child_process";
import { createProvider } from "../src/provider/index.js";
import { serve, writeFixtures } from "../tests/support/verify.js";
import { argsOf, CASES, extraServers, fixtures, largeBody } from "../tests/system/hostile/hostile-cases.js";

// The memory a far larger body than the cap costs, where the tests only need to cross it.
largeBody.bytes = 20 * 1024 * 1024;

interface Row {
  name: string;
  exit: number | null;
  ms: number;
  peakMb: number;
}

function run(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ exit: number | null; ms: number; peakMb: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    // The built command, as a user runs it (npm ci builds dist/; npm run build after a change).
    const command = [process.execPath, "dist/bin/participant-contract.js", "verify", ...args];
    const child = spawn("/usr/bin/time", ["-f", "%M", ...command], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, PACT_DO_NOT_TRACK: "true", GITHUB_STEP_SUMMARY: "", ...extraEnv },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (exit) => {
      const kb = Number(stderr.trim().split("\n").at(-1));
      resolve({ exit, ms: performance.now() - started, peakMb: Math.round(kb / 1024) });
    });
  });
}

const fixturesFile = writeFixtures(fixtures);
const rows: Row[] = [];
for (const c of CASES) {
  const server = c.server ? await c.server() : { url: "http://127.0.0.1:9", close: async () => undefined };
  try {
    rows.push({ name: c.name, ...(await run(argsOf(c, server.url, fixturesFile), c.env)) });
  } finally {
    await server.close();
  }
}
await extraServers.target?.close();

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
    return res.end(JSON.stringify({ _links: { "pb:provider-pacts-for-verification": { href: `${brokerUrl}/list` } } }));
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
console.log("| case | exit | wall | peak memory |\n| --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.name} | ${r.exit} | ${(r.ms / 1000).toFixed(2)} s | ${r.peakMb} MB |`);
