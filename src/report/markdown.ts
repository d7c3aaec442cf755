/**
 * The Markdown summary GitHub Actions shows on a run's page (appended to the file
 * GITHUB_STEP_SUMMARY names): the verdict and the causes first, then each failed check
 * with its cause, findings, request, curl line and the answer inside `<details>`, passes
 * collapsed to one line per group. The whole stays below GitHub's 1 MiB per step, and says
 * so when it had to be cut.
 *
 * GitHub renders it as GitHub-flavoured Markdown, where raw HTML passes (then sanitised,
 * keeping images, links, details) and bare URLs become links. So every string others
 * control (a pact's description, a HAR's path, a provider's value, a broker's message)
 * lands where it cannot become markup or a link: in a code span with a fence longer than
 * any run of backticks it holds, HTML-escaped inside `<code>` on the `<summary>` line
 * (an HTML block, where Markdown's backslash escapes do nothing), or in a fenced block no
 * line can close. Only our own words are Markdown.
 */

import type { CheckResult, Report } from "../core/findings.js";
import { shorten } from "../core/violation.js";
import { inert } from "../net/inert.js";
import { checkById, explain, otherFindings } from "./causes.js";
import {
  canonicalLines,
  causeText,
  checkTitle,
  curlText,
  evidenceLines,
  explorationText,
  formatFinding,
  passesByGroup,
  processExitCodeOf,
  requestText,
  summaryText,
  verdictText,
} from "./format.js";
import { htmlText } from "./html.js";

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

/** Our own words as Markdown that means only itself: every character that starts markup escaped. */
export function markdownText(text: string): string {
  const line = inert(text).replace(/\s+/g, " ").trim();
  return shorten(line, MAX_LINE).replace(/[\\`*_{}[\]()<>#|~!&]/g, "\\$&");
}

/** Others' text as one line, inert and bounded. */
const oneLine = (text: string) => shorten(inert(text).replace(/\s+/g, " ").trim(), MAX_LINE);

/** The longest run of backticks in a text. */
function longestBackticks(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * Others' text as a code span: nothing in it is markup, an entity, a link or a mention.
 * Its fence is one backtick longer than any run inside; a space pads text that starts or
 * ends with a backtick (CommonMark strips one space from each end).
 */
export function code(text: string): string {
  const line = oneLine(text);
  if (!line) return "";
  const fence = "`".repeat(longestBackticks(line) + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** Others' text inside an HTML block (the `<summary>` line): escaped as HTML, in `<code>`. */
const htmlCode = (text: string) => {
  const line = oneLine(text);
  return line ? `<code>${htmlText(line)}</code>` : "";
};

/** A fenced block that no line of the text can close: a fence longer than any run of backticks in it. */
function fenced(lines: string[]): string[] {
  const longest = Math.max(2, ...lines.map(longestBackticks));
  const fence = "`".repeat(longest + 1);
  return [`${fence}text`, ...lines, fence];
}

function failedSection(check: CheckResult, report: Report): string[] {
  const shown = check.cause ? otherFindings(check, report) : check.findings;
  const findings = shown.slice(0, MAX_FINDINGS).map((f) => `- ${code(formatFinding(f))}`);
  const more = shown.length - findings.length;
  const request = requestText(check);
  const because = check.cause ? `: ${htmlText(check.cause)}` : "";
  return [
    "<details>",
    `<summary>${VERDICT[check.verdict]} ${htmlText(check.group)} ${htmlCode(checkTitle(check))}${because}</summary>`,
    "",
    ...findings,
    ...(more > 0 ? [`- … and ${more} more`] : []),
    ...(request ? [`- request: ${code(request)}`, `- repeat: ${code(curlText(check, report.baseUrl) ?? "")}`] : []),
    ...(check.response ? ["", "The answer:", "", ...fenced(evidenceLines(check.response))] : []),
    // A generated check's request is a perturbation of the canonical one: both, side by side.
    ...canonicalLines(check, report.baseUrl).map((line) => `- ${code(line)}`),
    ...(check.canonical?.response
      ? ["", "The canonical answer:", "", ...fenced(evidenceLines(check.canonical.response))]
      : []),
    "",
    "</details>",
    "",
  ];
}

const bytes = (lines: readonly string[]) => lines.reduce((sum, line) => sum + Buffer.byteLength(line, "utf8") + 1, 0);

export function toMarkdown(raw: Report): string {
  const report = explain(raw);
  const failing = report.error !== undefined || report.checks.some((c) => c.verdict === "fail");
  const verdict = report.error !== undefined ? "could not finish" : verdictText(report);
  const lines = [
    `### Twilio Proxy participant contract: ${report.error !== undefined ? "⚠️" : failing ? "❌" : "✅"} ${markdownText(verdict)}`,
    "",
    `${markdownText(summaryText(report))} in ${(report.durationMs / 1000).toFixed(2)} s against ${code(report.baseUrl)} (exit ${processExitCodeOf(report)})`,
    "",
    ...(report.error !== undefined ? [`**Error:** ${code(report.error)}`, ""] : []),
    ...(report.exploration ? [code(explorationText(report) ?? ""), ""] : []),
  ];
  if (report.causes?.length) {
    lines.push("#### Causes", "");
    for (const cause of report.causes) {
      const first = checkById(report, cause.checks[0] ?? "");
      const request = first && requestText(first);
      lines.push(
        `- **${markdownText(cause.id)}** ${code(causeText(cause))}`,
        ...(first && request
          ? [`  - first: ${code(request)}`, `  - repeat: ${code(curlText(first, report.baseUrl) ?? "")}`]
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
    // Sizes added as sections are: counting the whole text again for each would be quadratic.
    let size = bytes(lines) + bytes(ended);
    for (const [index, check] of notPassed.entries()) {
      const section =
        check.verdict === "fail" || check.verdict === "pending"
          ? failedSection(check, report)
          : [`- ${VERDICT[check.verdict]} ${markdownText(check.group)} ${code(checkTitle(check))}`, ""];
      const sectionSize = bytes(section);
      if (size + sectionSize > MAX_SUMMARY_BYTES - 1024) {
        lines.push(
          `**Cut here to stay below GitHub's 1 MiB step summary limit: ${notPassed.length - index} more checks that did not pass are in the JSON, JUnit and HTML reports.**`,
          "",
        );
        break;
      }
      lines.push(...section);
      size += sectionSize;
    }
  }
  lines.push(...ended);
  return `${lines.join("\n")}\n`;
}
