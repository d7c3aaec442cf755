/**
 * net/inert.ts: text others control, made harmless to show. A table of what must be
 * escaped and what must stay as it is, then the promise over generated text.
 */
import { expect } from "chai";
import fc from "fast-check";
import { inert, inertLines, withoutColour } from "../../../src/net/inert.js";
import { anyString } from "../../support/arbitraries.js";

describe("net/inert.ts: text others control cannot act on a terminal or a CI log", () => {
  const escaped: [string, string, string][] = [
    ["a newline", "a\nPASS  forged", "a\\nPASS  forged"],
    ["a carriage return", "x\rPASS", "x\\rPASS"],
    ["an ANSI escape", "\u001b[2Kgreen", "\\u001b[2Kgreen"],
    ["a C1 control (CSI)", "\u009b31m", "\\u009b31m"],
    ["NEL", "a\u0085b", "a\\u0085b"],
    ["DEL", "a\u007fb", "a\\u007fb"],
    ["a line separator", "a\u2028b", "a\\u2028b"],
    ["a bidi override", "a\u202eb", "a\\u202eb"],
    ["a lone surrogate", "a\ud800b", "a\\ud800b"],
    ["a GitHub workflow command", "::error title=x::boom", "\\x3a:error title=x::boom"],
    ["a workflow command after blanks", "  ::add-mask::x", "  \\x3a:add-mask::x"],
    ["an Azure command anywhere", "see ##vso[task.setvariable]x", "see #\\x23vso[task.setvariable]x"],
    ["an Azure group marker", "##[group]x", "\\x23#[group]x"],
  ];
  for (const [name, input, output] of escaped) {
    it(`escapes ${name}`, () => expect(inert(input)).to.equal(output));
  }

  const kept: [string, string][] = [
    ["plain ASCII", 'body sid: must be KP followed by 32 hex digits, got "KX12"'],
    ["a tab-free JSON body", '{"sid":"KP0","n":1}'],
    ["non-ASCII letters and emoji", "Grüße, 名前 🙂"],
    ["colons inside a line", "a::b and http://x"],
    ["a lone # or ##", "# title ## sub"],
  ];
  for (const [name, input] of kept) {
    it(`keeps ${name}`, () => expect(inert(input)).to.equal(input));
  }

  it("keeps a tab visible as \\t", () => expect(inert("a\tb")).to.equal("a\\tb"));

  it("makes each line of a block inert on its own", () => {
    expect(inertLines('{\n  "a": "::x"\n}\r\n::error::x')).to.deep.equal(["{", '  "a": "::x"', "}", "\\x3a:error::x"]);
  });

  it("strips only colour codes from our own tools' output", () => {
    expect(withoutColour("\u001b[31mred\u001b[0m \u001b[2K")).to.equal("red \u001b[2K");
  });

  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  it(`over generated text: one line, no control, no CI command (seed ${seed})`, () => {
    const piece = fc.oneof(
      anyString(),
      fc.constantFrom(
        "\n",
        "\r",
        "\u001b[",
        "\u009b",
        "::",
        "::error::",
        "##vso[",
        "##[",
        "\u2028",
        "\u202e",
        "\ud800",
        " ",
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const out = inert(pieces.join(""));
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not appear.
        expect(out).not.to.match(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(out).not.to.match(/\p{Surrogate}/u);
        expect(out).not.to.match(/^\s*::/);
        expect(out).not.to.include("##vso[");
        expect(out).not.to.match(/^\s*##\[/);
      }),
      { seed, numRuns: 500 },
    );
  });
});
