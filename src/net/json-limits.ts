/**
 * How deep a parsed JSON value nests, measured without recursion: JSON.parse accepts
 * nesting far deeper than anything that walks a value recursively afterwards
 * (JSON.stringify, a validator) can take, and others' answers must fail with a named
 * reason, not with the stack running out somewhere later.
 */

/** Deeper than any answer this suite reads needs; the pact verifier itself refuses more than 128. */
export const MAX_JSON_DEPTH = 128;

/** Whether `value` nests containers deeper than `max` levels (a scalar is depth 0). */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== "object") continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === "object") pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** JSON text parsed, or why not, in words: "not JSON", or "JSON nested deeper than 128 levels". */
export function parseBoundedJson(text: string, max = MAX_JSON_DEPTH): { value: unknown } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A RangeError here is V8 running out of stack on pathological nesting: the same verdict.
    return error instanceof RangeError ? { problem: `JSON nested deeper than ${max} levels` } : { problem: "not JSON" };
  }
  if (nestsDeeperThan(value, max)) return { problem: `JSON nested deeper than ${max} levels` };
  return { value };
}
