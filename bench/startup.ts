/**
 * `npm start` end to end (npm, the reference provider, every check) against merely
 * loading @pact-foundation/pact in node: alternating runs, medians, one ratio.
 */
import { median, timeCommand } from "./measure.js";

export interface StartupFigures {
  pactLoadMs: number;
  npmStartMs: number;
  /** npmStartMs / pactLoadMs: goal ≤ 2.5. */
  ratio: number;
}

export async function benchStartup(rounds = 5): Promise<StartupFigures> {
  const env = { ...process.env, PACT_DO_NOT_TRACK: "true", NO_COLOR: "1" };
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const pact: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < rounds; i++) {
    pact.push((await timeCommand(process.execPath, ["-e", "require('@pact-foundation/pact')"], env)).ms);
    const run = await timeCommand(npm, ["start", "--silent"], env);
    if (run.code !== 0) throw new Error(`npm start exited ${run.code}: ${run.output.trim().split("\n").pop()}`);
    start.push(run.ms);
  }
  const pactLoadMs = median(pact);
  const npmStartMs = median(start);
  return { pactLoadMs, npmStartMs, ratio: npmStartMs / pactLoadMs };
}
