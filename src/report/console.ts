/**
 * The human report. By default, once the run is over: the verdict, then each cause (its
 * title in words, how many checks it explains, the first request, what it answered and a
 * curl line to repeat it), then one line per check that did not pass naming its cause,
 * passes collapsed to one line per group, and a summary. One cause failing every check
 * stays within a screen. With `verbose`, every check is printed as it finishes with all
 * its findings, its request and a curl line, and the causes follow at the end.
 */
import { styleText } from "node:util";
import type { CheckResult, Report } from "../core/findings.js";
import { type CurlVariable, variablesOf } from "../core/request.js";
import { describeActual } from "../core/violation.js";
import { inert } from "../net/inert.js";
import { checkById, explain, otherFindings } from "./causes.js";
import {
  canonicalLines,
  causeText,
  checkTitle,
  curlText,
  explorationText,
  formatFinding,
  passesByGroup,
  requestText,
  summaryText,
  verdictText,
} from "./format.js";

export interface ConsoleReporter {
  check(check: CheckResult): void;
  summary(report: Report): void;
}

type Style = Parameters<typeof styleText>[0];

/** How many failed checks of one cause the default console names before counting the rest. */
const CHECKS_PER_CAUSE = 8;

/** The answer in one line: status, content type, the start of the body. */
function answerLine(check: CheckResult): string | undefined {
  const e = check.response;
  if (!e) return undefined;
  const type = e.headers["content-type"];
  const body = e.body.length ? `, body ${describeActual(e.body)}` : ", no body";
  return inert(`${e.status}${type !== undefined ? ` ${type}` : ""}${body}`);
}

/**
 * `baseUrl` (printable, without credentials) completes the reproduction lines;
 * `repeatSetup`, when given, says before the first repeat line that reads a variable how to
 * set it (once per variable).
 */
export function consoleReporter(
  write: (line: string) => void,
  colour: boolean,
  baseUrl: string,
  verbose = false,
  repeatSetup?: (variables: readonly CurlVariable[]) => string | undefined,
): ConsoleReporter {
  const announced = new Set<CurlVariable>();
  /** The line that sets the variables these checks' repeat lines read, for those not announced yet. */
  const announce = (checks: readonly (CheckResult | undefined)[]) => {
    const fresh = [
      ...new Set(
        checks.flatMap((c) =>
          c?.request && curlText(c, baseUrl)
            ? [...variablesOf(c.request), ...(c.canonical ? variablesOf(c.canonical.request) : [])]
            : [],
        ),
      ),
    ].filter((v) => !announced.has(v));
    for (const variable of fresh) announced.add(variable);
    const setup = fresh.length ? repeatSetup?.(fresh) : undefined;
    if (setup) write(`  ${setup}`);
  };
  /** Checks whose repeat lines follow: the first one announces for all of them. */
  let upcoming: (CheckResult | undefined)[] = [];
  /** The repeat line of a check, after the line that sets the variables it reads, when they are new. */
  const repeat = (check: CheckResult, prefix: string) => {
    const curl = curlText(check, baseUrl);
    if (!curl) return;
    announce([check, ...upcoming]);
    upcoming = [];
    write(`${prefix}repeat:  ${curl}`);
  };
  const paint = (style: Style, text: string) => (colour ? styleText(style, text) : text);
  const label = {
    pass: paint("green", "PASS"),
    fail: paint("red", "FAIL"),
    pending: paint("yellow", "PEND"),
    skipped: paint("yellow", "SKIP"),
    cancelled: paint("yellow", "STOP"),
  } as const;
  const detail = (text: string) => write(`        ${text}`);
  const checkLine = (check: CheckResult, tail = "") =>
    write(`  ${label[check.verdict]}  ${check.group.padEnd(11)} ${checkTitle(check)}${tail}`);
  return {
    check(check) {
      if (!verbose) return;
      checkLine(check);
      for (const finding of check.findings) detail(`${paint("red", "✗")} ${formatFinding(finding)}`);
      const request = requestText(check);
      if (request && check.findings.length) {
        detail(`request: ${request}`);
        const answer = answerLine(check);
        if (answer) detail(`answer:  ${answer}`);
        repeat(check, "        ");
        for (const line of canonicalLines(check, baseUrl)) detail(line);
      }
    },
    summary(raw) {
      const report = explain(raw);
      const failing = report.error !== undefined || report.checks.some((c) => c.verdict === "fail");
      write(`${failing ? label.fail : label.pass}  ${verdictText(report)}`);
      // Once, just above the first repeat line: how the variables every cause's line reads get their values.
      upcoming = (report.causes ?? []).map((cause) => report.checks.find((c) => c.id === cause.checks[0]));
      for (const cause of report.causes ?? []) {
        write(`  ${paint("red", cause.id)}  ${causeText(cause)}`);
        const first = checkById(report, cause.checks[0] ?? "");
        if (!first) continue;
        const request = requestText(first);
        if (request) detail(`first:   ${request}`);
        const answer = answerLine(first);
        if (answer) detail(`answer:  ${answer}`);
        repeat(first, "        ");
        for (const line of canonicalLines(first, baseUrl)) detail(line);
      }
      if (!verbose) {
        // A cause that fails many checks names the first few; the rest are counted (every report has them all).
        const shown = new Map<string, number>();
        const hidden = new Map<string, number>();
        for (const check of report.checks) {
          if (check.verdict === "pass") continue;
          if (check.cause !== undefined) {
            const count = (shown.get(check.cause) ?? 0) + 1;
            shown.set(check.cause, count);
            if (count > CHECKS_PER_CAUSE) {
              hidden.set(check.cause, (hidden.get(check.cause) ?? 0) + 1);
              continue;
            }
          }
          const others = check.verdict === "fail" ? otherFindings(check, report).length : 0;
          const more = others ? ` (+${others} more ${others === 1 ? "finding" : "findings"})` : "";
          const because = check.cause ? `: ${check.cause}${more}` : "";
          checkLine(check, because);
          if (check.verdict === "pending")
            for (const finding of check.findings) detail(`${paint("yellow", "✗")} ${formatFinding(finding)}`);
        }
        for (const [cause, count] of hidden)
          write(
            `  ${label.fail}  ${count} more ${count === 1 ? "check" : "checks"} failed for ${cause} (every check: --verbose, --json or --html)`,
          );
        for (const line of passesByGroup(report)) write(`  ${label.pass}  ${line}`);
      }
      const explored = explorationText(report);
      if (explored) write(explored);
      const seconds = (report.durationMs / 1000).toFixed(2);
      write(`${summaryText(report)} in ${seconds} s against ${inert(report.baseUrl)}`);
    },
  };
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== "dumb";
}
