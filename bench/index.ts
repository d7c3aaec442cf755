/**
 * `npm run bench`: every speed figure the suite promises, measured in one run on this
 * machine, as ratios where a baseline exists (these machines are noisy; a ratio of two
 * things measured side by side is not). Options: --skip-test leaves out the timing of
 * `npm test`, the slowest figure; --test-against REV times `npm test` against the same
 * command at commit REV, in alternating rounds.
 */
import { benchLoad } from "./load.js";
import { median, timeCommand } from "./measure.js";
import { benchPactScaling } from "./pact-scaling.js";
import { benchReports } from "./reports.js";
import { benchExplore, benchNpmStart, benchPieces, benchVerify } from "./startup.js";
import { benchTestAgainst } from "./test-time.js";
import { benchValidation } from "./validation.js";

process.env.PACT_DO_NOT_TRACK = "true";
const skipTest = process.argv.includes("--skip-test");
const against = process.argv[process.argv.indexOf("--test-against") + 1];
const testAgainst = process.argv.includes("--test-against") ? against : undefined;

interface Row {
  figure: string;
  value: string;
  goal: string;
  met: boolean;
}

const rows: Row[] = [];
const fmt = (n: number, digits = 2) => n.toFixed(digits);
const print = (row: Row) => {
  rows.push(row);
  console.log(`${row.met ? "ok  " : "MISS"}  ${row.figure.padEnd(58)} ${row.value.padEnd(30)} goal ${row.goal}`);
};

const validation = benchValidation();
// Informational since validation collects every error (one path for verdict and reasons): a run validates a few dozen bodies.
print({
  figure: "validate a participant body (all errors collected)",
  value: `${fmt(validation.microsecondsPerBody)} µs (JSON.parse: ${Math.round(validation.parseOps).toLocaleString("en")} /s)`,
  goal: "none",
  met: true,
});
for (const [name, ops] of Object.entries(validation.validateOps)) {
  console.log(`      ${`  validations per second, ${name}`.padEnd(58)} ${Math.round(ops).toLocaleString("en")}`);
}

// The start-up figures time the packaged command: build it from the sources as they are.
const build = await timeCommand(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", "build"]);
if (build.code !== 0) throw new Error(`npm run build failed: ${build.output.trim()}`);

const npmStart = await benchNpmStart();
print({
  figure: "npm start vs loading @pact-foundation/pact",
  value: `${fmt(npmStart.ratio)}× (${Math.round(npmStart.ms)} ms vs ${Math.round(npmStart.baselineMs)} ms)`,
  goal: "≤ 1.5×",
  met: npmStart.ratio <= 1.5,
});
const verifyRun = await benchVerify();
print({
  figure: "participant-contract verify vs the pact-js Verifier alone",
  value: `${fmt(verifyRun.ratio)}× (${Math.round(verifyRun.ms)} ms vs ${Math.round(verifyRun.baselineMs)} ms)`,
  goal: "≤ 1.0×",
  met: verifyRun.ratio <= 1,
});
const explored = await benchExplore();
print({
  figure: "verify the reference, generated part on (default budget)",
  value: `${Math.round(explored.ms)} ms (${fmt(explored.ratio)}× of --explore 0: ${Math.round(explored.baselineMs)} ms)`,
  goal: "< 1000 ms",
  met: explored.ms < 1000,
});
for (const [piece, ms] of await benchPieces()) {
  console.log(`      ${`  ${piece}`.padEnd(58)} ${Math.round(ms)} ms`);
}

const scaling = await benchPactScaling();
print({
  figure: `cost per interaction, pact of ${scaling.small.interactions} → ${scaling.large.interactions}`,
  value: `${fmt(scaling.msPerInteraction)} ms (${Math.round(scaling.small.ms)} → ${Math.round(scaling.large.ms)} ms)`,
  goal: "≤ 5 ms",
  met: scaling.msPerInteraction <= 5,
});

const load = await benchLoad();
print({
  figure: `reference provider: ${load.requests} requests, ${load.concurrency} at a time`,
  value: `${Math.round(load.requestsPerSecond).toLocaleString("en")} req/s, ${load.errors} errors, ${load.invalidBodies} invalid`,
  goal: "0 errors, 0 invalid",
  met: load.errors === 0 && load.invalidBodies === 0,
});
print({
  figure: "  heap growth over the second half of the load",
  value: `${fmt(load.heapGrowthMb, 1)} MB`,
  goal: "≤ 10 MB",
  met: load.heapGrowthMb <= 10,
});

const reports = await benchReports();
for (const [count, ms] of reports.everyReport)
  print({
    figure: `check: ${count.toLocaleString("en")} failing exchanges, every report`,
    value: `${fmt(ms / 1000)} s`,
    goal: count >= 10_000 ? "< 10 s" : "none",
    met: count < 10_000 || ms < 10_000,
  });
const [small, large] = [...reports.everyReport.entries()];
if (small && large)
  console.log(
    `      ${`  ${large[0] / small[0]}× the exchanges take`.padEnd(58)} ${fmt(large[1] / small[1])}× the time (linear: about ${large[0] / small[0]}×, less start-up)`,
  );
for (const [count, ms] of reports.distinctCredentials)
  print({
    figure: `check: ${count.toLocaleString("en")} exchanges, each its own credential`,
    value: `${fmt(ms / 1000)} s`,
    goal: "< 2 s",
    met: ms < 2000,
  });

if (testAgainst) {
  const time = await benchTestAgainst(testAgainst);
  print({
    figure: `npm test vs npm test at ${testAgainst.slice(0, 12)}`,
    value: time.failed
      ? `failed (${time.failed})`
      : `${fmt(time.ratio)}× (${fmt(time.ms / 1000, 1)} s vs ${fmt(time.baselineMs / 1000, 1)} s)`,
    goal: "≤ 1.05×",
    met: !time.failed && time.ratio <= 1.05,
  });
} else if (!skipTest) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const runs = [await timeCommand(npm, ["test", "--silent"])];
  const failed = runs.find((r) => r.code !== 0);
  print({
    figure: "npm test wall time",
    value: failed ? `failed (exit ${failed.code})` : `${fmt(median(runs.map((r) => r.ms)) / 1000, 1)} s`,
    goal: "≤ 30 s",
    met: !failed && median(runs.map((r) => r.ms)) <= 30_000,
  });
}

const missed = rows.filter((r) => !r.met).length;
console.log(`${rows.length - missed} goals met, ${missed} missed`);
