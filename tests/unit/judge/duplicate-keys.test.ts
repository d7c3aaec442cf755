/**
 * One key once (judge/duplicate-keys.ts): a key named twice in one object is found in the
 * text, wherever the object sits, however the key is spelled; a key repeated across
 * objects is not; and any body, however large or deep, is read in one bounded pass.
 */
import { expect } from "chai";
import fc from "fast-check";
import { duplicateKeys, MAX_REPORTED } from "../../../src/judge/duplicate-keys.js";

const found = (text: string) => duplicateKeys(text).map((v) => `${v.pointer} ${String(v.actual)}`);

describe("judge/duplicate-keys.ts: one key once, read from the text", () => {
  const cases: [name: string, text: string, expected: string[]][] = [
    ["the reference's shape, each key once", '{"sid":"KP1","links":{"message_interactions":"u"}}', []],
    [
      "account_sid twice, a stale one first",
      '{"account_sid":"AC1","sid":"KP1","account_sid":"AC2"}',
      ["/account_sid 2 times"],
    ],
    ["a key three times", '{"a":1,"a":2,"a":3}', ["/a 3 times"]],
    ["twice inside links", '{"links":{"m":"u","m":"v"}}', ["/links/m 2 times"]],
    ["twice in an object inside an array", '{"x":[1,{"k":1},{"k":1,"k":2}]}', ["/x/2/k 2 times"]],
    ["the same key in two objects: each once", '{"k":{"k":1},"j":{"k":2}}', []],
    ["the same key spelled with an escape", '{"sid":1,"\\u0073id":2}', ["/sid 2 times"]],
    ["a key with / and ~, escaped in the pointer", '{"a/~b":1,"a/~b":2}', ["/a~1~0b 2 times"]],
    ["keys that differ in case: each once", '{"Sid":1,"sid":2}', []],
    ["a string value that looks like a key", '{"a":"\\"a\\":1,","b":"{\\"c\\":1,\\"c\\":2}"}', []],
    ["an empty key twice", '{"":1,"":2}', ["/ 2 times"]],
    ["an error body with code twice", '{"code":20404,"message":"m","code":20003}', ["/code 2 times"]],
    ["not an object", "[1,2,3]", []],
  ];
  for (const [name, text, expected] of cases) it(name, () => expect(found(text)).to.deep.equal(expected));

  it(`reports at most ${MAX_REPORTED} keys`, () => {
    const text = `{${Array.from({ length: 50 }, (_, i) => `"k${i}":1,"k${i}":2`).join(",")}}`;
    expect(duplicateKeys(text)).to.have.length(MAX_REPORTED);
  });

  it("names the field as a dotted path and the rule in words", () => {
    const [v] = duplicateKeys('{"links":{"m":1,"m":2}}');
    expect(v).to.include({ field: "links.m", pointer: "/links/m" });
    expect(v?.rule).to.match(/^must appear once in its object/);
  });
});

describe("judge/duplicate-keys.ts: any size, any depth, no recursion", () => {
  const MIB = 1024 * 1024;
  const cases: [name: string, text: () => string, expected: number][] = [
    ["1 MiB of nested arrays", () => `${"[".repeat(MIB / 2)}${"]".repeat(MIB / 2)}`, 0],
    [
      "1 MiB of nested objects, each with a key twice",
      () => `${'{"a":1,"a":'.repeat(MIB / 12)}1${"}".repeat(MIB / 12)}`,
      MAX_REPORTED,
    ],
    ["1 MiB of unclosed arrays", () => "[".repeat(MIB), 0],
    ["one key of 1 MiB, twice", () => `{"${"k".repeat(MIB / 2)}":1,"${"k".repeat(MIB / 2)}":2}`, 1],
    ["1 MiB of small objects in an array", () => `[${'{"a":1,"b":2},'.repeat(MIB / 14)}{}]`, 0],
  ];
  for (const [name, text, expected] of cases)
    it(`${name}: ${expected} found, no stack overflow`, () => expect(duplicateKeys(text())).to.have.length(expected));
});

describe("judge/duplicate-keys.ts: over generated JSON", () => {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  /** Objects written as key/value lists, so a list may name a key twice; the keys it repeats are known. */
  type Node = { entries: [string, Node | number][] } | Node[] | number;
  const key = fc.constantFrom("a", "b", "sid", "a/b", "ü", '"q"', "\\");
  const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.integer(),
      fc.array(tie("node"), { maxLength: 3 }),
      fc.array(fc.tuple(key, tie("node")), { maxLength: 4 }).map((entries) => ({ entries })),
    ),
  })).node;
  const write = (n: Node): string =>
    typeof n === "number"
      ? String(n)
      : Array.isArray(n)
        ? `[${n.map(write).join(",")}]`
        : `{${n.entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(",")}}`;
  /** How many keys, over every object, are named more than once in their object. */
  const repeats = (n: Node): number => {
    if (typeof n === "number") return 0;
    if (Array.isArray(n)) return n.reduce<number>((sum, child) => sum + repeats(child), 0);
    const times = new Map<string, number>();
    for (const [k] of n.entries) times.set(k, (times.get(k) ?? 0) + 1);
    const own = [...times.values()].filter((t) => t > 1).length;
    return own + n.entries.reduce((sum, [, value]) => sum + repeats(value), 0);
  };

  it(`finds exactly the keys each object repeats, whatever it holds (seed ${seed})`, () =>
    fc.assert(
      fc.property(node, (n) => {
        const text = write(n);
        expect(() => JSON.parse(text)).to.not.throw();
        expect(duplicateKeys(text)).to.have.length(Math.min(repeats(n), MAX_REPORTED));
      }),
      { numRuns: 300, seed },
    ));
});
