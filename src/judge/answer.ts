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
import { type SchemaName, validate } from "../schema/validate.js";
import { checkParticipantRules } from "./rules.js";

// ignoreBOM keeps a leading byte-order mark in the text, so that it is seen and refused rather than dropped.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The deepest nesting of arrays and objects a body may have: the Pact verifier's JSON
 * parser (Rust's serde_json) refuses a 128th level, and past a few thousand levels
 * JSON.stringify (reports, redaction) would overflow the stack.
 */
export const MAX_NESTING = 127;

/** A UTF-16 surrogate that is not half of a pair: JSON.parse takes `"\ud800"`, but no UTF-8 text can hold it. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** How deep arrays and objects nest in JSON text, counted outside strings (a loop: no recursion to overflow). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** The first string (key or value) with a lone surrogate, or number beyond a double, in a parsed value. */
function firstUnrepresentable(
  value: unknown,
): { path: string; problem: "surrogate" | "number"; actual: unknown } | undefined {
  const stack: [unknown, string][] = [[value, ""]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, path] = next;
    if (typeof node === "string" && LONE_SURROGATE.test(node)) return { path, problem: "surrogate", actual: node };
    if (typeof node === "number" && !Number.isFinite(node)) return { path, problem: "number", actual: node };
    if (node === null || typeof node !== "object") continue;
    for (const [key, child] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if (LONE_SURROGATE.test(key)) return { path: at, problem: "surrogate", actual: key };
      stack.push([child, at]);
    }
  }
  return undefined;
}

/**
 * The one place that decides what is JSON text for this API, for the verifier and the
 * client alike: UTF-8 without a byte-order mark (RFC 8259 section 8.1), JSON, no lone
 * surrogate in any string ("Supports UTF-8 characters"), no number beyond a double,
 * nesting within MAX_NESTING. Everything the Pact verifier's parser refuses is refused
 * here too, and what passes is safe for every later step (validation, JSON.stringify).
 */
export function decodeJsonBytes(bytes: Uint8Array): { json: unknown } | { violation: Violation } {
  const refuse = (rule: string, actual: unknown, field = "(body)") => ({ violation: { field, rule, actual } });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return refuse("must be UTF-8", `${bytes.length} bytes that are not`);
  }
  if (text.startsWith("\uFEFF")) return refuse("must not start with a byte-order mark", "EF BB BF, then JSON");
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING) {
    return refuse(`must not nest arrays and objects more than ${MAX_NESTING} levels deep`, `${depth} levels`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The whole text: whoever shows it redacts secrets first and cuts it short after.
    return refuse("must be JSON", text.trimStart() || "an empty body");
  }
  const found = firstUnrepresentable(json);
  if (found?.problem === "surrogate") {
    return refuse(
      "must not hold a lone UTF-16 surrogate (not a Unicode character)",
      found.actual,
      found.path || "(body)",
    );
  }
  if (found?.problem === "number") {
    return refuse("must not hold a number beyond the range of a double", "a number too large", found.path || "(body)");
  }
  return { json };
}

/** The body as JSON, or the finding that says why it is not. */
export function decodeJson(response: HttpResponse): { json: unknown } | { finding: Finding } {
  if (response.truncated) {
    return {
      finding: {
        kind: "body",
        field: "(body)",
        rule: `must be at most ${response.body.length} bytes`,
        actual: "a larger body",
      },
    };
  }
  const decoded = decodeJsonBytes(response.body);
  return "violation" in decoded ? { finding: { kind: "body", ...decoded.violation } } : decoded;
}

function asFindings(kind: FindingKind, violations: Violation[]): Finding[] {
  return violations.map((v) => ({ kind, field: v.field, rule: v.rule, actual: v.actual }));
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
  if (status.length) return status;
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
