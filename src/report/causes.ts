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
 * explained reports are returned as they are, so calling it twice changes nothing. Linear
 * in the findings: each finding's key is computed once, and each check is looked up by
 * its place, never searched for.
 */
export function explain(report: Report): Report {
  if (report.causes) return report;
  const failed = report.checks.filter((c) => c.verdict === "fail");
  const keys = failed.map((check) => check.findings.map(causeKey));
  const first = new Map<string, Finding>();
  const reach = new Map<string, number>();
  for (const [i, check] of failed.entries()) {
    const own = keys[i] as string[];
    for (const [j, key] of own.entries()) if (!first.has(key)) first.set(key, check.findings[j] as Finding);
    // A check counts once for each key it holds, however many of its findings share it.
    for (const key of new Set(own)) reach.set(key, (reach.get(key) ?? 0) + 1);
  }
  const chosen = new Map<string, string[]>();
  const causeOfCheck = new Map<CheckResult, string>();
  for (const [i, check] of failed.entries()) {
    const best = bestKey(keys[i] as string[], reach);
    if (best === undefined) continue;
    causeOfCheck.set(check, best);
    const checks = chosen.get(best);
    if (checks) checks.push(check.id);
    else chosen.set(best, [check.id]);
  }
  const answered = report.checks.filter((c) => c.response !== undefined).length;
  // Most checks first; a tie keeps the order of first appearance (Map order: the sort is stable).
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
  const explained: Report = {
    ...report,
    causes,
    checks: report.checks.map((c) => {
      const key = causeOfCheck.get(c);
      return key === undefined ? c : { ...c, cause: idOf.get(key) as string };
    }),
  };
  indexes.set(explained, { keyOfCause: new Map([...idOf].map(([key, id]) => [id, key])) });
  return explained;
}

/** Among a check's finding keys, the one that explains the most checks (ties: its first). */
function bestKey(keys: readonly string[], reach: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let most = -1;
  for (const key of keys) {
    const count = reach.get(key) ?? 0;
    if (count > most) [best, most] = [key, count];
  }
  return best;
}

/** What reporters look up while rendering a report, built once per report object. */
interface ReportIndex {
  keyOfCause: Map<string, string | undefined>;
  checkById?: Map<string, CheckResult>;
  placeOfCheck?: Map<string, number>;
  causeById?: Map<string, Cause>;
}

const indexes = new WeakMap<Report, ReportIndex>();

function indexOf(report: Report): ReportIndex {
  let index = indexes.get(report);
  if (!index) {
    // A report read back (the JSON one) has no keys: recompute each cause's as explain() chose it.
    const failed = report.checks.filter((c) => c.verdict === "fail");
    const keys = failed.map((check) => check.findings.map(causeKey));
    const reach = new Map<string, number>();
    for (const own of keys) for (const key of new Set(own)) reach.set(key, (reach.get(key) ?? 0) + 1);
    const keyOfCheck = new Map<string, string | undefined>();
    for (const [i, check] of failed.entries())
      if (!keyOfCheck.has(check.id)) keyOfCheck.set(check.id, bestKey(keys[i] as string[], reach));
    index = {
      keyOfCause: new Map((report.causes ?? []).map((c) => [c.id, keyOfCheck.get(c.checks[0] ?? "")])),
    };
    indexes.set(report, index);
  }
  return index;
}

/** The check with this id (the first, should two share it). */
export function checkById(report: Report, id: string): CheckResult | undefined {
  const index = indexOf(report);
  if (!index.checkById) {
    index.checkById = new Map();
    for (const check of report.checks) if (!index.checkById.has(check.id)) index.checkById.set(check.id, check);
  }
  return index.checkById.get(id);
}

/** Where a check stands in the report, from 1 (0: not in it). */
export function placeOfCheck(report: Report, id: string): number {
  const index = indexOf(report);
  if (!index.placeOfCheck) {
    index.placeOfCheck = new Map();
    for (const [i, check] of report.checks.entries())
      if (!index.placeOfCheck.has(check.id)) index.placeOfCheck.set(check.id, i + 1);
  }
  return index.placeOfCheck.get(id) ?? 0;
}

/** The cause with this id. */
export function causeById(report: Report, id: string | undefined): Cause | undefined {
  if (id === undefined) return undefined;
  const index = indexOf(report);
  index.causeById ??= new Map((report.causes ?? []).map((c) => [c.id, c]));
  return index.causeById.get(id);
}

/** A failed check's findings that its cause does not name: listed under it. */
export function otherFindings(check: CheckResult, report: Report): Finding[] {
  const cause = causeById(report, check.cause);
  if (!cause) return check.findings;
  const key = indexOf(report).keyOfCause.get(cause.id);
  return check.findings.filter((f) => causeKey(f) !== key);
}
