/**
 * Where the schema layer and the pact layer may disagree, on purpose: one row per
 * difference, with what differs, which layer rejects, and why the pact cannot say more
 * (or why the schema says less). A disagreement is excused only when every reason the
 * rejecting layer gives is one of these rows; docs/contracts.md's table is generated from
 * these rows (`npm run gen:docs`).
 */

import type { Violation } from "../../../src/core/violation.js";
import type { Direction } from "./compare.js";
import type { PactMismatch } from "./pact-layer.js";

export interface ByDesign {
  id: "cross-field" | "non-string-text" | "links-null" | "duplicate-key";
  /** What differs, as docs/contracts.md's table says it. */
  what: string;
  /** The layer that rejects. */
  rejectedBy: "schema" | "pact";
  why: string;
}

export const BY_DESIGN: readonly ByDesign[] = [
  {
    id: "cross-field",
    what: "a body SID other than the requested path's, account_sid other than the caller's, url not the requested resource's own, links.message_interactions not under url (or, with url null, not the requested resource's), date_updated or date_deleted before date_created",
    rejectedBy: "schema",
    why: "Pact judges each value on its own: a response body cannot refer to the request or to another field. The rules (src/judge/rules.ts) check these in the verifier's live checks and in the client.",
  },
  {
    id: "duplicate-key",
    what: "a key named twice in one object (a stale account_sid first, the right one last)",
    rejectedBy: "schema",
    why: "Pact's verifier parses the body before any matcher runs, and its parser (serde_json) keeps the last of a repeated key, as JSON.parse does: the first value is gone before anything can judge it. The rule reads the body's text (src/judge/duplicate-keys.ts), in the verifier's live checks, check and proxy.",
  },
  {
    id: "non-string-text",
    what: "a non-string whose JSON text the field's regex accepts: friendly_name as a number, boolean, array or object; the phone proxy_identifier as a number of 3 to 8 digits",
    rejectedBy: "schema",
    why: "Pact's regex matcher reads a non-string as its JSON text, and each field gets one rule list, AND or OR: 'a string matching the pattern, or null' would need (type and regex) or null, which the pact format cannot nest (the verifier picks one rule list per field).",
  },
  {
    id: "links-null",
    what: "links: null",
    rejectedBy: "pact",
    why: "The verifier applies an OR rule list on an object as AND, so links cannot be 'an object or null'. The reference never says links may be null; the schema follows Twilio's OpenAPI, which does.",
  },
];

const row = (id: ByDesign["id"]) => BY_DESIGN.find((r) => r.id === id) as ByDesign;

/** Fields whose pact rule is a regex or null: a non-string there is judged by its JSON text. */
const REGEX_OR_NULL_FIELDS = new Set(["friendly_name", "proxy_identifier"]);

function explainViolation(v: Violation, json: unknown): ByDesign | undefined {
  if (v.comparedWith) return row("cross-field");
  if (v.expected?.keyword === "uniqueKeys") return row("duplicate-key");
  const value = json !== null && typeof json === "object" ? (json as Record<string, unknown>)[v.field] : undefined;
  if (REGEX_OR_NULL_FIELDS.has(v.field) && value !== null && value !== undefined && typeof value !== "string") {
    return row("non-string-text");
  }
  return undefined;
}

function explainMismatch(m: PactMismatch, json: unknown): ByDesign | undefined {
  const links = json !== null && typeof json === "object" ? (json as { links?: unknown }).links : undefined;
  return m.path === "$.links" && links === null ? row("links-null") : undefined;
}

/** The by-design rows that account for every reason the rejecting layer gave, or undefined if one is unexplained. */
export function explain(disagreement: {
  direction: Direction;
  violations: readonly Violation[];
  mismatches: readonly PactMismatch[];
  json: unknown;
}): ByDesign[] | undefined {
  const { direction, violations, mismatches, json } = disagreement;
  const reasons =
    direction === "schema only rejects"
      ? violations.map((v) => explainViolation(v, json))
      : mismatches.map((m) => explainMismatch(m, json));
  if (!reasons.length || reasons.some((r) => r === undefined)) return undefined;
  return [...new Set(reasons as ByDesign[])];
}
