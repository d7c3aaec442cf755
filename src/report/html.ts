/**
 * One self-contained HTML page (`--html FILE`): the verdict and the causes on top, then
 * every check, each expandable (`<details>`) with its cause, findings, request, curl line
 * and the answer. Filters by verdict and by group are radio buttons read by CSS alone, so
 * the page works with JavaScript off; the one script only opens every check for printing.
 * Nothing is loaded from anywhere (a Content-Security-Policy forbids it): no network, no
 * external script, style or font, and no inline script or style but the page's own.
 * Every string others control is made inert, then escaped.
 */
import { createHash } from "node:crypto";
import type { CheckResult, Report } from "../core/findings.js";
import { causeById, checkById, explain, otherFindings, placeOfCheck } from "./causes.js";
import {
  canonicalLines,
  causeText,
  checkTitle,
  curlText,
  evidenceLines,
  explorationText,
  formatFinding,
  processExitCodeOf,
  requestText,
  show,
  summaryText,
  verdictText,
} from "./format.js";

/** Text as HTML that means only itself (attribute values included). */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const VERDICTS: CheckResult["verdict"][] = ["fail", "pending", "skipped", "cancelled", "pass"];
const GROUPS: CheckResult["group"][] = ["conformance", "probe", "explore", "pact"];

