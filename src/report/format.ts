/** Text for findings and checks, shared by every reporter. */
import type { CheckResult, Finding, Report } from "../core/findings.js";
import { describeActual } from "../core/violation.js";

/**
 * What a finding is about, named once: `body sid`, `header content-type`, but `status`
 * (not `status status`) and `body` for the body as a whole (the verifier writes `(body)`).
 */
export function subjectOf(f: Pick<Finding, "kind" | "field">): string {
  const whole = f.field === f.kind || /^\(.*\)$/.test(f.field);
  return whole ? f.kind : `${f.kind} ${f.field}`;
}

/** `body sid: must match ^KP[0-9a-fA-F]{32}$, got "KX…"` */
export function formatFinding(f: Finding): string {
  const got = "actual" in f ? `, got ${describeActual(f.actual)}` : "";
  return `${subjectOf(f)}: ${f.rule}${got}`;
}

export interface Summary {
  passed: number;
  failed: number;
  pending: number;
  skipped: number;
  cancelled: number;
}

export function summarise(report: Pick<Report, "checks">): Summary {
  const count = (verdict: CheckResult["verdict"]) => report.checks.filter((c) => c.verdict === verdict).length;
  return {
    passed: count("pass"),
    failed: count("fail"),
    pending: count("pending"),
    skipped: count("skipped"),
    cancelled: count("cancelled"),
  };
}

/** `3 checks: 1 passed, 1 failed, 1 skipped`: pending and skipped only when there are some. */
export function summaryText(report: Pick<Report, "checks">): string {
  const { passed, failed, pending, skipped, cancelled } = summarise(report);
  const parts = [
    `${passed} passed`,
    `${failed} failed`,
    ...(pending ? [`${pending} pending`] : []),
    ...(skipped ? [`${skipped} skipped`] : []),
    ...(cancelled ? [`${cancelled} cancelled`] : []),
  ];
  return `${report.checks.length} checks: ${parts.join(", ")}`;
}
