/**
 * Judges one live response: status, headers, body bytes, then the schema and the
 * semantic rules. Each function returns findings; none throws for a bad response.
 */
import type { VariantName } from "../core/cases.js";
import type { Finding, FindingKind } from "../core/findings.js";
import type { ParticipantRef } from "../core/resource.js";
import type { Participant } from "../core/types.generated.js";
import type { Violation } from "../core/violation.js";
import { acceptsCoding, type BrokenAnswerError, type HttpResponse, headerList, retryAfterMs } from "../net/reader.js";
import { decodeJsonBytes } from "../schema/json-text.js";
import { type SchemaName, validate } from "../schema/validate.js";
import { duplicateKeys } from "./duplicate-keys.js";
import { judgeLeak, type Known } from "./leak.js";
import { checkParticipantRules } from "./rules.js";

/** A body past the reader's cap: not judged further, whatever it holds. */
export function oversizedBody(limit: number): Finding {
  return { kind: "body", field: "(body)", rule: `must be at most ${limit} bytes`, actual: "a larger body" };
}

/** The body as JSON (and its text), or the finding that says why it is not. */
export function decodeJson(response: HttpResponse): { json: unknown; text: string } | { finding: Finding } {
  if (response.truncated) return { finding: oversizedBody(response.body.length) };
  const decoded = decodeJsonBytes(response.body);
  return "violation" in decoded ? { finding: { kind: "body", ...decoded.violation } } : decoded;
}

function asFindings(kind: FindingKind, violations: Violation[]): Finding[] {
  return violations.map((v) => ({
    kind,
    field: v.field,
    rule: v.rule,
    actual: v.actual,
    ...(v.expected ? { expected: v.expected } : {}),
    // A pointer points into the body; a header's violation is about the header map.
    ...(v.pointer !== undefined && kind !== "header" ? { pointer: v.pointer } : {}),
  }));
}

/**
 * Beside a wrong status, what else tells the answer is not the API's: a content type that
 * is not JSON, a body that is not JSON. A server answering HTML to everything is then one
 * cause across every check, whatever status each expected.
 */
function notJsonFindings(response: HttpResponse): Finding[] {
  const decoded = decodeJson(response);
  return [...judgeContentType(response), ...("finding" in decoded ? [decoded.finding] : [])];
}

/** The Content-Type alone: what a HEAD answer says of the body GET would send. */
export function judgeContentType(response: HttpResponse): Finding[] {
  return headerFindings(response).filter((f) => f.field === "content-type");
}

/**
 * `twilio`: the status Twilio itself gives here, carried as the rule's data, so that the same
 * defect seen by requests that accept different statuses (a HEAD that may also be 405, a
 * pact's exact 401) reads as one cause.
 */
function statusFindings(
  response: HttpResponse,
  accept: (status: number) => boolean,
  rule: string,
  twilio?: number,
): Finding[] {
  if (accept(response.status)) return [];
  const expected = twilio !== undefined ? { expected: { keyword: "status", value: twilio } } : {};
  return [{ kind: "status", field: "status", rule, actual: response.status, ...expected }];
}

/** Content-Type and, when present, the CORS headers; a 401's challenge (RFC 9110 §11.6.1). */
function headerFindings(response: HttpResponse): Finding[] {
  return asFindings("header", [
    ...validate("headers", response.headers),
    ...(response.status === 401 ? validate("unauthorizedHeaders", response.headers) : []),
  ]);
}

export interface ParticipantExpectation {
  requested: ParticipantRef;
  /** The account whose credentials asked: account_sid must equal it. Omitted when unknown (recorded traffic): not compared. */
  accountSid?: string;
  /** The variant asked for; omitted to infer it from the identifier (recorded traffic). */
  variant?: VariantName;
  strict: boolean;
  /** The origin under test: resource URLs there may be plain http (see judge/rules.ts). */
  origin?: string;
}

/**
 * A decoded participant body, judged: one key once (read from its text), the schema (and
 * `strict` when asked), then, only if the schema holds, the rules that relate the body to
 * the request. The live check and the layer-agreement test (tests/differential) both judge
 * bodies by this.
 */
export function participantViolations(
  decoded: { json: unknown; text: string },
  expected: ParticipantExpectation,
): {
  schema: Violation[];
  rules: Violation[];
} {
  const { json, text } = decoded;
  const schema = [...validate("participant", json), ...(expected.strict ? validate("strict", json) : [])];
  // The rules compare values whose types the schema vouches for; on a schema failure they would only repeat it.
  const related = schema.length
    ? []
    : checkParticipantRules(json as Participant, {
        requested: expected.requested,
        accountSid: expected.accountSid,
        variant: expected.variant,
        ...(expected.origin !== undefined ? { origin: expected.origin } : {}),
      });
  return { schema, rules: [...duplicateKeys(text), ...related] };
}

