/**
 * The Markdown summary GitHub Actions shows on a run's page (appended to the file
 * GITHUB_STEP_SUMMARY names): the verdict, a table of every check, then the findings of
 * each failed check with its request and a line to repeat it. Every string from a
 * response is escaped: it renders as text, never as Markdown or HTML of a provider's choosing.
 */
import type { CheckResult, Report } from "../core/findings.js";
import { describeRequest, reproduction } from "../core/request.js";
import { formatFinding, summaryText } from "./format.js";

/** Caps that keep a summary readable (and far below GitHub's 1 MiB per step) whatever a provider answers. */
const MAX_FAILED_CHECKS = 30;
const MAX_FINDINGS = 10;
const MAX_LINE = 300;

const VERDICT: Record<CheckResult["verdict"], string> = {
  pass: "✅ pass",
  fail: "❌ fail",
  pending: "🟡 pending",
  skipped: "⚪ skipped",
  cancelled: "⏹ cancelled",
};

/**
 * Text as Markdown that means only itself: one line, bounded, with every character that
 * starts inline markup, HTML, an entity or a table cell escaped. Line-start markers
 * (`#`, `-`, `1.`) need nothing: every line begins with text of ours.
 */
export function markdownText(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const short = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
  return short.replace(/[\\`*_{}[\]()<>#|~!&]/g, "\\$&");
}

function failedSection(check: CheckResult, baseUrl: string): string[] {
  const findings = check.findings.slice(0, MAX_FINDINGS).map((f) => `- ${markdownText(formatFinding(f))}`);
  const more = check.findings.length - findings.length;
  return [
    `**${markdownText(`${check.group} ${check.title}`)}**`,
    "",
    ...findings,
    ...(more > 0 ? [`- … and ${more} more`] : []),
    ...(check.request
      ? [
          `- request: ${markdownText(describeRequest(check.request))}`,
          `- repeat: ${markdownText(reproduction(check.request, baseUrl))}`,
        ]
      : []),
    "",
  ];
}

export function toMarkdown(report: Report): string {
  const failed = report.checks.filter((c) => c.verdict === "fail");
  const verdict =
    report.error !== undefined
      ? "⚠️ could not finish"
      : failed.length
        ? `❌ ${failed.length} failed`
        : "✅ every check passed";
  const lines = [
    `### Twilio Proxy participant contract: ${verdict}`,
    "",
    `${markdownText(summaryText(report))} in ${(report.durationMs / 1000).toFixed(2)} s against ${markdownText(report.baseUrl)} (exit ${report.exitCode})`,
    "",
  ];
  if (report.error !== undefined) lines.push(`**Error:** ${markdownText(report.error)}`, "");
  if (report.checks.length) {
    lines.push("| check | verdict |", "| --- | --- |");
    for (const c of report.checks) {
      const reason = c.verdict === "skipped" && c.reason ? ` (${markdownText(c.reason)})` : "";
      lines.push(`| ${markdownText(`${c.group} ${c.title}`)} | ${VERDICT[c.verdict]}${reason} |`);
    }
    lines.push("");
  }
  if (failed.length) {
    lines.push("#### Failed checks", "");
    for (const c of failed.slice(0, MAX_FAILED_CHECKS)) lines.push(...failedSection(c, report.baseUrl));
    if (failed.length > MAX_FAILED_CHECKS)
      lines.push(`… and ${failed.length - MAX_FAILED_CHECKS} more failed checks`, "");
  }
  return `${lines.join("\n")}\n`;
}
