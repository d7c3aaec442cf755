/**
 * Reports linear in checks, and a redactor whose cost does not grow with every distinct
 * secret: the built `check` command over HAR files of failing participant exchanges
 * (tests/support/traffic-har.ts), timed end to end as a user runs it, with every report
 * (--json, --junit, --html and a step summary) or with one credential per exchange.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { trafficHar } from "../tests/support/traffic-har.js";
import { tempDir } from "../tests/support/verify.js";
import { median, timeCommand } from "./measure.js";

export interface ReportFigures {
  /** Failing exchanges → median wall time in ms of `check` with every report. */
  everyReport: Map<number, number>;
  /** Distinct credentials → median wall time in ms of `check` (no report). */
  distinctCredentials: Map<number, number>;
}

/** `participant-contract check FILE …` from dist/, as a user runs it; its wall time in ms. */
async function timedCheck(count: number, distinct: boolean, reports: boolean, rounds: number): Promise<number> {
  const dir = tempDir();
  const har = join(dir, "traffic.har");
  writeFileSync(har, JSON.stringify(trafficHar({ count, distinctCredentials: distinct })));
  const args = [
    "dist/bin/participant-contract.js",
    "check",
    har,
    ...(reports ? ["--json", join(dir, "r.json"), "--junit", join(dir, "r.xml"), "--html", join(dir, "r.html")] : []),
  ];
  const env = { ...process.env, GITHUB_STEP_SUMMARY: reports ? join(dir, "summary.md") : "" };
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const run = await timeCommand(process.execPath, args, env);
    if (run.code !== 1) throw new Error(`check exited ${run.code}, not 1: ${run.output.slice(-500)}`);
    times.push(run.ms);
  }
  return median(times);
}

export async function benchReports(): Promise<ReportFigures> {
  const everyReport = new Map<number, number>();
  for (const [count, rounds] of [
    [1000, 3],
    [10_000, 1],
  ] as const)
    everyReport.set(count, await timedCheck(count, false, true, rounds));
  const distinctCredentials = new Map([[1000, await timedCheck(1000, true, false, 3)]]);
  return { everyReport, distinctCredentials };
}
