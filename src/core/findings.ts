/**
 * What a verification produces, as data: every check with its verdict and the
 * findings that broke it. Reporters turn this into text; exitCodeOf decides the
 * exit status, in one place.
 */
import { type CancelSignal, ExitCode, type ExitCodeValue } from "./errors.js";
import type { ConnectionMode, RequestTemplate } from "./template.js";

/**
 * What a finding is about, by the part of the answer it judges: its status, a header, the
 * body (by the schemas), a rule relating the body to its request, HTTP itself (a provider
 * that answered but broke framing or its content coding), the pact verifier (what it said
 * that no other layer maps), or the transport.
 */
export type FindingKind = "pact" | "status" | "header" | "body" | "rule" | "transport" | "http";

/**
 * One broken rule, in one vocabulary for every layer: its subject (`field`, with `kind`),
 * the rule in words, and what was there. Reporters turn it into text; nothing else does.
 */
export interface Finding {
  kind: FindingKind;
  /** The subject: body field (dotted), header name (lower case), `status`, or `(body)`. */
  field: string;
  /** What should hold, in words a person reads ("must be KP followed by 32 hex digits"): never a raw pattern. */
  rule: string;
  /** What was there; absent when nothing was (a missing field) or when the rule text says it. */
  actual?: unknown;
  /**
   * The rule as data, for machines (the JSON report): the schema keyword or rule name and
   * its parameter (the raw pattern, a limit, the allowed values). Never shown in prose.
   */
  expected?: { keyword: string; value?: unknown };
  /** Where in the body, for body findings: a JSON Pointer (RFC 6901), `""` for the whole body. */
  pointer?: string;
  /** Which of a check's requests it is about, when the check sent several (`request 2 of 4: GET with no credentials`). */
  request?: string;
}

/**
 * What the provider answered, kept as evidence on the check that judged it. The body is
 * kept whole (it is at most the reader's cap): the command redacts the report as data
 * first, and only then does a reporter make the text inert and cut it (to 2 KiB), so that
 * no cut can split a secret before redaction sees it.
 */
export interface Evidence {
  status: number;
  /** The headers that matter to a reader, lower-cased names (see judge/evidence.ts). */
  headers: Record<string, string>;
  /** The decoded body as text (invalid UTF-8 replaced), at most the reader's cap. */
  body: string;
  /** The body was larger than what was read. */
  truncated: boolean;
}

/**
 * Findings with the same subject, rule and kind of actual value, across checks and layers:
 * one defect, however many checks it breaks. Computed from a finished report (report/).
 */
export interface Cause {
  /** Stable within a report: `cause-1`, `cause-2`, … in order of checks explained, most first. */
  id: string;
  /** In words, the same in every report: "every answer is text/html, not JSON". */
  title: string;
  /** The ids of the failed checks it explains. */
  checks: string[];
}

/**
 * `skipped`: the check could not run for a reason that is not the implementation's fault
 * (an optional input was not given); `reason` says which. Neither passed nor failed.
 */
export type Verdict = "pass" | "fail" | "pending" | "skipped" | "cancelled";

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
  /** The right account SID, the right token followed by one more character. */
  | "extended-password"
  /** The right account SID, the right token less its last character. */
  | "truncated-password"
  /** The right account SID, the right token followed by a space. */
  | "password-trailing-space"
  /** The right account SID, the right token with the case of every letter swapped. */
  | "token-case-swapped"
  /** The right account SID with its last hex digit changed, with the right token. */
  | "account-sid-last-digit"
  /** Another well-formed account SID that does not exist, with the right auth token. */
  | "unknown-account"
  /** The fixtures' second account (otherAccount), with its own token. */
  | "other-account"
  /** The fixtures' account SID with the second account's token: a pair that belongs to nobody. */
  | "account-sid-other-token"
  /** The second account's SID with the fixtures' token. */
  | "other-sid-account-token"
  /** `Authorization: Basic` followed by text that is not base64. */
  | "not-base64"
  /** `Authorization: Basic` with base64 of a string without a colon. */
  | "no-colon"
  /** `Authorization: Bearer …`: another scheme. */
  | "other-scheme"
  /** The fixtures' API key: its SID and its secret (authenticates as the account). */
  | "api-key"
  /** The API key's SID with a wrong secret. */
  | "api-key-wrong-secret"
  /** Another well-formed key SID that does not exist, with the API key's secret. */
  | "unknown-api-key"
  /** The API key's SID with the account's auth token. */
  | "api-key-account-token"
  /** The account SID with the API key's secret. */
  | "account-sid-key-secret"
  /** The API key's SID with the second account's key secret. */
  | "api-key-other-key-secret"
  /** The second account's own API key (otherAccount.apiKey), valid, but another account's. */
  | "other-api-key"
  /**
   * A generated request's credentials, altered as its template shows (moved out of
   * Authorization, edited by a character, under another scheme): its headers say how.
   */
  | "altered";

