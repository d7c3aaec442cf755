/**
 * What a verification produces, as data: every check with its verdict and the
 * findings that broke it. Reporters turn this into text; exitCodeOf decides the
 * exit status, in one place.
 */
import { ExitCode, type ExitCodeValue } from "./errors.js";

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

/**
 * `skipped`: the check could not run for a reason that is not the implementation's fault
 * (an optional input was not given); `reason` says which. Neither passed nor failed.
 */
export type Verdict = "pass" | "fail" | "pending" | "skipped";

/**
 * Which credentials a request carried, by role: never the secret. The reproduction
 * line (./request.ts) turns a role into placeholders such as `$TWILIO_AUTH_TOKEN`.
 */
export type CredentialRole =
  /** The fixtures' account SID and auth token. */
  | "right"
  /** No Authorization header at all. */
  | "none"
  /** The right account SID, a wrong password. */
  | "wrong-password"
  /** The right account SID, an empty password. */
  | "empty-password"
  /** Another well-formed account SID that does not exist, with the right auth token. */
  | "unknown-account"
  /** The fixtures' second account (otherAccount), with its own token. */
  | "other-account"
  /** `Authorization: Basic` followed by text that is not base64. */
  | "not-base64"
  /** `Authorization: Basic` with base64 of a string without a colon. */
  | "no-colon"
  /** `Authorization: Bearer …`: another scheme. */
  | "other-scheme";

/** The request a check made, as data: reporters print it and a reproduction line from it. */
export interface RequestInfo {
  method: string;
  /** The path as sent, query included. */
  path: string;
  credentials: CredentialRole;
}

export interface CheckResult {
  /** Stable identifier, e.g. `conformance/phone` or `pact/participant-client/a request for …`. */
  id: string;
  /** What a person reads: `phone participant: 200, headers, body and rules`. */
  title: string;
  /** Group shown in reports: pact, conformance, probe. */
  group: "pact" | "conformance" | "probe";
  verdict: Verdict;
  findings: Finding[];
  /** This check's own time. */
  durationMs: number;
  /** The pact file or broker URL a pact check came from. */
  source?: string;
  /** The request the check sent (the last one, when it sent several). */
  request?: RequestInfo;
  /** Why a skipped check did not run. */
  reason?: string;
}

export interface Report {
  baseUrl: string;
  checks: CheckResult[];
  durationMs: number;
  exitCode: ExitCodeValue;
  /** Set when the run ended with exit 2: the one-line cause. `checks` holds what finished before. */
  error?: string;
}

/** Pending checks (a broker's pending pacts) and skipped ones are reported but never fail the run. */
export function exitCodeOf(checks: readonly CheckResult[]): ExitCodeValue {
  return checks.some((c) => c.verdict === "fail") ? ExitCode.breach : ExitCode.ok;
}