/** The Cache-Control directives that let a shared cache store an answer to a request with credentials (RFC 9111 §3.5). */
const SHARED_CACHE_DIRECTIVES = ["public", "s-maxage"] as const;

/**
 * A participant is only ever answered to a request with credentials: a shared cache may
 * store such an answer only when it says `public`, `s-maxage` or `must-revalidate`
 * (RFC 9111 §3.5), and one stored is handed to the next caller of that cache, whoever
 * it is. `must-revalidate` alone still sends every later request to the origin, which
 * checks its credentials; `private`, `no-store`, `no-cache` and `max-age` are all fine.
 */
export function judgeCaching(response: HttpResponse): Finding[] {
  const value = response.headers["cache-control"];
  if (value === undefined) return [];
  const names = headerList(value).map((d) => (d.split("=")[0] ?? "").trim());
  const shared = SHARED_CACHE_DIRECTIVES.filter((d) => names.includes(d));
  if (!shared.length) return [];
  return [
    {
      kind: "header",
      field: "cache-control",
      rule: `must not say ${shared.join(" or ")}: an answer to a request with credentials is the caller's alone, and RFC 9111 §3.5 lets a shared cache store it and hand it to the next caller, whoever that is`,
      actual: value,
      expected: { keyword: "not", value: [...SHARED_CACHE_DIRECTIVES] },
    },
  ];
}

/**
 * The content codings of an answer, each one the request accepted: `acceptEncoding` is the
 * request's Accept-Encoding, undefined when it sent none (as curl does by default). RFC 9110
 * §12.5.3 lets a server answer such a request in any coding; the suite asks for none there,
 * by choice: the reference's own example is that curl request, and curl, never having asked,
 * prints a compressed body as the bytes it is. With the header, RFC 9110 §12.5.3 says a
 * server SHOULD answer without a coding the request did not list. The reader decodes any coding it
 * knows, so the other findings stay readable; this says what the client would have seen.
 */
export function judgeContentCoding(response: HttpResponse, acceptEncoding: string | undefined): Finding[] {
  const value = response.headers["content-encoding"];
  if (value === undefined) return [];
  const codings = headerList(value).filter((c) => c !== "identity");
  if (codings.every((c) => acceptsCoding(acceptEncoding, c))) return [];
  const rule =
    acceptEncoding === undefined
      ? "must be absent (or identity) when the request sent no Accept-Encoding: RFC 9110 §12.5.3 permits any coding then, but the reference's own example is curl, which sends none and prints compressed bytes as they are; a client that never asked cannot be assumed to decode it"
      : `must name only codings the request's Accept-Encoding (${acceptEncoding}) accepts: RFC 9110 §12.5.3 says a server SHOULD answer without a coding the request did not list, and the suite holds to it (a client that listed its codings may not decode another)`;
  return [
    {
      kind: "header",
      field: "content-encoding",
      rule,
      actual: value,
      expected: { keyword: "acceptEncoding", value: acceptEncoding ?? null },
    },
  ];
}

/** A 200 with a participant: status, headers, schema, then the rules that relate body and request. */
export function judgeParticipant(response: HttpResponse, expected: ParticipantExpectation): Finding[] {
  const status = statusFindings(response, (s) => s === 200, "must be 200", 200);
  if (status.length) return [...status, ...notJsonFindings(response)];
  const headers = [...headerFindings(response), ...judgeCaching(response)];
  const decoded = decodeJson(response);
  if ("finding" in decoded) return [...headers, decoded.finding];
  const { schema, rules } = participantViolations(decoded, expected);
  return [...headers, ...asFindings("body", schema), ...asFindings("rule", rules)];
}

export interface ErrorExpectation {
  /** What the status must satisfy, and how to say it. */
  accept: (status: number) => boolean;
  statusRule: string;
  /** The status Twilio itself answers with, when the expectation allows others too. */
  twilioStatus?: number;
  /** The error schema the body must match. */
  schema: SchemaName;
}

/** A Twilio error response: status, JSON content type, error body, and `status` in the body equal to the HTTP status. */
export function judgeError(response: HttpResponse, expected: ErrorExpectation): Finding[] {
  const status = statusFindings(response, expected.accept, expected.statusRule, expected.twilioStatus);
  if (status.length) return [...status, ...notJsonFindings(response)];
  const decoded = decodeJson(response);
  if ("finding" in decoded) return [...headerFindings(response), decoded.finding];
  const schema = asFindings("body", validate(expected.schema, decoded.json));
  const bodyStatus = (decoded.json as { status?: unknown } | null)?.status;
  const consistent =
    schema.length || bodyStatus === response.status
      ? []
      : [
          {
            kind: "rule" as const,
            field: "status",
            rule: `must equal the HTTP status ${response.status}`,
            actual: bodyStatus,
          },
        ];
  return [
    ...headerFindings(response),
    ...asFindings("rule", duplicateKeys(decoded.text)),
    ...schema,
    ...consistent,
    ...(schema.length ? [] : moreInfoRule(decoded.json)),
  ];
}

