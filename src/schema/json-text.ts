/**
 * What counts as JSON text for this API: the one decision, for the verifier's checks, the
 * client and the differential test. Stricter than JSON.parse where the Pact verifier's
 * parser (Rust's serde_json) is, so that the two layers judge the same bytes alike.
 */
import type { Violation } from "../core/violation.js";

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
export function decodeJsonBytes(bytes: Uint8Array): { json: unknown; text: string } | { violation: Violation } {
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
  // The text too: what the parsed value no longer shows (a key named twice) is read from it.
  return { json, text };
}
