/**
 * One participant exchange judged, whoever saw it: verify's conformance checks (requests
 * of their own), `check` (exchanges recorded in a HAR file) and `proxy` (traffic passing
 * through). A request (method, path, the caller's account when known) and its answer go
 * in; findings and the answer as evidence come out. Everything it knows is answer.ts and
 * rules.ts: this module only decides which of their judgements an answer gets.
 */
import type { VariantName } from "../core/cases.js";
import type { Evidence, Finding } from "../core/findings.js";
import { API_PATH_PATTERN, type ParticipantRef, parseParticipantPath } from "../core/resource.js";
import type { HttpResponse } from "../net/reader.js";
import { type ErrorExpectation, judgeError, judgeParticipant, judgeThrottle } from "./answer.js";
import { evidenceOf } from "./evidence.js";

export interface ExchangeRequest {
  method: string;
  /** As sent: the path, with any query. */
  path: string;
  /** The account whose credentials made the request, when known: `account_sid` must equal it. */
  accountSid?: string;
  /** The origin the request went to (scheme://host:port): resource URLs there may be plain http. */
  origin?: string;
}

export interface Exchange {
  request: ExchangeRequest;
  response: HttpResponse;
}

export interface ExchangeExpectation {
  /**
   * The caller asked for a participant it knows exists, of this variant (verify's
   * conformance checks): only a 200 with that participant passes. Without it (recorded
   * or proxied traffic) every answer the contract allows passes: the participant, or
   * Twilio's error body.
   */
  participant?: VariantName;
  /** Reject fields the reference does not define. */
  strict?: boolean;
}

export interface JudgedExchange {
  /** The participant the request asked for; undefined when it asked for none. */
  requested?: ParticipantRef;
  findings: Finding[];
  /** The answer, whole: redacted by the command before any reporter cuts it. */
  response: Evidence;
}

/** The request as the contract names it, for messages: `GET /v1/Services/{ServiceSid}/…`. */
export const PARTICIPANT_REQUEST = `GET ${API_PATH_PATTERN}`;

/** Statuses that say honestly a request names nothing: Twilio's 404, or 400 and 422. */
const HONEST_MALFORMED = new Set([400, 404, 422]);

/** Twilio's answers besides the participant, by status: each with Twilio's error body, `status` equal to the HTTP status. */
export const TWILIO_ERROR_ANSWERS = {
  notFound: { accept: (s) => s === 404, statusRule: "must be 404", twilioStatus: 404, schema: "notFound" },
  unauthorized: { accept: (s) => s === 401, statusRule: "must be 401", twilioStatus: 401, schema: "unauthorized" },
  // Twilio answers 404 for a malformed SID; 400 and 422 say honestly that the request is wrong.
  // A 401, 403 or 429 to the right credentials would blame the caller for something else.
  malformed: {
    accept: (s) => HONEST_MALFORMED.has(s),
    statusRule: "must be 404 (Twilio's answer), 400 or 422",
    twilioStatus: 404,
    schema: "error",
  },
  // A rate limit (429), a forbidden account (403): other 4xx are honest answers in Twilio's error body.
  clientError: { accept: (s) => s >= 400 && s < 500, statusRule: "must be a 4xx client error", schema: "error" },
} as const satisfies Record<string, ErrorExpectation>;

/** The participant a request asks for: a GET of the participant path (any query aside), or undefined. */
export function participantRequested(request: Pick<ExchangeRequest, "method" | "path">): ParticipantRef | undefined {
  if (request.method !== "GET") return undefined;
  return parseParticipantPath(request.path.split("?")[0] ?? "");
}

/** Who asked and where: the account to compare `account_sid` with, the origin whose URLs may be http. */
function callerOf(request: ExchangeRequest): { accountSid?: string; origin?: string } {
  return {
    ...(request.accountSid !== undefined ? { accountSid: request.accountSid } : {}),
    ...(request.origin !== undefined ? { origin: request.origin } : {}),
  };
}

/** What an answer to traffic is judged as, by its status: the participant, one of Twilio's errors, or no answer the contract has. */
function judgeTraffic(response: HttpResponse, requested: ParticipantRef, exchange: Exchange, strict: boolean) {
  const { status } = response;
  if (status === 200) return judgeParticipant(response, { requested, ...callerOf(exchange.request), strict });
  if (status === 429) return judgeThrottle(response);
  if (status === 404) return judgeError(response, TWILIO_ERROR_ANSWERS.notFound);
  if (status === 401) return judgeError(response, TWILIO_ERROR_ANSWERS.unauthorized);
  if (status >= 400 && status < 500) return judgeError(response, TWILIO_ERROR_ANSWERS.clientError);
  const finding: Finding = {
    kind: "status",
    field: "status",
    rule: "must be 200 with the participant, or a 4xx with Twilio's error body (401, 404)",
    actual: status,
  };
  return [finding];
}

/**
 * Judges one exchange. A request that is no GET of the participant path is not the
 * contract's: it gets one finding saying so (callers pick exchanges with participantRequested).
 */
export function judgeExchange(exchange: Exchange, expectation: ExchangeExpectation = {}): JudgedExchange {
  const { request, response } = exchange;
  const requested = participantRequested(request);
  if (!requested) {
    const finding: Finding = {
      kind: "rule",
      field: "(request)",
      rule: `must be ${PARTICIPANT_REQUEST} to be judged by this contract`,
      actual: `${request.method} ${request.path}`,
    };
    return { findings: [finding], response: evidenceOf(response) };
  }
  const strict = expectation.strict ?? false;
  const findings = expectation.participant
    ? judgeParticipant(response, { requested, ...callerOf(request), variant: expectation.participant, strict })
    : judgeTraffic(response, requested, exchange, strict);
  return { requested, findings, response: evidenceOf(response) };
}
