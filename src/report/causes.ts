/**
 * Causes, computed once from a finished report: findings with the same subject, rule and
 * kind of actual value, across checks and layers, are one defect. Each failed check is
 * explained by the cause (among its findings) that explains the most checks, so a server
 * answering HTML to everything is one cause, not one per expected status. A pure function
 * of the report: every reporter shows the same causes under the same titles.
 */
import type { Cause, CheckResult, Finding, Report } from "../core/findings.js";
import { describeActual } from "../core/violation.js";

/** The kind of value a finding saw: a status's own number, a media type, else the JSON type. */
export function actualKind(f: Finding): string {
  if (!("actual" in f) || f.actual === undefined) return "nothing";
  if (f.kind === "status") return serverError(f) ? "5xx" : String(f.actual);
  if (f.kind === "header" && f.field === "content-type")
    return String(f.actual).split(";")[0]?.trim().toLowerCase() ?? "";
  if (f.actual === null) return "null";
  if (Array.isArray(f.actual)) return "array";
  return typeof f.actual;
}

/** What a finding is about, named once: `body sid`, `header content-type`, `status`, `body`. */
export function subjectOf(f: Pick<Finding, "kind" | "field">): string {
  const whole = f.field === f.kind || /^\(.*\)$/.test(f.field);
  return whole ? f.kind : `${f.kind} ${f.field}`;
}

/**
 * The identity of a defect: subject, rule and kind of actual value. A status's rule is the
 * status Twilio gives there (`expected`, data), when the finding carries it: a HEAD that may
 * also answer 405 and a GET that must answer 401, both served with 200, are one defect.
 */
export function causeKey(f: Finding): string {
  return JSON.stringify([subjectOf(f), ruleOfCause(f), actualKind(f)]);
}

/** A server error: whatever status a check expected, a 5xx breaks the same rule. */
function serverError(f: Finding): boolean {
  return f.kind === "status" && typeof f.actual === "number" && f.actual >= 500;
}

/**
 * The rule a cause is about. Status findings are grouped by what they break, as data: a
 * 5xx breaks "never a server error" whatever each check expected; otherwise the status
 * Twilio gives there (`expected`). Other findings: their rule.
 */
function ruleOfCause(f: Finding): string {
  if (serverError(f)) return "never a server error";
  if (f.kind === "status" && f.expected?.keyword === "status") return `status ${String(f.expected.value)}`;
  return f.rule;
}

/** The title of a cause, in words: its subject, its rule and what was there. */
function titleOf(f: Finding, everyAnswer: boolean): string {
  const got = "actual" in f ? `, got ${describeActual(f.actual)}` : "";
  const rule = serverError(f) ? "must never be a server error (5xx)" : f.rule;
  return `${everyAnswer ? "every answer: " : ""}${subjectOf(f)}: ${rule}${got}`;
}

/**
 * The report with its causes (most checks first) and each failed check's `cause`. Already
 * explained reports are returned as they are, so calling it twice changes nothing.
 */
export function explain(report: Report): Report {
  if (report.causes) return report;
  const failed = report.checks.filter((c) => c.verdict === "fail");
  const first = new Map<string, Finding>();
  for (const finding of failed.flatMap((c) => c.findings)) {
    const key = causeKey(finding);
    if (!first.has(key)) first.set(key, finding);
  }
  const reach = reachOf(report);
  const chosen = new Map<string, string[]>();
  const causeOfCheck = new Map<CheckResult, string>();
  for (const check of failed) {
    const best = bestKey(check, reach);
    if (best === undefined) continue;
    causeOfCheck.set(check, best);
    chosen.set(best, [...(chosen.get(best) ?? []), check.id]);
  }
  const answered = report.checks.filter((c) => c.response !== undefined).length;
  // Most checks first; a tie keeps the order of first appearance (Map order).
  const ordered = [...chosen.entries()].sort((a, b) => b[1].length - a[1].length);
  const idOf = new Map<string, string>();
  const causes: Cause[] = ordered.map(([key, checks], index) => {
    const id = `cause-${index + 1}`;
    idOf.set(key, id);
    const finding = first.get(key) as Finding;
    // Skipped checks sent nothing: "every answer" is every check that got one.
    const everyAnswer = checks.length > 1 && checks.length === answered;
    return { id, title: titleOf(finding, everyAnswer), checks };
  });
  return {
    ...report,
    causes,
    checks: report.checks.map((c) => {
      const key = causeOfCheck.get(c);
      return key === undefined ? c : { ...c, cause: idOf.get(key) as string };
    }),
  };
}

/** The checks a cause explains, in report order. */
export function checksOf(report: Report, cause: Cause): CheckResult[] {
  return report.checks.filter((c) => c.cause === cause.id);
}

/** A failed check's findings that its cause does not name: listed under it. */
export function otherFindings(check: CheckResult, report: Report): Finding[] {
  const cause = report.causes?.find((c) => c.id === check.cause);
  if (!cause) return check.findings;
  const key = keyOfCause(report, cause);
  return check.findings.filter((f) => causeKey(f) !== key);
}

/** How many failed checks each cause key appears in. */
function reachOf(report: Report): (key: string) => number {
  const checksOf = new Map<string, Set<string>>();
  for (const check of report.checks.filter((c) => c.verdict === "fail"))
    for (const finding of check.findings) {
      const key = causeKey(finding);
      checksOf.set(key, (checksOf.get(key) ?? new Set()).add(check.id));
    }
  return (key) => checksOf.get(key)?.size ?? 0;
}

/** The key a check's cause was chosen by: among its findings, the one that explains the most checks. */
function bestKey(check: CheckResult, reach: (key: string) => number): string | undefined {
  let best: string | undefined;
  for (const finding of check.findings) {
    const key = causeKey(finding);
    if (best === undefined || reach(key) > reach(best)) best = key;
  }
  return best;
}

/** The key of a cause, recomputed as explain() chose it (a report read back has no keys). */
function keyOfCause(report: Report, cause: Cause): string | undefined {
  const check = report.checks.find((c) => c.id === cause.checks[0]);
  return check ? bestKey(check, reachOf(report)) : undefined;
}
