/**
 * The schema layer's verdict on a body: what the verifier's live checks decide about a
 * 200 response with these bytes (src/verify/responses.ts): the body decoded, then the
 * participant schema and the rules for the requested participant and the caller.
 */
import { exampleAccountSid, exampleRef, type VariantName } from "../../../src/core/cases.js";
import type { Violation } from "../../../src/core/violation.js";
import { participantViolations } from "../../../src/judge/answer.js";
import { decodeJsonBytes } from "../../../src/schema/json-text.js";

export interface SchemaVerdict {
  valid: boolean;
  violations: Violation[];
  /** The decoded body, when the bytes were JSON text for this API. */
  json?: unknown;
}

export function schemaVerdict(bytes: Buffer, variant: VariantName): SchemaVerdict {
  const decoded = decodeJsonBytes(bytes);
  if ("violation" in decoded) return { valid: false, violations: [decoded.violation] };
  const { schema, rules } = participantViolations(decoded, {
    requested: exampleRef,
    accountSid: exampleAccountSid,
    variant,
    strict: false,
  });
  const violations = [...schema, ...rules];
  return { valid: violations.length === 0, violations, json: decoded.json };
}