/** The request a check made, as data: reporters print it and a reproduction line from it. */
export interface RequestInfo {
  method: string;
  /** The path as sent, query included. */
  path: string;
  credentials: CredentialRole;
  /** Headers that differ from the suite's usual request (an Accept, an If-None-Match), lower-case names. */
  headers?: Record<string, string>;
  /**
   * A generated request, whole, with credentials by name (never their values): every header
   * in the case and order sent, credentials wherever it put them. The reproduction line
   * repeats it exactly; `path` and `headers` above are its display.
   */
  template?: RequestTemplate;
  /** The requests sent before this one that its answer may depend on, and how they travelled. */
  sequence?: { mode: ConnectionMode; before: RequestTemplate[] };
  /** Where it went (scheme://host:port) when that is not the report's base URL: recorded exchanges to several origins. */
  origin?: string;
}

export interface CheckResult {
  /** Stable identifier, e.g. `conformance/phone` or `pact/participant-client/a request for …`. */
  id: string;
  /** What a person reads: `phone participant: 200, headers, body and rules`. */
  title: string;
  /**
   * Group shown in reports: pact, conformance, probe; explore for the generated requests
   * (one check per dimension); traffic for exchanges judged by check and proxy.
   */
  group: "pact" | "conformance" | "probe" | "explore" | "traffic";
  verdict: Verdict;
  findings: Finding[];
  /** This check's own time. */
  durationMs: number;
  /** The pact file or broker URL a pact check came from. */
  source?: string;
  /** The request the check sent (the last one, when it sent several). */
  request?: RequestInfo;
  /** Why a skipped (or cancelled) check did not run. */
  reason?: string;
  /** What the provider answered to `request`, when it answered. */
  response?: Evidence;
  /**
   * For a check whose request is a perturbation of the canonical one (explore): the
   * canonical request and its answer, which `request` and `response` are judged against.
   */
  canonical?: { request: RequestInfo; response?: Evidence };
  /** For a failed check: the id of the Cause that explains it (Report.causes). */
  cause?: string;
}

export interface Report {
  baseUrl: string;
  checks: CheckResult[];
  durationMs: number;
  exitCode: ExitCodeValue;
  /** Set when the run ended with exit 2: the one-line cause. `checks` holds what finished before. */
  error?: string;
  /** The causes of the failed checks, most checks first (report/ computes them). */
  causes?: Cause[];
  /**
   * The signal that cancelled the run, when one did: the verdict stays 2 (the checks could
   * not all run), while the process exits 128 + the signal's number, as the JSON report says.
   */
  cancelledBy?: CancelSignal;
  /** The generated part of the run: its seed (`--seed` repeats the run) and how many requests it sent. */
  exploration?: Exploration;
}

/** What a run's generated requests were: enough to repeat them exactly. */
export interface Exploration {
  seed: number;
  /** Generated requests sent, shrinking included; unknown when the run stopped before they were. */
  requests?: number;
}

/** Pending checks (a broker's pending pacts) and skipped ones are reported but never fail the run. */
export function exitCodeOf(checks: readonly CheckResult[]): ExitCodeValue {
  return checks.some((c) => c.verdict === "fail") ? ExitCode.breach : ExitCode.ok;
}
