/**
 * Text for findings, causes, checks and evidence, shared by every reporter. Everything a
 * provider, a pact, a broker or a state endpoint controls goes through inert() here (the
 * report was redacted as data before any reporter runs), and only then is it cut: an
 * evidence body to 2 KiB, a value to 60 characters.
 */
import { CANCEL_SIGNALS, type ProcessExitCode } from "../core/errors.js";
import type { Cause, CheckResult, Evidence, Finding, Report } from "../core/findings.js";
import { describeRequest, reproduction } from "../core/request.js";
import { describeActual } from "../core/violation.js";
import { inert, inertLines } from "../net/inert.js";
import { subjectOf } from "./causes.js";

export { subjectOf };

/** An evidence body is shown up to this many bytes of UTF-8 (after redaction). */
export const EVIDENCE_BODY_BYTES = 2048;

/** One line of others' text, safe to show anywhere. */
export const show = (text: string): string => inert(text);

/** `body sid: must be KP followed by 32 hex digits, got "KX…"`, inert. */
export function formatFinding(f: Finding): string {
  const got = "actual" in f ? `, got ${describeActual(f.actual)}` : "";
  const which = f.request !== undefined ? ` (${f.request})` : "";
  return inert(`${subjectOf(f)}: ${f.rule}${got}${which}`);
}

/** `header content-type must be …, got "text/html": 43 checks`, inert. */
export function causeText(cause: Cause): string {
  const n = cause.checks.length;
  return inert(`${cause.title}: ${n} ${n === 1 ? "check" : "checks"}`);
}

/** `GET /v1/… with the right credentials`, inert (a pact's path is others' text). */
export function requestText(check: CheckResult): string | undefined {
  return check.request ? inert(describeRequest(check.request)) : undefined;
}

/** The curl line that repeats a check's request, inert. */
export function curlText(check: CheckResult, baseUrl: string): string | undefined {
  return check.request ? inert(reproduction(check.request, baseUrl)) : undefined;
}

/**
 * The canonical request a generated check's request is a perturbation of, and its answer:
 * `canonical: GET … with the right credentials`, `canonical answer: 200 …`, its curl line.
 */
export function canonicalLines(check: CheckResult, baseUrl: string): string[] {
  const canonical = check.canonical;
  if (!canonical) return [];
  const answer = canonical.response;
  return [
    inert(`canonical: ${describeRequest(canonical.request)}`),
    ...(answer
      ? [
          inert(
            `canonical answer: ${answer.status}${answer.headers["content-type"] ? ` ${answer.headers["content-type"]}` : ""}, ${answer.body.length} bytes`,
          ),
        ]
      : []),
    inert(`repeat canonical: ${reproduction(canonical.request, baseUrl)}`),
  ];
}

/** `generated: 200 requests from seed 12345 (the same seed repeats them: --seed 12345)`, when the run explored. */
export function explorationText(report: Pick<Report, "exploration">): string | undefined {
  const e = report.exploration;
  if (!e) return undefined;
  const count = e.requests !== undefined ? `${e.requests} requests` : "requests";
  return `generated: ${count} from seed ${e.seed} (the same seed repeats them: --seed ${e.seed})`;
}

/** A check's title, its reason when it did not run, inert. */
export function checkTitle(check: CheckResult): string {
  const reason =
    (check.verdict === "skipped" || check.verdict === "cancelled") && check.reason ? ` (${check.reason})` : "";
  return inert(`${check.title}${reason}`);
}

/** The first `limit` bytes of text as UTF-8, never splitting a character. */
export function cutBytes(text: string, limit: number): { text: string; cut: boolean } {
  if (Buffer.byteLength(text, "utf8") <= limit) return { text, cut: false };
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, "utf8");
    if (bytes + size > limit) break;
    bytes += size;
    end += ch.length;
  }
  return { text: text.slice(0, end), cut: true };
}

/** A string of a finding's actual value as a report may hold it: cut, as a body is, to 2 KiB (after redaction). */
export function shownText(text: string): string {
  const { text: kept, cut } = cutBytes(text, EVIDENCE_BODY_BYTES);
  return cut ? `${kept}… (cut at ${EVIDENCE_BODY_BYTES} bytes)` : text;
}

/** Evidence as it may be shown: the body cut to 2 KiB (after redaction), `truncated` when anything was left out. */
export function shownEvidence(e: Evidence): Evidence {
  const { text, cut } = cutBytes(e.body, EVIDENCE_BODY_BYTES);
  return { status: e.status, headers: e.headers, body: text, truncated: e.truncated || cut };
}

/** The evidence as inert lines: the status, the headers that matter, the body (cut). */
export function evidenceLines(e: Evidence): string[] {
  const shown = shownEvidence(e);
  const body = shown.body.length ? inertLines(shown.body) : [];
  return [
    `status ${e.status}`,
    ...Object.entries(e.headers).map(([name, value]) => inert(`${name}: ${value}`)),
    ...(body.length ? ["", ...body] : []),
    ...(shown.truncated ? [`… (the body is longer: cut at ${EVIDENCE_BODY_BYTES} bytes)`] : []),
  ];
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

/** The process's exit status for a report, as every report says it: its verdict, or 128 + the signal's number when a signal cancelled it. */
export function processExitCodeOf(report: Pick<Report, "exitCode" | "cancelledBy">): ProcessExitCode {
  return report.cancelledBy ? CANCEL_SIGNALS[report.cancelledBy] : report.exitCode;
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
  const n = report.checks.length;
  return `${n} ${n === 1 ? "check" : "checks"}: ${parts.join(", ")}`;
}

/** The verdict in a few words: what a reader needs first. */
export function verdictText(report: Report): string {
  if (report.error !== undefined) return `could not finish: ${inert(report.error)}`;
  const causes = report.causes?.length ?? 0;
  const failed = summarise(report).failed;
  if (!failed) return "every check passed";
  return `the implementation breaks the contract: ${failed} failed ${failed === 1 ? "check" : "checks"}, ${causes} ${causes === 1 ? "cause" : "causes"}`;
}

/** Passed checks of each group, one line per group: `probe: 13 passed`. */
export function passesByGroup(report: Report): string[] {
  const groups = [...new Set(report.checks.map((c) => c.group))];
  return groups.flatMap((g) => {
    const n = report.checks.filter((c) => c.group === g && c.verdict === "pass").length;
    return n ? [`${g}: ${n} passed`] : [];
  });
}
