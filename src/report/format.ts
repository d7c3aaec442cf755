/** Text for findings and checks, shared by every reporter. */
import type { CheckResult, Finding, Report } from "../verify/findings.js";
import { describeActual } from "../violation.js";

/** `body sid: must match ^KP[0-9a-fA-F]{32}$, got "KX…"` */
export function formatFinding(f: Finding): string {
  const got = "actual" in f ? `, got ${describeActual(f.actual)}` : "";
  return `${f.kind} ${f.field}: ${f.rule}${got}`;
}

export function summarise(report: Pick<Report, "checks">): { passed: number; failed: number; pending: number } {
  const count = (verdict: CheckResult["verdict"]) => report.checks.filter((c) => c.verdict === verdict).length;
  return { passed: count("pass"), failed: count("fail"), pending: count("pending") };
}
