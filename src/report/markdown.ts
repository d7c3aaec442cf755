/**
 * The Markdown summary GitHub Actions shows on a run's page (appended to the file
 * GITHUB_STEP_SUMMARY names): the verdict and the causes first, then each failed check
 * with its cause, findings, request, curl line and the answer inside `<details>`, passes
 * collapsed to one line per group. Every string from a response is made inert and
 * escaped: it renders as text, never as Markdown or HTML of a provider's choosing. The
 * whole stays below GitHub's 1 MiB per step, and says so when it had to be cut.
 */

import type { CheckResult, Report } from "../core/findings.js";
import { shorten } from "../core/violation.js";
import { inert } from "../net/inert.js";
import { explain, otherFindings } from "./causes.js";
import {
  causeText,
  checkTitle,
  curlText,
  evidenceLines,
  formatFinding,
  passesByGroup,
  requestText,
  summaryText,
  verdictText,
} from "./format.js";

/** Caps that keep a summary readable and below GitHub's 1 MiB per step whatever a provider answers. */
const MAX_FINDINGS = 10;
const MAX_LINE = 300;
/** GitHub refuses a step summary over 1 MiB; what we append stays well below, room left for others. */
export const MAX_SUMMARY_BYTES = 900 * 1024;

const VERDICT: Record<CheckResult["verdict"], string> = {
  pass: "✅ pass",
  fail: "❌ fail",
  pending: "🟡 pending",
  skipped: "⚪ skipped",
  cancelled: "⏹ cancelled",
};

/**
 * Text as Markdown that means only itself: one inert line, bounded, with every character
 * that starts inline markup, HTML, an entity or a table cell escaped. Line-start markers
 * (`#`, `-`, `1.`) need nothing: every line begins with text of ours.
 */
export function markdownText(text: string): string {
  const line = inert(text).replace(/\s+/g, " ").trim();
  const short = shorten(line, MAX_LINE);
  return short.replace(/[\\`*_{}[\]()<>#|~!&]/g, "\\$&");
}

/** A fenced block that no line of the text can close: a fence longer than any run of backticks in it. */
function fenced(lines: string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = "`".repeat(longest + 1);
  return [`${fence}text`, ...lines, fence];
}

function failedSection(check: CheckResult, report: Report): string[] {
  const shown = check.cause ? otherFindings(check, report) : check.findings;
  const findings = shown.slice(0, MAX_FINDINGS).map((f) => `- ${markdownText(formatFinding(f))}`);
  const more = shown.length - findings.length;
  const request = requestText(check);
  const because = check.cause ? `: ${check.cause}` : "";
  return [
    "<details>",
    `<summary>${VERDICT[check.verdict]} ${markdownText(`${check.group} ${checkTitle(check)}`)}${because}</summary>`,
    "",
    ...findings,
    ...(more > 0 ? [`- … and ${more} more`] : []),
    ...(request
      ? [`- request: ${markdownText(request)}`, `- repeat: ${markdownText(curlText(check, report.baseUrl) ?? "")}`]
      : []),
    ...(check.response ? ["", "The answer:", "", ...fenced(evidenceLines(check.response))] : []),
    "",
    "</details>",
    "",
  ];
}

const bytes = (lines: string[]) => Buffer.byteLength(`${lines.join("\n")}\n`, "utf8");

export function toMarkdown(raw: Report): string {
  const report = explain(raw);
  const failing = report.error !== undefined || report.checks.some((c) => c.verdict === "fail");
  const lines = [
    `### Twilio Proxy participant contract: ${report.error !== undefined ? "⚠️" : failing ? "❌" : "✅"} ${markdownText(verdictText(report))}`,
    "",
    `${markdownText(summaryText(report))} in ${(report.durationMs / 1000).toFixed(2)} s against ${markdownText(report.baseUrl)} (exit ${report.exitCode})`,
    "",
  ];
  if (report.causes?.length) {
    lines.push("#### Causes", "");
    for (const cause of report.causes) {
      const first = report.checks.find((c) => c.id === cause.checks[0]);
      const request = first && requestText(first);
      lines.push(
        `- **${cause.id}** ${markdownText(causeText(cause))}`,
        ...(first && request
          ? [
              `  - first: ${markdownText(request)}`,
              `  - repeat: ${markdownText(curlText(first, report.baseUrl) ?? "")}`,
            ]
          : []),
      );
    }
    lines.push("");
  }
  const notPassed = report.checks.filter((c) => c.verdict !== "pass");
  const ended: string[] = [];
  const passes = passesByGroup(report).map((l) => `- ✅ ${markdownText(l)}`);
  if (passes.length) ended.push("#### Passed", "", ...passes, "");
  if (notPassed.length) {
    lines.push("#### Checks that did not pass", "");
    for (const [index, check] of notPassed.entries()) {
      const section =
        check.verdict === "fail" || check.verdict === "pending"
          ? failedSection(check, report)
          : [`- ${VERDICT[check.verdict]} ${markdownText(`${check.group} ${checkTitle(check)}`)}`, ""];
      if (bytes([...lines, ...section, ...ended]) > MAX_SUMMARY_BYTES - 1024) {
        lines.push(
          `**Cut here to stay below GitHub's 1 MiB step summary limit: ${notPassed.length - index} more checks that did not pass are in the JSON, JUnit and HTML reports.**`,
          "",
        );
        break;
      }
      lines.push(...section);
    }
  }
  if (report.error !== undefined) lines.splice(4, 0, `**Error:** ${markdownText(report.error)}`, "");
  lines.push(...ended);
  return `${lines.join("\n")}\n`;
}
