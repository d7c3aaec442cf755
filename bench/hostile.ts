/**
 * Each hostile case (tests/verify/hostile-cases.ts) run as a user runs it: the verify
 * command in a process of its own, timed, with its peak memory (GNU time's maximum
 * resident set, which covers the pact worker it forks). `npm run bench:hostile`.
 */
import { spawn } from "node:child_process";
import { writeFixtures } from "../tests/support/verify.js";
import { argsOf, CASES, extraServers, fixtures } from "../tests/system/hostile/hostile-cases.js";

interface Row {
  name: string;
  exit: number | null;
  ms: number;
  peakMb: number;
}

function run(args: string[]): Promise<{ exit: number | null; ms: number; peakMb: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    // The built command, as a user runs it (npm ci builds dist/; npm run build after a change).
    const command = [process.execPath, "dist/bin/participant-contract.js", "verify", ...args];
    const child = spawn("/usr/bin/time", ["-f", "%M", ...command], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, PACT_DO_NOT_TRACK: "true", GITHUB_STEP_SUMMARY: "" },
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
    rows.push({ name: c.name, ...(await run(argsOf(c, server.url, fixturesFile))) });
  } finally {
    await server.close();
  }
}
await extraServers.target?.close();
console.log("| case | exit | wall | peak memory |\n| --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.name} | ${r.exit} | ${(r.ms / 1000).toFixed(2)} s | ${r.peakMb} MB |`);
