/** The human report: one line per check as it finishes, one line per finding under a failed check, a summary. */
import { styleText } from "node:util";
import type { CheckResult, Report } from "../verify/findings.js";
import { formatFinding, summarise } from "./format.js";

export interface ConsoleReporter {
  check(check: CheckResult): void;
  summary(report: Report): void;
}

type Style = Parameters<typeof styleText>[0];

export function consoleReporter(write: (line: string) => void, colour: boolean): ConsoleReporter {
  const paint = (style: Style, text: string) => (colour ? styleText(style, text) : text);
  const label = {
    pass: paint("green", "PASS"),
    fail: paint("red", "FAIL"),
    pending: paint("yellow", "PEND"),
    skipped: paint("yellow", "SKIP"),
  } as const;
  return {
    check(check) {
      write(`  ${label[check.verdict]}  ${check.group.padEnd(11)} ${check.title}`);
      for (const finding of check.findings) write(`        ${paint("red", "✗")} ${formatFinding(finding)}`);
    },
    summary(report) {
      const { passed, failed, pending } = summarise(report);
      const seconds = (report.durationMs / 1000).toFixed(2);
      const parts = [`${passed} passed`, `${failed} failed`, ...(pending ? [`${pending} pending`] : [])];
      write(`${report.checks.length} checks: ${parts.join(", ")} in ${seconds} s against ${report.baseUrl}`);
    },
  };
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== "dumb";
}
