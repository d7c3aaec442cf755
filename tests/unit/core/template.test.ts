/**
 * A request template (src/core/template.ts): credentials by name, edited by one character,
 * resolved only when sent. What a report shows never holds a secret, and the shell line a
 * report prints produces, in bash, exactly the bytes that were sent: tested over generated
 * secrets and edits against bash itself.
 */
import { execFileSync } from "node:child_process";
import { expect } from "chai";
import fc from "fast-check";
import {
  type CharEdit,
  curlOfSequence,
  curlOfTemplate,
  displayPieces,
  editText,
  type Piece,
  type RequestTemplate,
  resolvePieces,
  shellPieces,
} from "../../../src/core/template.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
const secrets = { accountSid: `AC${"1".repeat(32)}`, authToken: "0123456789abcdef0123456789abcdef" };

describe("template: one character of a credential changed", () => {
  const cases: { name: string; value: string; edit: CharEdit; expected: string }[] = [
    { name: "replaced in the middle", value: "abcdef", edit: { op: "replace", at: 2, char: "z" }, expected: "abzdef" },
    { name: "replaced at the end", value: "abcdef", edit: { op: "replace", at: 5, char: "z" }, expected: "abcdez" },
    { name: "inserted at the start", value: "abc", edit: { op: "insert", at: 0, char: "z" }, expected: "zabc" },
    {
      name: "inserted past the end: appended",
      value: "abc",
      edit: { op: "insert", at: 9, char: "z" },
      expected: "abcz",
    },
    { name: "deleted at the start", value: "abc", edit: { op: "delete", at: 0 }, expected: "bc" },
    {
      name: "deleted past the end: nothing, as the shell's expansion",
      value: "abc",
      edit: { op: "delete", at: 9 },
      expected: "abc",
    },
  ];
  for (const c of cases) it(c.name, () => expect(editText(c.value, c.edit)).to.equal(c.expected));
  it("no edit: the value itself", () => expect(editText("abc", undefined)).to.equal("abc"));
});

describe("template: resolved only when sent", () => {
  it("credentials, base64 and percent-encoding", () => {
    const pieces: Piece[] = [
      "Basic ",
      { base64: [{ credential: "accountSid" }, ":", { credential: "authToken" }] },
      " q=",
      { credential: "authToken", uri: true },
    ];
    const expected = `Basic ${Buffer.from(`${secrets.accountSid}:${secrets.authToken}`).toString("base64")} q=${secrets.authToken}`;
    expect(resolvePieces(pieces, secrets)).to.equal(expected);
  });
  it("a credential the run does not hold is refused, never sent empty", () =>
    expect(() => resolvePieces([{ credential: "otherAuthToken" }], secrets)).to.throw("otherAuthToken"));
  it("a query credential is percent-encoded when sent", () =>
    expect(resolvePieces([{ credential: "authToken", uri: true }], { authToken: "a&b c" })).to.equal("a%26b%20c"));
});

/** Secrets and edits as a run may hold them: hex tokens, and tokens of any printable ASCII a fixtures file allows. */
const token = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 8, maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(..."abcXYZ019-_.~!@#%^*()+=[]{}|;:,<>?/ "), minLength: 8, maxLength: 40 }),
);
const edit = fc.option(
  fc.record({
    op: fc.constantFrom<CharEdit["op"]>("replace", "insert", "delete"),
    at: fc.nat({ max: 45 }),
    char: fc.constantFrom("0", "z", "Q"),
  }),
  { nil: undefined },
);

describe(`template: the shell line repeats the bytes sent, in bash (seed ${seed})`, () => {
  it("for generated tokens and edits, bash's expansion of the line equals what was sent", () => {
    const samples = fc.sample(fc.record({ authToken: token, accountSid: token, edit }), { seed, numRuns: 40 });
    const pieces = samples.map(({ edit: e }): Piece[] => [
      "Basic ",
      { base64: [{ credential: "accountSid" }, ":", { credential: "authToken", ...(e ? { edit: e } : {}) }] },
      " raw=",
      { credential: "authToken", ...(e ? { edit: e } : {}) },
    ]);
    // One bash for every sample: each line's expansion printed between markers.
    const script = samples
      .map(
        (s, i) =>
          `TWILIO_ACCOUNT_SID=${shellQuote(s.accountSid)} TWILIO_AUTH_TOKEN=${shellQuote(s.authToken)}; printf '%s\\0' "${shellPieces(pieces[i] as Piece[])}"`,
      )
      .join("\n");
    const out = execFileSync("bash", ["-c", script], { encoding: "utf8" }).split("\0").slice(0, -1);
    expect(out).to.deep.equal(samples.map((s, i) => resolvePieces(pieces[i] as Piece[], s)));
  });
});

describe(`template: what a report shows holds no secret (seed ${seed})`, () => {
  it("display and shell text name the variables, never the values", () =>
    fc.assert(
      fc.property(token, token, edit, (sid, tok, e) => {
        const pieces: Piece[] = [
          { base64: [{ credential: "accountSid" }, ":", { credential: "authToken", ...(e ? { edit: e } : {}) }] },
        ];
        const shown = `${displayPieces(pieces)}\n${shellPieces(pieces)}`;
        return !shown.includes(tok) && !shown.includes(sid) && shown.includes("TWILIO_AUTH_TOKEN");
      }),
      { seed, numRuns: 200 },
    ));
});

describe("template: the curl line", () => {
  const template: RequestTemplate = {
    method: "GET",
    target: ["/v1/x?AuthToken=", { credential: "authToken" }],
    headers: [
      ["authorization", ["basic ", { base64: [{ credential: "accountSid" }, ":", { credential: "authToken" }] }]],
      ["Accept-Encoding", ["gzip"]],
      ["X-Odd", ['a"b$c`d\\e']],
    ],
  };
  const line = curlOfTemplate(template, "http://127.0.0.1:3000/");
  it("removes curl's own User-Agent and Accept when the request sent none", () =>
    expect(line).to.include("-H 'user-agent:' -H 'accept:' "));
  it("asks curl to decode when the request accepted a coding", () => expect(line).to.include("--compressed "));
  it("keeps each header's name in the letter case sent", () => expect(line).to.include('-H "authorization: basic $('));
  it("escapes what means something inside double quotes", () => expect(line).to.include('X-Odd: a\\"b\\$c\\`d\\\\e'));
  it("puts the query's credential as its variable", () =>
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, as the curl line writes it
    expect(line).to.include("?AuthToken=${TWILIO_AUTH_TOKEN}"));
  it("a sequence on one kept-alive connection is one curl with --next", () =>
    expect(curlOfSequence([template, template], "http://h", "kept-alive")).to.match(/^curl -sS .* --next -sS /));
  it("a sequence all at once is one curl with --parallel", () =>
    expect(curlOfSequence([template, template], "http://h", "overlapping")).to.match(/^curl -sS --parallel /));
  it("a sequence on fresh connections is one curl after another", () =>
    expect(curlOfSequence([template, template], "http://h", "fresh").split(" ; ")).to.have.length(2));
});

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