/** Twilio's page for an error: `…/docs/errors/20404`. */
const ERROR_PAGE = /\/docs\/errors\/(\d+)\/?$/;

/**
 * `more_info` is where a caller reads what went wrong: when it is an error page of Twilio's
 * docs, it is the page of this error's code. Any other link (a fake's own docs) is not judged.
 */
function moreInfoRule(json: unknown): Finding[] {
  const { code, more_info: moreInfo } = json as { code?: unknown; more_info?: unknown };
  if (typeof moreInfo !== "string") return [];
  let path: string;
  try {
    path = new URL(moreInfo).pathname;
  } catch {
    return [];
  }
  const page = ERROR_PAGE.exec(path)?.[1];
  if (page === undefined || page === String(code)) return [];
  return [
    {
      kind: "rule",
      field: "more_info",
      rule: `must be the page of error ${String(code)}, the code of the body, when it is a Twilio error page`,
      actual: moreInfo,
    },
  ];
}

/**
 * A status that must be one of Twilio's answers, each of them JSON: when it is not, a
 * non-JSON answer is said too (its Content-Type; its body, unless it answered a HEAD, which
 * has none), so that one defect seen by status-only probes reads as the same cause.
 */
export function judgeAnswerStatus(
  response: HttpResponse,
  accept: (status: number) => boolean,
  rule: string,
  twilio: number | undefined,
  head = false,
): Finding[] {
  const status = statusFindings(response, accept, rule, twilio);
  if (!status.length) return [];
  const json = head ? judgeContentType(response) : notJsonFindings(response);
  return [...status, ...json];
}

/** HEAD is GET without the content (RFC 9110 §9.3.2): a body after it is one more answer than was asked for. */
export function judgeNoBody(response: HttpResponse): Finding[] {
  return response.body.length || response.truncated
    ? [{ kind: "http", field: "(body)", rule: "must be empty: a HEAD answer has no content", actual: "a body" }]
    : [];
}

/** What a live answer was an answer to, for the judges that read every answer. */
export interface LiveExchange {
  /** The 429s met on the way to it, each waited out. */
  throttled: readonly HttpResponse[];
  /** The request was a HEAD: its answers have no body. */
  head: boolean;
  /** The request's Accept-Encoding (undefined: it sent none). */
  acceptEncoding: string | undefined;
  /** What no answer but the participant may hold, and what the request itself carried (leak.ts). */
  known: readonly Known[];
  carried: () => string;
}

/**
 * Every live answer, whatever its row or relation asks of it (`own`, kept in between so that
 * an answer's first finding stays the row's): the 429s met on the way, a content coding its
 * request accepted, and, when it is not the participant, nothing of the participant.
 */
export function judgeLiveAnswer(response: HttpResponse, own: readonly Finding[], exchange: LiveExchange): Finding[] {
  return [
    ...exchange.throttled.flatMap((t) => judgeThrottle(t, exchange.head)),
    ...own,
    ...judgeContentCoding(response, exchange.acceptEncoding),
    ...judgeLeak(response, exchange.known, exchange.carried),
  ];
}

/**
 * A 429 on the way to an answer: waited out, not a finding; but one that does not say when
 * to retry (Retry-After, seconds or an HTTP-date) leaves every client guessing, and its body
 * is Twilio's rate-limit error, 20429 with status 429: another code (a 20003 "Authenticate")
 * sends a client after the wrong cause.
 */
export function judgeThrottle(response: HttpResponse, head = false): Finding[] {
  const retryAfter = response.headers["retry-after"];
  const header: Finding[] =
    retryAfterMs(retryAfter) !== undefined
      ? []
      : [
          {
            kind: "header",
            field: "retry-after",
            rule: "must say when to retry a 429: delta-seconds or an HTTP-date",
            ...(retryAfter !== undefined ? { actual: retryAfter } : {}),
          },
        ];
  // An answer to HEAD has no body to judge.
  if (head) return header;
  return [
    ...header,
    ...judgeError(response, {
      accept: (s) => s === 429,
      statusRule: "must be 429",
      twilioStatus: 429,
      schema: "tooManyRequests",
    }),
  ];
}

/** A provider that answered but broke HTTP on the way: what broke, as a finding. */
export function brokenHttp(error: BrokenAnswerError): Finding {
  return { kind: "http", field: error.field, rule: error.rule, ...(error.code ? { actual: error.code } : {}) };
}