const STYLE = `
:root { font-family: system-ui, sans-serif; line-height: 1.4; color: #1b1b1b; }
body { margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
.verdict { padding: .6rem 1rem; border-radius: .4rem; font-weight: 600; }
.verdict.fail { background: #fde2e1; border: 1px solid #c9302c; }
.verdict.pass { background: #e1f5e4; border: 1px solid #2d8a3e; }
.cause { border-left: 4px solid #c9302c; padding: .3rem .8rem; margin: .6rem 0; background: #fafafa; }
.cause .title { font-weight: 600; }
code, pre { font-family: ui-monospace, monospace; font-size: .85rem; }
code { word-break: break-all; }
pre { background: #f4f4f4; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
details.check { border: 1px solid #ddd; border-radius: .3rem; margin: .3rem 0; padding: .2rem .6rem; }
details.check > summary { cursor: pointer; }
.label { display: inline-block; min-width: 4.5rem; font-weight: 600; }
.label.fail { color: #c9302c; } .label.pass { color: #2d8a3e; } .label.pending, .label.skipped, .label.cancelled { color: #a86b00; }
.filters { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; margin: .8rem 0; }
.filters fieldset { border: 1px solid #ddd; border-radius: .3rem; }
${VERDICTS.map((v) => `body:has(#verdict-${v}:checked) .check:not([data-verdict="${v}"]) { display: none; }`).join("\n")}
${GROUPS.map((g) => `body:has(#group-${g}:checked) .check:not([data-group="${g}"]) { display: none; }`).join("\n")}
@media print {
  .filters { display: none; }
  .check { display: block !important; }
  details.check::details-content { content-visibility: visible; display: block; }
}
`;

/** Opens every check before printing; the CSS above does it too where ::details-content is known. */
const SCRIPT = `addEventListener("beforeprint", () => { for (const d of document.querySelectorAll("details")) d.open = true; });`;

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * The page's Content-Security-Policy: nothing loaded from anywhere, and only its own style
 * and its one script run, named by their hashes: a tag that slipped past escaping would not
 * run (no 'unsafe-inline'), could not move the page's base (base-uri) or send a form
 * anywhere (form-action).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function radios(name: string, values: readonly string[], counts: (v: string) => number): string {
  const option = (value: string, label: string, checked: boolean) =>
    `<label><input type="radio" name="${name}" id="${name}-${value}"${checked ? " checked" : ""}> ${htmlText(label)}</label>`;
  return `<fieldset><legend>${name}</legend>${option("all", "all", true)} ${values
    .filter((v) => counts(v) > 0)
    .map((v) => option(v, `${v} (${counts(v)})`, false))
    .join(" ")}</fieldset>`;
}

/** An element id for a check: its position, since its own id is others' text (a pact's description). */
const anchorOf = (report: Report, id: string) => `check-${placeOfCheck(report, id)}`;

function checkSection(check: CheckResult, report: Report, failedCount: number): string {
  const cause = causeById(report, check.cause);
  const findings = check.verdict === "fail" && cause ? otherFindings(check, report) : check.findings;
  const request = requestText(check);
  const curl = curlText(check, report.baseUrl);
  const parts = [
    ...(cause ? [`<p>Cause: <a href="#${cause.id}">${htmlText(cause.id)}</a> ${htmlText(causeText(cause))}</p>`] : []),
    ...(findings.length
      ? [
          `<p>${cause ? "Also found" : "Findings"}:</p><ul class="findings">${findings.map((f) => `<li>${htmlText(formatFinding(f))}</li>`).join("")}</ul>`,
        ]
      : []),
    ...(check.reason ? [`<p>Reason: ${htmlText(show(check.reason))}</p>`] : []),
    ...(request ? [`<p>Request: <code>${htmlText(request)}</code></p>`] : []),
    ...(curl ? [`<p>Repeat:</p><pre class="curl">${htmlText(curl)}</pre>`] : []),
    ...(check.response
      ? [`<p>The answer:</p><pre class="response">${htmlText(evidenceLines(check.response).join("\n"))}</pre>`]
      : []),
    ...(check.source ? [`<p>Pact: <code>${htmlText(show(check.source))}</code></p>`] : []),
    // A generated check's request is a perturbation of the canonical one: both, side by side.
    ...(check.canonical
      ? [
          `<p>Compared with the canonical request:</p><pre class="curl">${htmlText(canonicalLines(check, report.baseUrl).join("\n"))}</pre>`,
          ...(check.canonical.response
            ? [
                `<p>The canonical answer:</p><pre class="response">${htmlText(evidenceLines(check.canonical.response).join("\n"))}</pre>`,
              ]
            : []),
        ]
      : []),
  ];
  const open = check.verdict === "fail" && failedCount <= 3;
  return `<details class="check" id="${anchorOf(report, check.id)}" data-verdict="${check.verdict}" data-group="${check.group}"${open ? " open" : ""}>
<summary><span class="label ${check.verdict}">${check.verdict.toUpperCase()}</span> ${htmlText(check.group)}: ${htmlText(checkTitle(check))}${cause ? ` <small>(${htmlText(cause.id)})</small>` : ""}</summary>
${parts.join("\n") || "<p>Passed.</p>"}
</details>`;
}

export function toHtml(raw: Report): string {
  const report = explain(raw);
  const failing = report.error !== undefined || report.checks.some((c) => c.verdict === "fail");
  const causes = (report.causes ?? []).map((cause) => {
    const first = checkById(report, cause.checks[0] ?? "");
    const request = first && requestText(first);
    const curl = first && curlText(first, report.baseUrl);
    return `<div class="cause" id="${cause.id}">
<p class="title">${htmlText(cause.id)}: ${htmlText(causeText(cause))}</p>
${request ? `<p>First request: <code>${htmlText(request)}</code></p>` : ""}
${curl ? `<pre class="curl">${htmlText(curl)}</pre>` : ""}
${first?.response ? `<details><summary>What it answered</summary><pre class="response">${htmlText(evidenceLines(first.response).join("\n"))}</pre></details>` : ""}
<p>Checks: ${cause.checks.map((id) => `<a href="#${anchorOf(report, id)}">${htmlText(show(id))}</a>`).join(", ")}</p>
</div>`;
  });
  const failedCount = report.checks.filter((c) => c.verdict === "fail").length;
  const countVerdict = (v: string) => report.checks.filter((c) => c.verdict === v).length;
  const countGroup = (g: string) => report.checks.filter((c) => c.group === g).length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Twilio Proxy participant contract: ${failing ? "FAIL" : "PASS"}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Twilio Proxy participant contract</h1>
<p class="verdict ${failing ? "fail" : "pass"}" id="verdict">${failing ? "FAIL" : "PASS"}: ${htmlText(verdictText(report))}</p>
<p>${htmlText(summaryText(report))} in ${(report.durationMs / 1000).toFixed(2)} s against <code>${htmlText(show(report.baseUrl))}</code> (exit ${processExitCodeOf(report)})</p>
${report.error !== undefined ? `<p><strong>Error:</strong> ${htmlText(show(report.error))}</p>` : ""}
${report.exploration ? `<p>${htmlText(explorationText(report) ?? "")}</p>` : ""}
${causes.length ? `<h2>Causes</h2>\n${causes.join("\n")}` : ""}
<h2>Checks</h2>
<form class="filters">${radios("verdict", VERDICTS, countVerdict)}${radios("group", GROUPS, countGroup)}</form>
${report.checks.map((c) => checkSection(c, report, failedCount)).join("\n")}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
