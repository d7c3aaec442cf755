/**
 * The human report: one line per check as it finishes; under a failed check one line per
 * finding, then the request it made and a curl line to repeat it; a summary.
 */
import { styleText } from "node:util";
import type { CheckResult, Report } from "../core/findings.js";
import { describeRequest, reproduction } from "../core/request.js";
import { formatFinding, summaryText } from "./format.js";

export interface ConsoleReporter {
  check(check: CheckResult): void;
  summary(report: Report): void;
}

type Style = Parameters<typeof styleText>[0];

/** `baseUrl` (printable, without credentials) completes the reproduction lines. */
export function consoleReporter(write: (line: string) => void, colour: boolean, baseUrl: string): ConsoleReporter {
  const paint = (style: Style, text: string) => (colour ? styleText(style, text) : text);
  const label = {
    pass: paint("green", "PASS"),
    fail: paint("red", "FAIL"),
    pending: paint("yellow", "PEND"),
    skipped: paint("yellow", "SKIP"),
    cancelled: paint("yellow", "STOP"),
  } as const;
  const detail = (text: string) => write(`        ${text}`);
  return {
    check(check) {
      const reason =
        (check.verdict === "skipped" || check.verdict === "cancelled") && check.reason ? ` (${check.reason})` : "";
      write(`  ${label[check.verdict]}  ${check.group.padEnd(11)} ${check.title}${reason}`);
      for (const finding of check.findings) detail(`${paint("red", "✗")} ${formatFinding(finding)}`);
      if (check.request && check.findings.length) {
        detail(`request: ${describeRequest(check.request)}`);
        detail(`repeat:  ${reproduction(check.request, baseUrl)}`);
      }
    },
    summary(report) {
      const seconds = (report.durationMs / 1000).toFixed(2);
      write(`${summaryText(report)} in ${seconds} s against ${report.baseUrl}`);
    },
  };
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== "dumb";
}
