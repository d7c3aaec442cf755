/** core/violation.ts: values shown in one line, cut without ever splitting a character. */
import { expect } from "chai";
import fc from "fast-check";
import { ACTUAL_BOUNDS, boundedActual, describeActual, pointerOf, shorten } from "../../../src/core/violation.js";

describe("core/violation.ts: shorten and describeActual", () => {
  const rows: [name: string, text: string, max: number, shown: string][] = [
    ["short text stays", "abc", 5, "abc"],
    ["exactly the limit stays", "abcde", 5, "abcde"],
    ["one over is cut with an ellipsis", "abcdef", 5, "abcd…"],
    ["a pair at the cut is kept out whole", "abc\u{10000}def", 5, "abc…"],
    ["a pair before the cut is kept whole", "ab\u{10000}def", 5, "ab\u{10000}…"],
  ];
  for (const [name, text, max, shown] of rows) it(name, () => expect(shorten(text, max)).to.equal(shown));

  it("describes nothing, and JSON otherwise", () => {
    expect(describeActual(undefined)).to.equal("nothing");
    expect(describeActual("x")).to.equal('"x"');
  });

  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  it(`never leaves a lone surrogate where there was none, never longer than the limit (seed ${seed})`, () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), fc.integer({ min: 2, max: 40 }), (text, max) => {
        const cut = shorten(text, max);
        expect(cut.length).to.be.at.most(Math.max(max, text.length <= max ? text.length : 0));
        expect(cut).not.to.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }),
      { seed, numRuns: 300 },
    );
  });
});

describe("core/violation.ts: pointerOf", () => {
  const rows: [field: string, pointer: string][] = [
    ["(body)", ""],
    ["sid", "/sid"],
    ["links.message_interactions", "/links/message_interactions"],
    ["a/b", "/a~1b"],
    ["a~b", "/a~0b"],
  ];
  for (const [field, pointer] of rows)
    it(`${field} → ${JSON.stringify(pointer)}`, () => expect(pointerOf(field)).to.equal(pointer));
});

describe("core/violation.ts: boundedActual keeps what a finding carries bounded", () => {
  const deep = (depth: number) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };
  const rows: [name: string, value: unknown, kept: unknown][] = [
    ["a scalar as it is", "KX123", "KX123"],
    ["null as it is", null, null],
    ["a shallow object, copied whole", { a: [1, { b: "c" }] }, { a: [1, { b: "c" }] }],
    ["16 levels kept whole", deep(16), deep(16)],
    [
      "17 levels: the deepest noted",
      deep(17),
      (() => {
        let value: unknown = "[…]";
        for (let i = 0; i < 16; i++) value = [value];
        return value;
      })(),
    ],
  ];
  for (const [name, value, kept] of rows) it(name, () => expect(boundedActual(value)).to.deep.equal(kept));

  it("100,000 levels: copied without recursion, and JSON.stringify takes the copy", () => {
    const copy = boundedActual(deep(100_000));
    expect(JSON.stringify(copy)).to.equal(`${"[".repeat(16)}"[…]"${"]".repeat(16)}`);
  });
  it("a million values: at most the bound, the rest noted", () => {
    const copy = boundedActual(Array.from({ length: 1_000_000 }, (_, i) => i)) as unknown[];
    expect(copy.length).to.equal(ACTUAL_BOUNDS.values + 1);
    expect(copy.at(-1)).to.equal("…");
  });
  it("a __proto__ key stays a key", () => {
    const copy = boundedActual(JSON.parse('{"__proto__": {"x": 1}}')) as object;
    expect(Object.keys(copy)).to.deep.equal(["__proto__"]);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
  });
});
