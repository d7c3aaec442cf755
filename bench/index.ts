/**
 * `npm run bench`: every speed figure the suite promises, measured in one run on this
 * machine, as ratios where a baseline exists (these machines are noisy; a ratio of two
 * things measured side by side is not). Options: --skip-test leaves out the timing of
 * `npm test`, the slowest figure.
 */
import { benchLoad } from "./load.js";
import { median, timeCommand } from "./measure.js";
import { benchPactScaling } from "./pact-scaling.js";
import { benchStartup } from "./startup.js";
import { benchValidation } from "./validation.js";

process.env.PACT_DO_NOT_TRACK = "true";
const skipTest = process.argv.includes("--skip-test");

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
  console.log(`${row.met ? "ok  " : "MISS"}  ${row.figure.padEnd(52)} ${row.value.padEnd(30)} goal ${row.goal}`);
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
  console.log(`      ${`  validations per second, ${name}`.padEnd(52)} ${Math.round(ops).toLocaleString("en")}`);
}

const startup = await benchStartup();
print({
  figure: "npm start vs loading @pact-foundation/pact",
  value: `${fmt(startup.ratio)}× (${Math.round(startup.npmStartMs)} ms vs ${Math.round(startup.pactLoadMs)} ms)`,
  goal: "≤ 2.5×",
  met: startup.ratio <= 2.5,
});

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

if (!skipTest) {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const runs = [await timeCommand(npm, ["test", "--silent"])];
  const failed = runs.find((r) => r.code !== 0);
  print({
    figure: "npm test wall time",
    value: failed ? `failed (exit ${failed.code})` : `${fmt(median(runs.map((r) => r.ms)) / 1000, 1)} s`,
    goal: "≤ 20 s",
    met: !failed && median(runs.map((r) => r.ms)) <= 20_000,
  });
}

const missed = rows.filter((r) => !r.met).length;
console.log(`${rows.length - missed} goals met, ${missed} missed`);
