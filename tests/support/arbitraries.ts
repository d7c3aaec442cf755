/**
 * fast-check arbitraries the property tests share. `codePoint` is fast-check's own "binary"
 * string unit (any code point but a lone surrogate: index i is U+i below U+D800, U+i+0x800
 * above), the same values and the same shrinking, with an unmapper that computes instead
 * of looking up: fast-check builds a reverse map of all 1,112,064 code points the first time
 * it tokenizes its "dangerous strings" (`__proto__`, …) with the built-in unit, about a second
 * of every test process that used it.
 */
import fc from "fast-check";

const SURROGATES = 0xe000 - 0xd800;

export const codePoint: fc.Arbitrary<string> = fc.nat({ max: 0x10ffff - SURROGATES }).map(
  (index) => String.fromCodePoint(index < 0xd800 ? index : index + SURROGATES),
  (value) => {
    if (typeof value !== "string") throw new Error("not a string");
    const point = value.codePointAt(0);
    if (point === undefined || String.fromCodePoint(point) !== value || (point >= 0xd800 && point < 0xe000))
      throw new Error("not one code point");
    return point < 0xd800 ? point : point - SURROGATES;
  },
);

/** `fc.string({ unit: "binary", ...constraints })`, without its second of set-up. */
export function anyString(constraints: Omit<fc.StringConstraints, "unit"> = {}): fc.Arbitrary<string> {
  return fc.string({ ...constraints, unit: codePoint });
}
