/**
 * Words for every rule schemas/ states: each pattern has words beside it, each keyword and
 * format a sentence, and a violation says the words, never the regex (kept as data).
 */
import { expect } from "chai";
import { loadSchemaFiles } from "../../../src/schema/catalog.js";
import { validate } from "../../../src/schema/validate.js";
import {
  allPatterns,
  FORMAT_WORDS,
  keywordRule,
  lengthWords,
  NAMED_PATTERNS,
  patternWords,
} from "../../../src/schema/words.js";

describe("schema words: every pattern, format and keyword has a sentence", () => {
  for (const { pattern, at } of allPatterns()) {
    it(`the pattern at ${at} has words (x-words)`, () => expect(patternWords(pattern), pattern).to.be.a("string"));
  }

  const formats = new Set<string>();
  const visit = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "format" && typeof value === "string") formats.add(value);
      else visit(value);
    }
  };
  for (const schema of loadSchemaFiles().values()) visit(schema);
  for (const format of formats) {
    it(`the format ${format} has words`, () => expect(FORMAT_WORDS[format]).to.be.a("string"));
  }

  it("no two patterns share words (a reader could not tell them apart)", () => {
    const words = NAMED_PATTERNS.map((p) => `${p.words} ${p.pattern}`);
    const distinct = new Map(NAMED_PATTERNS.map((p) => [p.words, p.pattern]));
    expect(distinct.size, words.join("\n")).to.equal(new Set(NAMED_PATTERNS.map((p) => p.pattern)).size);
  });
});

describe("schema words: sentences", () => {
  const rows: [name: string, rule: string, words: string][] = [
    [
      "a SID pattern",
      keywordRule("pattern", { pattern: "^KP[0-9a-fA-F]{32}$" }),
      "must be KP followed by 32 hex digits",
    ],
    [
      "the content type",
      keywordRule("pattern", {
        pattern: "^[Aa][Pp][Pp][Ll][Ii][Cc][Aa][Tt][Ii][Oo][Nn]/[Jj][Ss][Oo][Nn][ \\t]*(?:;[^\\r\\n]*)?$",
      }),
      "must be application/json (any letter case, charset allowed)",
    ],
    [
      "a pattern no schema names",
      keywordRule("pattern", { pattern: "^x+$" }),
      "must be in the form the schema's pattern gives",
    ],
    ["a format", keywordRule("format", { format: "date-time" }), "must be an RFC 3339 date-time"],
    ["a maximum length", keywordRule("maxLength", { limit: 255 }), "must be at most 255 characters"],
    ["one character", keywordRule("minLength", { limit: 1 }), "must be at least 1 character"],
    ["a type list", keywordRule("type", { type: "string,null" }), "must be string or null"],
    ["an enum", keywordRule("enum", { allowedValues: ["true", "false"] }), 'must be one of "true", "false"'],
    ["a length range", lengthWords({ minLength: 3, maxLength: 8 }) ?? "", "3 to 8 characters"],
    ["an exact length", lengthWords({ minLength: 34, maxLength: 34 }) ?? "", "exactly 34 characters"],
  ];
  for (const [name, rule, words] of rows) it(name, () => expect(rule).to.equal(words));
});

describe("schema words: violations say the words and keep the rule as data", () => {
  const body = (overrides: Record<string, unknown>) => ({
    sid: `KP${"a".repeat(32)}`,
    ...overrides,
  });
  it("a wrong SID: words in the rule, the regex in expected, a pointer into the body", () => {
    const [violation] = validate("participant", body({ sid: `KX${"a".repeat(32)}` })).filter((v) => v.field === "sid");
    expect(violation).to.deep.include({
      rule: "must be KP followed by 32 hex digits",
      expected: { keyword: "pattern", value: "^KP[0-9a-fA-F]{32}$" },
      pointer: "/sid",
    });
  });
  it("a date without its zone: the GMT words, not the bare format", () => {
    const [violation] = validate("participant", body({ date_updated: "2015-07-30T20:00:00" })).filter(
      (v) => v.field === "date_updated",
    );
    expect(violation?.rule).to.equal("must be an RFC 3339 date-time in GMT (Z or +00:00)");
  });
  it("no violation of any body states a regex", () => {
    const violations = validate("participant", { sid: "x", date_created: "x", url: "x", identifier: 1 });
    for (const v of violations) expect(v.rule).not.to.match(/\^|\$$|\[0-9/);
  });
});
