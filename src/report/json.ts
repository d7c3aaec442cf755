/** The machine-readable report: every check, its verdict, and each finding both as data and as text. */
import type { Report } from "../verify/findings.js";
import { formatFinding, summarise } from "./format.js";

export function toJson(report: Report): string {
  const document = {
    baseUrl: report.baseUrl,
    exitCode: report.exitCode,
    durationMs: Math.round(report.durationMs),
    summary: summarise(report),
    checks: report.checks.map((c) => ({
      id: c.id,
      group: c.group,
      title: c.title,
      verdict: c.verdict,
      durationMs: Math.round(c.durationMs),
      findings: c.findings.map((f) => ({ ...f, message: formatFinding(f) })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
