/**
 * The reports a command writes (JUnit, JSON, HTML, the GitHub step summary), for verify,
 * check and proxy alike: which paths the arguments name, each path checked before anything
 * is sent, each report written on its own, and the report of a run that could not finish.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, type Stats, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { type CancelSignal, describeError, EnvironmentError, ExitCode, localLimit } from "../core/errors.js";
import type { CheckResult, Exploration, Report } from "../core/findings.js";
import { explain } from "../report/causes.js";
import { toHtml } from "../report/html.js";
import { toJson } from "../report/json.js";
import { toJUnit } from "../report/junit.js";
import { toMarkdown } from "../report/markdown.js";
import type { Shell } from "./shell.js";

export interface Outputs {
  junit?: string;
  json?: string;
  html?: string;
  /** GitHub Actions' step summary file, appended to. */
  summary?: string;
}

/** What a path that is no regular file is, in words. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** /dev/null itself, by its device number: the one device a report may go to (it never blocks). */
function isNullDevice(stats: Stats): boolean {
  if (!stats.isCharacterDevice()) return false;
  try {
    return statSync("/dev/null").rdev === stats.rdev;
  } catch {
    return false;
  }
}

/** A path a report may be written to, once it exists: a regular file, or /dev/null (a report not wanted). */
const writable = (stats: Stats) => stats.isFile() || isNullDevice(stats);

/**
 * A report path checked before any request: a regular file, /dev/null, or nothing yet. A
 * FIFO would block the run in open(2) until someone read it, another device would swallow
 * the report or block, a directory cannot take it. stat(2) never opens, so this cannot block.
 */
export function checkReportPath(path: string, what: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    throw new EnvironmentError(`cannot write the ${what} to ${path}: ${code ?? describeError(error)}`);
  }
  if (!writable(stats))
    throw new EnvironmentError(`cannot write the ${what} to ${path}: it is ${kindOf(stats)}, not a regular file`);
}

/**
 * Writes (or appends) a report, creating its folder: `--junit reports/contract.xml` needs no
 * `mkdir` first. Opened without blocking (O_NONBLOCK) and checked again once open, so that a
 * FIFO put there after the first check fails at once instead of hanging the run.
 */
function write(path: string, text: string, what: string, append = false): void {
  let fd: number | undefined;
  try {
    checkReportPath(path, what);
    mkdirSync(dirname(path), { recursive: true });
    const mode = append ? constants.O_APPEND : constants.O_TRUNC;
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK | mode, 0o666);
    const stats = fstatSync(fd);
    if (!writable(stats))
      throw new EnvironmentError(`cannot write the ${what} to ${path}: it is ${kindOf(stats)}, not a regular file`);
    const bytes = Buffer.from(text, "utf8");
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? describeError(error);
    throw new EnvironmentError(`cannot write the ${what} to ${path}: ${localLimit(error) ?? code}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Each report: its path, how it is rendered, what it is called, whether it is appended to. */
function reportWrites(outputs: Outputs): [string | undefined, (report: Report) => string, string, boolean][] {
  return [
    [outputs.junit, toJUnit, "JUnit report", false],
    [outputs.json, toJson, "JSON report", false],
    [outputs.html, toHtml, "HTML report", false],
    [outputs.summary, toMarkdown, "step summary", true],
  ];
}

/**
 * Every report asked for; each replaces any older file (the step summary is appended, as
 * GitHub expects). One that cannot be written does not stop the others; the first such
 * failure is thrown once all were tried.
 */
export function writeReports(report: Report, outputs: Outputs): void {
  const writes = reportWrites(outputs);
  let failure: unknown;
  for (const [path, render, what, append] of writes) {
    if (!path) continue;
    try {
      write(path, render(report), what, append);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

/** Each report path checked before the run sends anything: the first bad one stops it at once. */
export function checkReportPaths(outputs: Outputs): void {
  for (const [path, , what] of reportWrites(outputs)) if (path) checkReportPath(path, what);
}

/** The report paths in arguments that did not parse: read leniently, so that even a usage error leaves a report. */
export function outputsOf(argv: string[], env: NodeJS.ProcessEnv): Outputs {
  const { values } = parseArgs({
    args: argv,
    options: { junit: { type: "string" }, json: { type: "string" }, html: { type: "string" } },
    strict: false,
    allowPositionals: true,
  });
  const path = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  return {
    junit: path(values.junit),
    json: path(values.json),
    html: path(values.html),
    summary: path(env.GITHUB_STEP_SUMMARY),
  };
}

/**
 * A finished report as every reporter must get it: redacted as data first (no reporter cuts
 * anything before redaction has seen it), then its causes computed once. `redacted` holds
 * checks already redacted as they finished, so that none is redacted twice.
 */
export function shownReport(
  shell: Shell,
  report: Report,
  redacted: ReadonlyMap<CheckResult, CheckResult> = new Map(),
): Report {
  const { checks, ...rest } = report;
  return explain({
    ...shell.redactDeep(rest),
    checks: checks.map((check) => redacted.get(check) ?? shell.redactDeep(check)),
  });
}

/**
 * The reports of a run that stopped with exit 2: the checks that finished (and any more the
 * caller passes, e.g. those cancelled), the cause redacted. Written as far as they can be;
 * the first cause is what stderr and every writable report name.
 */
export function writeStoppedReports(
  shell: Shell,
  outputs: Outputs,
  run: {
    baseUrl: string;
    started: number;
    checks: CheckResult[];
    error: string;
    exploration?: Exploration;
    cancelledBy?: CancelSignal;
  },
): void {
  const report = shownReport(shell, {
    baseUrl: run.baseUrl,
    checks: run.checks,
    durationMs: performance.now() - run.started,
    exitCode: ExitCode.environment,
    error: run.error,
    ...(run.exploration ? { exploration: run.exploration } : {}),
    ...(run.cancelledBy ? { cancelledBy: run.cancelledBy } : {}),
  });
  try {
    writeReports(report, outputs);
  } catch {
    // A file that cannot be written stays unwritten; the error the run stopped on is the one reported.
  }
}
