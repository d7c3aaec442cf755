/**
 * What the schema tests share: a valid body per variant, the schema files read as data
 * (so limits and patterns are derived, not re-typed), and the case-table runner that
 * turns one row into one `it`.
 */
import { expect } from "chai";
import fc from "fast-check";
import { exampleAccountSid, exampleRef, type VariantName, variants } from "../../src/core/cases.js";
import { participantBody, TWILIO_PROXY_BASE_URL } from "../../src/core/resource.js";
import type { Participant } from "../../src/core/types.generated.js";
import { formatViolation } from "../../src/core/violation.js";
import { loadSchemaFiles, type SchemaName, validate } from "../../src/schema/validate.js";

/** A JSON Schema node, read loosely: the tests only look up keywords they know. */
export type SchemaNode = Record<string, unknown> & {
  properties?: Record<string, SchemaNode>;
  $defs?: Record<string, SchemaNode>;
  required?: string[];
  anyOf?: SchemaNode[];
};

const files = loadSchemaFiles() as Map<string, SchemaNode>;

/** One schema file from schemas/, as written. */
export function schemaFile(name: string): SchemaNode {
  const schema = files.get(name);
  if (!schema) throw new Error(`schemas/${name} is missing`);
  return schema;
}

/** A property's schema in a file's top-level `properties`. */
export function propertyOf(file: string, key: string): SchemaNode {
  const node = schemaFile(file).properties?.[key];
  if (!node) throw new Error(`schemas/${file} has no property ${key}`);
  return node;
}

/** A keyword's number value (maxLength, minLength...) in a schema node. */
export function numberKeyword(node: SchemaNode, keyword: string): number {
  const value = node[keyword];
  if (typeof value !== "number") throw new Error(`expected a number for ${keyword}, found ${JSON.stringify(value)}`);
  return value;
}

/**
 * The SID types of sid.schema.json by name (AccountSid, ServiceSid...), each with the
 * definition that carries its pattern and length (`AccountSidOrNull`, which `AccountSid`
 * narrows to strings).
 */
export function sidDefs(): [name: string, def: SchemaNode][] {
  const defs = schemaFile("sid.schema.json").$defs ?? {};
  return Object.keys(defs)
    .filter((name) => !name.endsWith("OrNull"))
    .map((name) => [name, defs[`${name}OrNull`] ?? {}]);
}

/** The SID definition a nullable SID property of participant.schema.json points at. */
export function sidDefOf(key: string): SchemaNode {
  const ref = propertyOf("participant.schema.json", key).$ref;
  const name = typeof ref === "string" ? /^sid\.schema\.json#\/\$defs\/(\w+)$/.exec(ref)?.[1] : undefined;
  const def = name ? schemaFile("sid.schema.json").$defs?.[name] : undefined;
  if (!def) throw new Error(`participant.${key} does not reference a SID definition`);
  return def;
}

export const SID_FIELDS = ["sid", "session_sid", "service_sid", "account_sid", "proxy_identifier_sid"] as const;

/** A body Twilio could send for the reference's example participant of this variant. */
export function validParticipant(variant: VariantName = "phone"): Participant {
  return participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, variants[variant].traits);
}

/** The body with one key removed. */
export function without(body: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

/** One row of a case table: a one-line name, a value, and the verdict expected of a schema. */
export interface Case {
  name: string;
  value: unknown;
  /** Undefined when the value must be accepted. */
  rejected?: { field: string; rule: string };
}

export const accept = (name: string, value: unknown): Case => ({ name, value });
export const reject = (name: string, value: unknown, field: string, rule: string): Case => ({
  name,
  value,
  rejected: { field, rule },
});

/** Asserts a row's verdict; a rejection must name the field and contain the rule text. */
export function expectVerdict(schema: SchemaName, row: Case): void {
  const found = validate(schema, row.value);
  const shown = found.map(formatViolation);
  if (!row.rejected) {
    expect(shown, "expected no violations").to.deep.equal([]);
    return;
  }
  const { field, rule } = row.rejected;
  const named = found.some((v) => v.field === field && v.rule.includes(rule));
  expect(named, `expected a violation of ${field} containing "${rule}", got [${shown.join("; ")}]`).to.equal(true);
}

/** One `it` per row, named after the row. */
export function runCases(schema: SchemaName, rows: readonly Case[]): void {
  for (const row of rows) it(row.name, () => expectVerdict(schema, row));
}

export const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Date-times with every part drawn from a range a little wider than valid, so both verdicts occur. */
export const dateTimeLike = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1900, 2000, 2015, 2016, 2100, 2400)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.constantFrom("", ".5", ".123456789", ".", ",5"),
    separator: fc.constantFrom("T", "t", " ", "_", "\u00A0"),
    zone: fc.oneof(
      fc.constantFrom("Z", "z", "", "+00:00", "-00:00", "+0000", "+00"),
      fc
        .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
        .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
    ),
  })
  .map(
    (p) =>
      `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}${p.separator}${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.fraction}${p.zone}`,
  );
