/**
 * What a verification produces, as data: every check with its verdict and the
 * findings that broke it. Reporters turn this into text; exitCodeOf decides the
 * exit status, in one place.
 */
import { ExitCode, type ExitCodeValue } from "../errors.js";

/** Which layer noticed the problem. */
export type FindingKind = "pact" | "status" | "header" | "body" | "rule" | "transport";

/** One broken rule: where (field or header), what should hold, and what was there. */
export interface Finding {
  kind: FindingKind;
  /** Body field (dotted), header name, or `status`. */
  field: string;
  rule: string;
  /** Absent when the rule text already quotes the value (Pact's mismatch messages do). */
  actual?: unknown;
}

export type Verdict = "pass" | "fail" | "pending";

export interface CheckResult {
  /** Stable identifier, e.g. `conformance/phone` or `pact/participant-client/a request for …`. */
  id: string;
  /** What a person reads: `phone participant: 200, headers, body and rules`. */
  title: string;
  /** Group shown in reports: pact, conformance, probe. */
  group: "pact" | "conformance" | "probe";
  verdict: Verdict;
  findings: Finding[];
  durationMs: number;
  /** The pact file or broker URL a pact check came from. */
  source?: string;
}

export interface Report {
  baseUrl: string;
  checks: CheckResult[];
  durationMs: number;
  exitCode: ExitCodeValue;
}

/** Pending checks (a broker's pending pacts) are reported but never fail the run. */
export function exitCodeOf(checks: readonly CheckResult[]): ExitCodeValue {
  return checks.some((c) => c.verdict === "fail") ? ExitCode.breach : ExitCode.ok;
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  return findings.length ? "fail" : "pass";
}
