/**
 * One key once: a JSON object that names a key twice is read differently by different
 * parsers. JSON.parse and Pact's verifier (serde_json) keep the last value, other parsers
 * keep the first or refuse the text (RFC 8259 §4: names SHOULD be unique, and when they are
 * not the behaviour of software that receives the object is unpredictable). So a body with
 * a stale `account_sid` first and the right one second passes every check made on the
 * parsed value, and a consumer whose parser keeps the first reads another account. Only
 * the bytes still show it: this rule reads the JSON text itself.
 *
 * One pass over the text with an explicit stack (no recursion, no regular expression), so
 * a body of any nesting or size costs time and memory linear in its length; pointers are
 * built only for what is reported, and at most MAX_REPORTED keys are.
 */
import type { Violation } from "../core/violation.js";

/** Enough to show the defect; a body of a million repeated keys does not need a million findings. */
export const MAX_REPORTED = 10;

interface Frame {
  /** An object's keys seen so far, each with how many times; undefined for an array. */
  keys?: Map<string, number>;
  /** Where the value being read sits in this container: the current key, or the array index. */
  at: string | number;
  /** An object expects a key next (after `{` or `,`). */
  expectKey: boolean;
}

/** RFC 6901: `~` and `/` escaped inside a reference token. */
const token = (segment: string | number) => String(segment).replaceAll("~", "~0").replaceAll("/", "~1");

/** The end of the string starting at `start` (its opening quote): the index of its closing quote. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length;
}

/** A key's escapes decoded; as written when the text was not JSON after all. */
function decoded(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

function violation(frames: readonly Frame[], key: string, times: number): Violation {
  // The containers above this object, each by where its child sits; then the key itself.
  const segments = [...frames.slice(0, -1).map((f) => f.at), key];
  return {
    field: segments.map(String).join("."),
    rule: "must appear once in its object: parsers differ on which of two values they keep (JSON.parse and Pact's verifier the last, others the first, strict ones refuse the body)",
    actual: `${times} times`,
    pointer: segments.map((s) => `/${token(s)}`).join(""),
    expected: { keyword: "uniqueKeys" },
  };
}

/**
 * Every key named more than once in one object of `text`, JSON text that already parsed
 * (decodeJsonBytes): what the parsed value can no longer show. At most MAX_REPORTED.
 */
export function duplicateKeys(text: string): Violation[] {
  const found: Violation[] = [];
  const frames: Frame[] = [];
  const close = () => {
    const frame = frames[frames.length - 1];
    for (const [key, times] of frame?.keys ?? []) {
      if (times > 1 && found.length < MAX_REPORTED) found.push(violation(frames, key, times));
    }
    frames.pop();
  };
  for (let i = 0; i < text.length && found.length < MAX_REPORTED; i++) {
    const c = text.charCodeAt(i);
    const top = frames[frames.length - 1];
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, end);
        // Escapes spell the same key other ways ("a" and "\u0061"): compare what they decode to.
        const key = raw.includes("\\") ? decoded(raw) : raw;
        top.keys.set(key, (top.keys.get(key) ?? 0) + 1);
        top.at = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) frames.push({ keys: new Map(), at: "", expectKey: true });
    else if (c === 0x5b) frames.push({ at: 0, expectKey: false });
    else if (c === 0x7d || c === 0x5d) close();
    else if (c === 0x2c && top) {
      if (top.keys) top.expectKey = true;
      else top.at = (top.at as number) + 1;
    }
  }
  return found;
}
