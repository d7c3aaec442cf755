/**
 * The machine-readable report: the causes (`{id, title, checks}`), every check with its
 * verdict (and a skipped check's reason), its cause when it failed, each finding both as
 * data (the raw rule in `expected`) and as text, the request as data with the line to
 * repeat it, the answer as `response: {status, headers, body, truncated}` (the body cut to
 * 2 KiB after redaction, as is each string of a finding's actual value), and `error` when
 * the run stopped with exit 2.
 */
import type { Cause, Report } from "../core/findings.js";
import { reproduction } from "../core/request.js";
import { boundedActual } from "../core/violation.js";
import { explain } from "./causes.js";
import { formatFinding, processExitCodeOf, type Summary, shownEvidence, shownText, summarise } from "./format.js";

/** A finished report with what the JSON report adds to the checks: the causes and the summary. */
export type ExplainedReport = Report & { causes: Cause[]; summary: Summary };

/** The report as the JSON report and the library's verify() hold it: causes computed once, the summary counted. */
export function explained(raw: Report): ExplainedReport {
  const report = explain(raw);
  return { ...report, causes: report.causes ?? [], summary: summarise(report) };
}

/**
 * JSON text that a terminal or a CI log shows as it is: what JSON.stringify leaves raw and
 * a reader would obey (C1 controls, DEL, line and paragraph separators, bidirectional
 * controls) and Azure's `##vso[` are written as \u escapes: the same data, inert text.
 */
export function inertJson(text: string): string {
  return text
    .replace(
      /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    )
    .replace(/##(?=vso\[|\[)/g, "#\\u0023");
}

export function toJson(raw: Report): string {
  const report = explained(raw);
  const document = {
    baseUrl: report.baseUrl,
    exitCode: processExitCodeOf(report),
    ...(report.error !== undefined ? { error: report.error } : {}),
    durationMs: Math.round(report.durationMs),
    summary: report.summary,
    ...(report.exploration ? { exploration: report.exploration } : {}),
    causes: report.causes,
    checks: report.checks.map((c) => ({
      id: c.id,
      group: c.group,
      title: c.title,
      verdict: c.verdict,
      ...(c.cause !== undefined ? { cause: c.cause } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      durationMs: Math.round(c.durationMs),
      ...(c.source !== undefined ? { source: c.source } : {}),
      ...(c.request ? { request: c.request, reproduction: reproduction(c.request, report.baseUrl) } : {}),
      ...(c.response ? { response: shownEvidence(c.response) } : {}),
      ...(c.canonical
        ? {
            canonical: {
              request: c.canonical.request,
              reproduction: reproduction(c.canonical.request, report.baseUrl),
              ...(c.canonical.response ? { response: shownEvidence(c.canonical.response) } : {}),
            },
          }
        : {}),
      // A finding read back or built elsewhere may carry a value of any depth: bounded before JSON.stringify.
      findings: c.findings.map((f) => ({
        ...f,
        ...("actual" in f ? { actual: boundedActual(f.actual, shownText) } : {}),
        ...(f.expected ? { expected: { ...f.expected, value: boundedActual(f.expected.value, shownText) } } : {}),
        message: formatFinding(f),
      })),
    })),
  };
  return `${inertJson(JSON.stringify(document, null, 2))}\n`;
}
