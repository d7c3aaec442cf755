/**
 * Judges one live response: status, headers, body bytes, then the schema and the
 * semantic rules. Each function returns findings; none throws for a bad response.
 */
import type { VariantName } from "../cases.js";
import type { ParticipantRef } from "../resource.js";
import { checkParticipantRules } from "../rules.js";
import { type SchemaName, validate } from "../schemas.js";
import type { Participant } from "../types.generated.js";
import type { Violation } from "../violation.js";
import type { Finding, FindingKind } from "./findings.js";
import type { LiveResponse } from "./http.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

function asFindings(kind: FindingKind, violations: Violation[]): Finding[] {
  return violations.map((v) => ({ kind, field: v.field, rule: v.rule, actual: v.actual }));
}

function statusFindings(response: LiveResponse, accept: (status: number) => boolean, rule: string): Finding[] {
  return accept(response.status) ? [] : [{ kind: "status", field: "status", rule, actual: response.status }];
}

/** Content-Type and, when present, the CORS headers. */
function headerFindings(response: LiveResponse): Finding[] {
  return asFindings("header", validate("headers", response.headers));
}

/** The body as JSON, or the finding that says why it is not. */
export function decodeJson(response: LiveResponse): { json: unknown } | { finding: Finding } {
  const body = (rule: string, actual: unknown): { finding: Finding } => ({
    finding: { kind: "body", field: "(body)", rule, actual },
  });
  if (response.truncated) return body(`must be at most ${response.body.length} bytes`, "a larger body");
  let text: string;
  try {
    text = utf8.decode(response.body);
  } catch {
    return body("must be UTF-8", `${response.body.length} bytes that are not`);
  }
  try {
    return { json: JSON.parse(text) };
  } catch {
    return body("must be JSON", text.trimStart().slice(0, 40) || "an empty body");
  }
}

export interface ParticipantExpectation {
  requested: ParticipantRef;
  accountSid: string;
  variant: VariantName;
  strict: boolean;
}

/** A 200 with a participant: status, headers, schema, then the rules that relate body and request. */
export function judgeParticipant(response: LiveResponse, expected: ParticipantExpectation): Finding[] {
  const status = statusFindings(response, (s) => s === 200, "must be 200");
  if (status.length) return status;
  const decoded = decodeJson(response);
  if ("finding" in decoded) return [...headerFindings(response), decoded.finding];
  const schema = asFindings("body", [
    ...validate("participant", decoded.json),
    ...(expected.strict ? validate("strict", decoded.json) : []),
  ]);
  // The rules compare values whose types the schema vouches for; on a schema failure they would only repeat it.
  const rules = schema.length
    ? []
    : asFindings(
        "rule",
        checkParticipantRules(decoded.json as Participant, {
          requested: expected.requested,
          accountSid: expected.accountSid,
          variant: expected.variant,
        }),
      );
  return [...headerFindings(response), ...schema, ...rules];
}

export interface ErrorExpectation {
  /** What the status must satisfy, and how to say it. */
  accept: (status: number) => boolean;
  statusRule: string;
  /** The error schema the body must match. */
  schema: SchemaName;
}

/** A Twilio error response: status, JSON content type, error body, and `status` in the body equal to the HTTP status. */
export function judgeError(response: LiveResponse, expected: ErrorExpectation): Finding[] {
  const status = statusFindings(response, expected.accept, expected.statusRule);
  if (status.length) return status;
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
