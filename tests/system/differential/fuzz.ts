/**
 * `npm run fuzz [-- --count N] [-- --seed S]`: thousands of bodies drawn from the edge
 * table and from generated values, one or two edits each, judged by both layers; prints
 * the seed (to replay a run), then the disagreements grouped by cause, by-design ones
 * apart. Exits 1 when any disagreement is outside the by-design table.
 */
import { parseArgs } from "node:util";
import { fuzzBodies } from "./bodies.js";
import { causesOf, describeDisagreement, groupByCause, judge } from "./compare.js";

const { values } = parseArgs({
  options: { count: { type: "string", default: "4000" }, seed: { type: "string" } },
});
const count = Number(values.count);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error("error: --count and --seed must be whole numbers");
  process.exit(2);
}

console.log(`fuzz: ${count} bodies, seed ${seed} (replay: npm run fuzz -- --count ${count} --seed ${seed})`);
const started = performance.now();
const judged = await judge(fuzzBodies(count, seed));
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const disagreements = judged.filter((j) => j.direction);
const unexplained = disagreements.filter((j) => !j.byDesign);
const byDesign = disagreements.filter((j) => j.byDesign);

console.log(`judged in ${seconds} s: ${judged.length - disagreements.length} agree, ${disagreements.length} disagree`);
console.log(`\n${unexplained.length} disagreements outside the by-design table, by cause:`);
for (const [cause, group] of groupByCause(unexplained)) {
  console.log(`  ${String(group.length).padStart(5)}  ${cause}`);
  for (const j of group.slice(0, 3)) console.log(`         ${describeDisagreement(j)}`);
}
console.log(`\n${byDesign.length} by-design differences, by row and cause:`);
const rows = new Map<string, number>();
for (const j of byDesign) {
  const key = `${(j.byDesign ?? []).map((r) => r.id).join(" + ")}: ${causesOf(j).join(" + ")} (${j.direction})`;
  rows.set(key, (rows.get(key) ?? 0) + 1);
}
for (const [key, n] of [...rows].sort(([a], [b]) => (a < b ? -1 : 1)))
  console.log(`  ${String(n).padStart(5)}  ${key}`);

process.exit(unexplained.length ? 1 : 0);
