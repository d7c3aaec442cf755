/**
 * The shared code-point arbitrary (tests/support/arbitraries.ts) is fast-check's "binary"
 * unit: index i is U+i below the surrogates and U+i+0x800 above, every code point reachable,
 * no lone surrogate, and the unmapper the exact inverse (shrinking and fast-check's dangerous
 * strings rely on it).
 */
import { expect } from "chai";
import fc from "fast-check";
import { anyString, codePoint } from "../support/arbitraries.js";

const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("the code-point arbitrary", () => {
  const edges: [index: number, point: number][] = [
    [0, 0],
    [0xd7ff, 0xd7ff],
    [0xd800, 0xe000],
    [0x10ffff - 0x800, 0x10ffff],
  ];
  const unmap = (value: string) => (codePoint as unknown as { unmapper: (v: unknown) => number }).unmapper(value);
  for (const [index, point] of edges)
    it(`the edge U+${point.toString(16)} is reachable and unmaps to its index ${index}`, () => {
      expect(unmap(String.fromCodePoint(point))).to.equal(index);
    });
  const refused = ["\ud800", "ab", ""];
  for (const value of refused)
    it(`refuses to unmap ${JSON.stringify(value)}, which is no single code point`, () =>
      expect(() => unmap(value)).to.throw());
  it(`generates only well-formed strings (seed ${SEED})`, () =>
    fc.assert(
      fc.property(anyString({ maxLength: 20 }), (text) => {
        // Any high surrogate is followed by a low one, any low one preceded by a high one.
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)).to.equal(false);
      }),
      { seed: SEED, numRuns: 200 },
    ));
  it("fast-check's dangerous strings tokenize with it (what the built-in unit took a second for)", () => {
    expect(
      fc
        .sample(anyString(), { numRuns: 300, seed: 1 })
        .some((s) => s.includes("__proto__") || s.includes("constructor") || s.includes("toString")),
    ).to.equal(true);
  });
});
