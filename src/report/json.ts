/**
 * The machine-readable report: every check, its verdict (and a skipped check's reason),
 * each finding both as data and as text, the request a check made as data with the line
 * to repeat it, and `error` when the run stopped with exit 2.
 */
import type { Report } from "../core/findings.js";
import { reproduction } from "../core/request.js";
import { formatFinding, summarise } from "./format.js";

export function toJson(report: Report): string {
  const document = {
    baseUrl: report.baseUrl,
    exitCode: report.exitCode,
    ...(report.error !== undefined ? { error: report.error } : {}),
    durationMs: Math.round(report.durationMs),
    summary: summarise(report),
    checks: report.checks.map((c) => ({
      id: c.id,
      group: c.group,
      title: c.title,
      verdict: c.verdict,
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      durationMs: Math.round(c.durationMs),
      ...(c.source !== undefined ? { source: c.source } : {}),
      ...(c.request ? { request: c.request, reproduction: reproduction(c.request, report.baseUrl) } : {}),
      findings: c.findings.map((f) => ({ ...f, message: formatFinding(f) })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
