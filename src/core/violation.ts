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
  /**
   * Set by a rule that judges the value against something outside it: the request that
   * produced the body, the caller's account, or another field of the body. Pact's matchers
   * judge each value on its own, so a pact cannot promise these (see the README's
   * by-design differences).
   */
  comparedWith?: "request" | "caller" | "field";
  /** The rule as data (a schema keyword and its parameter): see Finding.expected. */
  expected?: { keyword: string; value?: unknown };
  /** Where in the body: see Finding.pointer. */
  pointer?: string;
}

const MAX_ACTUAL = 60;

/** How deep, and how many values in all, a finding's actual value keeps of what it was given. */
export const ACTUAL_BOUNDS = { depth: 16, values: 1000 } as const;

/**
 * A copy of a value others gave (a provider's parsed body, a pact verifier's report of it)
 * that is safe to carry in a finding: at most ACTUAL_BOUNDS.depth levels and
 * ACTUAL_BOUNDS.values values, what lies beyond written as a short note. Copied with an
 * explicit stack: a value nested 100,000 deep would overflow JSON.stringify, or anything
 * that walks it recursively, in every report. `cut` shortens each string: only a reporter,
 * after redaction, cuts (a cut before could split a secret that redaction then misses).
 */
export function boundedActual(value: unknown, cut: (text: string) => string = (text) => text): unknown {
  if (typeof value === "string") return cut(value);
  if (value === null || typeof value !== "object") return value;
  let budget: number = ACTUAL_BOUNDS.values;
  const beyond = (item: unknown) => (Array.isArray(item) ? "[…]" : "{…}");
  const copyOf = (item: unknown, depth: number): unknown => {
    if (typeof item === "string") return cut(item);
    if (item === null || typeof item !== "object") return item;
    if (depth >= ACTUAL_BOUNDS.depth || budget <= 0) return beyond(item);
    return Array.isArray(item) ? ([] as unknown[]) : {};
  };
  const root = copyOf(value, 0);
  const pending: [unknown, unknown, number][] = [[value, root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [source, target, depth] = next;
    if (typeof target !== "object" || target === null) continue;
    const entries = Array.isArray(source) ? source.entries() : Object.entries(source as object);
    for (const [key, item] of entries) {
      if (budget-- <= 0) {
        if (Array.isArray(target)) target.push("…");
        else Object.defineProperty(target, "…", { value: "…", enumerable: true, writable: true, configurable: true });
        break;
      }
      const copy = copyOf(item, depth + 1);
      // defineProperty: a key "__proto__" (JSON.parse makes it an own key) stays a key.
      if (Array.isArray(target)) target.push(copy);
      else Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
      if (typeof copy === "object" && copy !== null) pending.push([item, copy, depth + 1]);
    }
  }
  return root;
}

/** JSON text of a value, or a plain description where JSON.stringify cannot give one (a cycle, a BigInt, extreme depth). */
function asText(actual: unknown): string {
  try {
    return JSON.stringify(actual) ?? String(actual);
  } catch {
    return Array.isArray(actual) ? "an array" : typeof actual === "object" ? "an object" : typeof actual;
  }
}

/** At most `max` UTF-16 units, `…` last when cut, never half of a surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // A high surrogate left at the end would stand alone: cut before it.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Renders an actual value for a one-line message: JSON, cut short when long. */
export function describeActual(actual: unknown): string {
  if (actual === undefined) return "nothing";
  return shorten(asText(actual), MAX_ACTUAL);
}

/** `sid: must match ^KP[0-9a-fA-F]{32}$, got "KX9e8d…"` */
export function formatViolation(v: Violation): string {
  return `${v.field}: ${v.rule}, got ${describeActual(v.actual)}`;
}

/** The JSON Pointer (RFC 6901) of a dotted field (`links.message_interactions`); `(body)` is the whole body. */
export function pointerOf(field: string): string {
  if (field === "(body)") return "";
  return `/${field
    .split(".")
    .map((s) => s.replace(/~/g, "~0").replace(/\//g, "~1"))
    .join("/")}`;
}
