/**
 * A broken rule, as data. Schema errors (from ajv) and semantic rule errors share
 * this shape so that every layer above reports them the same way; they become text
 * only in formatViolation.
 */
export interface Violation {
  /** Dotted path of the offending value (`links.message_interactions`), or `(body)`. */
  field: string;
  /** What the value must satisfy, phrased to follow the field name. */
  rule: string;
  /** The offending value; undefined when the value is missing. */
  actual: unknown;
}

const MAX_ACTUAL = 60;

/** Renders an actual value for a one-line message: JSON, cut short when long. */
export function describeActual(actual: unknown): string {
  if (actual === undefined) return "nothing";
  const text = JSON.stringify(actual) ?? String(actual);
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL - 1)}…` : text;
}

/** `sid: must match ^KP[0-9a-fA-F]{32}$, got "KX9e8d…"` */
export function formatViolation(v: Violation): string {
  return `${v.field}: ${v.rule}, got ${describeActual(v.actual)}`;
}
