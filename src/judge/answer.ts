/**
 * Judges one live response: status, headers, body bytes, then the schema and the
 * semantic rules. Each function returns findings; none throws for a bad response.
 */
import type { VariantName } from "../core/cases.js";
import type { Finding, FindingKind } from "../core/findings.js";
import type { ParticipantRef } from "../core/resource.js";
import type { Participant } from "../core/types.generated.js";
import type { Violation } from "../core/violation.js";
import type { HttpResponse } from "../net/reader.js";
import { decodeJsonBytes } from "../schema/json-text.js";
import { type SchemaName, validate } from "../schema/validate.js";
import { checkParticipantRules } from "./rules.js";

/** A body past the reader's cap: not judged further, whatever it holds. */
export function oversizedBody(limit: number): Finding {
  return { kind: "body", field: "(body)", rule: `must be at most ${limit} bytes`, actual: "a larger body" };
}

/** The body as JSON, or the finding that says why it is not. */
export function decodeJson(response: HttpResponse): { json: unknown } | { finding: Finding } {
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
  const contentType = headerFindings(response).filter((f) => f.field === "content-type");
  return [...contentType, ...("finding" in decoded ? [decoded.finding] : [])];
}

function statusFindings(response: HttpResponse, accept: (status: number) => boolean, rule: string): Finding[] {
  return accept(response.status) ? [] : [{ kind: "status", field: "status", rule, actual: response.status }];
}

/** Content-Type and, when present, the CORS headers. */
function headerFindings(response: HttpResponse): Finding[] {
  return asFindings("header", validate("headers", response.headers));
}

export interface ParticipantExpectation {
  requested: ParticipantRef;
  accountSid: string;
  variant: VariantName;
  strict: boolean;
}

/**
 * A decoded participant body, judged: the schema (and `strict` when asked), then, only if
 * the schema holds, the rules that relate the body to the request. The live check and the
 * layer-agreement test (tests/differential) both judge bodies by this.
 */
export function participantViolations(
  json: unknown,
  expected: ParticipantExpectation,
): {
  schema: Violation[];
  rules: Violation[];
} {
  const schema = [...validate("participant", json), ...(expected.strict ? validate("strict", json) : [])];
  // The rules compare values whose types the schema vouches for; on a schema failure they would only repeat it.
  const rules = schema.length
    ? []
    : checkParticipantRules(json as Participant, {
        requested: expected.requested,
        accountSid: expected.accountSid,
        variant: expected.variant,
      });
  return { schema, rules };
}

/** A 200 with a participant: status, headers, schema, then the rules that relate body and request. */
export function judgeParticipant(response: HttpResponse, expected: ParticipantExpectation): Finding[] {
  const status = statusFindings(response, (s) => s === 200, "must be 200");
  if (status.length) return [...status, ...notJsonFindings(response)];
  const decoded = decodeJson(response);
  if ("finding" in decoded) return [...headerFindings(response), decoded.finding];
  const { schema, rules } = participantViolations(decoded.json, expected);
  return [...headerFindings(response), ...asFindings("body", schema), ...asFindings("rule", rules)];
}

export interface ErrorExpectation {
  /** What the status must satisfy, and how to say it. */
  accept: (status: number) => boolean;
  statusRule: string;
  /** The error schema the body must match. */
  schema: SchemaName;
}

/** A Twilio error response: status, JSON content type, error body, and `status` in the body equal to the HTTP status. */
export function judgeError(response: HttpResponse, expected: ErrorExpectation): Finding[] {
  const status = statusFindings(response, expected.accept, expected.statusRule);
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
  return [...headerFindings(response), ...schema, ...consistent];
}
