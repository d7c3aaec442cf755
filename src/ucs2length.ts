/**
 * ajv's ucs2length (string length in Unicode code points, as minLength and maxLength
 * count), with the same answer, five times faster for the strings a participant holds:
 * without a lead surrogate every UTF-16 unit is one code point, and a regex finds out
 * at once (V8 knows a one-byte string has none). It was a fifth of the cost of
 * validating a participant. Used by src/validators.generated.ts.
 */
import { createRequire } from "node:module";

// CommonJS with `exports.default`, which loaders hand to an ESM default import differently; require is unambiguous.
const fullCount = (
  createRequire(import.meta.url)("ajv/dist/runtime/ucs2length.js") as { default: (text: string) => number }
).default;

const LEAD_SURROGATE = /[\uD800-\uDBFF]/;

export function ucs2length(text: string): number {
  return LEAD_SURROGATE.test(text) ? fullCount(text) : text.length;
}
