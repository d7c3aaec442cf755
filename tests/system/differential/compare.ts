/**
 * Both layers' verdicts on the same bodies, and what to make of each disagreement: a
 * by-design difference (by-design.ts) or a finding, grouped by the cause the body's edits
 * name and by which layer rejected.
 */
import type { BodyCase } from "./bodies.js";
import { type ByDesign, explain } from "./by-design.js";
import { type PactFile, type PactVerdict, pactVerdicts } from "./pact-layer.js";
import { type SchemaVerdict, schemaVerdict } from "./schema-layer.js";

export type Direction = "schema only rejects" | "pact only rejects";

export interface Judged {
  body: BodyCase;
  schema: SchemaVerdict;
  pact: PactVerdict;
  /** Set when the layers disagree. */
  direction?: Direction;
  /** Set when the disagreement is a by-design difference: the rows that account for it. */
  byDesign?: ByDesign[];
}

/** Both layers' verdicts on each body: the pact layer's from the committed pact, or from `pact` when given. */
export async function judge(bodies: readonly BodyCase[], pactFile?: PactFile): Promise<Judged[]> {
  const pact = await pactVerdicts(bodies, pactFile);
  return bodies.map((body, index) => {
    const schema = schemaVerdict(body.bytes, body.variant);
    const verdict = pact[index] as PactVerdict;
    if (schema.valid === verdict.valid) return { body, schema, pact: verdict };
    const direction: Direction = schema.valid ? "pact only rejects" : "schema only rejects";
    const byDesign = explain({
      direction,
      violations: schema.violations,
      mismatches: verdict.mismatches,
      json: schema.json,
    });
    return { body, schema, pact: verdict, direction, ...(byDesign ? { byDesign } : {}) };
  });
}

/** The top-level fields the rejecting layer names (`(body)` for the body as a whole). */
function rejectedFields(j: Judged): Set<string> {
  const fields =
    j.direction === "schema only rejects"
      ? j.schema.violations.map((v) => v.field.split(".")[0] ?? v.field)
      : j.pact.mismatches.map((m) =>
          m.path === "$" ? "(body)" : (m.path.replace(/^\$\./, "").split(".")[0] ?? m.path),
        );
  return new Set(fields);
}

/**
 * The causes a disagreement is due to: those of the body's edits that changed a field the
 * rejecting layer names; all of its edits' causes when none did.
 */
export function causesOf(j: Judged): string[] {
  const rejected = rejectedFields(j);
  const named = j.body.edits.filter((e) => e.fields.some((f) => rejected.has(f)));
  return [...new Set((named.length ? named : j.body.edits).map((e) => e.cause))].sort();
}

/** `cause (direction)` -> the disagreeing bodies. */
export function groupByCause(judged: readonly Judged[]): Map<string, Judged[]> {
  const groups = new Map<string, Judged[]>();
  for (const j of judged) {
    if (!j.direction) continue;
    const key = `${causesOf(j).join(" + ")} (${j.direction})`;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One line per disagreeing body: its name, both verdicts' reasons. */
export function describeDisagreement(j: Judged): string {
  const schema = j.schema.violations.map((v) => `${v.field}: ${v.rule}`).join("; ") || "valid";
  const pact = j.pact.mismatches.map((m) => `${m.path}: ${m.message}`).join("; ") || "valid";
  return `${j.body.name} | schema: ${schema} | pact: ${pact}`.slice(0, 400);
}
