/**
 * Bodies to judge: the edits of edges.ts applied to the reference's examples, one per
 * edit for the test (a few hundred), or one or two at a time, drawn with a seed and
 * mixed with generated values, for the fuzz run (thousands).
 */
import fc from "fast-check";
import type { VariantName } from "../../../src/core/cases.js";
import { allEdits, type Body, type Edit, referenceBody } from "./edges.js";
import { generatedEdits } from "./generated.js";

export interface BodyCase {
  /** The edits' names, joined: what makes this body what it is. */
  name: string;
  /** Each edit's cause and the top-level keys it changed (`(body)` for the bytes): reports group by cause. */
  edits: { cause: string; fields: string[] }[];
  variant: VariantName;
  bytes: Buffer;
}

const VARIANTS: readonly VariantName[] = ["phone", "messenger"];

/** The top-level keys whose value (or presence) differs between two bodies. */
function changedKeys(before: Body, after: Body): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]) || key in before !== key in after,
  );
}

export function applyEdits(variant: VariantName, edits: readonly Edit[]): BodyCase {
  const body: Body = referenceBody(variant);
  const applied: BodyCase["edits"] = [];
  for (const edit of edits) {
    const before = { ...body };
    edit.change?.(body, variant);
    applied.push({ cause: edit.cause, fields: [...changedKeys(before, body), ...(edit.bytes ? ["(body)"] : [])] });
  }
  let bytes: Buffer = Buffer.from(JSON.stringify(body), "utf8");
  for (const edit of edits) if (edit.bytes) bytes = edit.bytes(bytes);
  return { name: `${variant}: ${edits.map((e) => e.name).join(" + ")}`, edits: applied, variant, bytes };
}

const appliesTo = (edit: Edit, variant: VariantName) => !edit.variants || edit.variants.includes(variant);

/** One body per edit of the table; an edit for both variants goes to one of them, alternately. */
export function tableBodies(): BodyCase[] {
  return allEdits().map((edit, index) => {
    const variant = edit.variants?.[0] ?? (VARIANTS[index % 2] as VariantName);
    return applyEdits(variant, [edit]);
  });
}

/**
 * `count` bodies drawn with `seed`: each the table's edits or generated ones, one or two
 * at a time, on either variant. The same seed gives the same bodies.
 */
export function fuzzBodies(count: number, seed: number): BodyCase[] {
  const table = allEdits();
  const anyEdit = fc.oneof(
    { arbitrary: fc.constantFrom(...table), weight: 1 },
    { arbitrary: generatedEdits(), weight: 1 },
  );
  const arbitrary = fc
    .tuple(fc.constantFrom(...VARIANTS), fc.array(anyEdit, { minLength: 1, maxLength: 2 }))
    .map(([variant, edits]) =>
      applyEdits(
        variant,
        edits.filter((e) => appliesTo(e, variant)),
      ),
    )
    .filter((body) => body.edits.length > 0);
  return fc.sample(arbitrary, { numRuns: count, seed });
}
