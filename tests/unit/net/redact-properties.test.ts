/**
 * The redactor's promise over generated inputs: a token of any characters, embedded in
 * any text in any of the forms output can give it, never survives; text without it is
 * never changed. The seed is in the test names; FC_SEED=<seed> replays a run.
 */
import { expect } from "chai";
import fc from "fast-check";
import { checkSecret, learningRedactor, redactor } from "../../../src/net/redact.js";
import { ACCOUNT, basic, xmlEscaped } from "../../support/secrets.js";

const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = { numRuns: 100, seed: SEED };

/** Characters that need escaping in one format or another, and some that need none. */
const awkward = fc.constantFrom('"', "\\", "/", "+", "%", " ", "&", "<", "=", ":", "@", "é", "ß", "😀", "\n", "\u2028");
/** Any code point but a lone surrogate: encodeURIComponent has no form for one. */
const codePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));
const ascii = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

const checkWeak = (token: string) => !strong(token);
const strong = (token: string) => {
  try {
    checkSecret("token", token);
    return true;
  } catch {
    return false;
  }
};
/** Tokens the suite accepts (checkSecret): weaker ones are refused before anything is printed. */
const token = fc
  .array(fc.oneof(awkward, codePoint, ascii), { minLength: 8, maxLength: 40 })
  .map((chars) => chars.join(""))
  .filter(strong);
const text = fc.array(fc.oneof(awkward, codePoint, ascii, ascii, ascii), { maxLength: 60 }).map((c) => c.join(""));

/** Every form of the pair ACCOUNT:token that output can carry, by name. */
function formsOf(secret: string): Record<string, string> {
  const b64 = basic(ACCOUNT, secret);
  const urlSafe = b64.replace(/\+/g, "-").replace(/\//g, "_");
  return {
    plain: secret,
    "JSON-escaped": JSON.stringify(secret).slice(1, -1),
    "URL-encoded": encodeURIComponent(secret),
    "form-encoded": encodeURIComponent(secret).replace(/%20/g, "+"),
    "XML-escaped": xmlEscaped(secret),
    base64: b64,
    "base64 unpadded": b64.replace(/=+$/, ""),
    "base64 URL-safe": urlSafe,
    "base64 URL-safe unpadded": urlSafe.replace(/=+$/, ""),
    "lower-case basic header": `basic ${b64}`,
    userinfo: `${ACCOUNT}:${encodeURIComponent(secret)}@`,
    "wholly \\uXXXX": [...secret]
      .map((c) =>
        [...Array(c.length).keys()].map((k) => `\\u${c.charCodeAt(k).toString(16).padStart(4, "0")}`).join(""),
      )
      .join(""),
    "wholly &#NN;": [...secret].map((c) => `&#${c.codePointAt(0)};`).join(""),
  };
}

/** Any UTF-16 code unit, lone surrogates and controls included: what a hostile client may put in a header. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
/** A secret of any length and content the redactor may be handed (a proxied client's Authorization). */
const anySecret = fc
  .oneof(
    fc.array(fc.oneof(anyUnit, awkward, ascii), { minLength: 1, maxLength: 64 }),
    fc.array(fc.oneof(awkward, fc.constantFrom("!", "#", "$", "(", ")", "*", "[", "]", "^", "{", "|", "}")), {
      minLength: 1000,
      maxLength: 5000,
    }),
  )
  .map((units) => units.join(""));

describe(`secrets: properties (seed ${SEED})`, () => {
  for (const form of Object.keys(formsOf("x"))) {
    it(`a generated token, ${form}, inside generated text, is gone (seed ${SEED})`, () =>
      fc.assert(
        fc.property(token, text, text, (secret, before, after) => {
          const encoded = formsOf(secret)[form] as string;
          const out = redactor([{ username: ACCOUNT, password: secret }])(`${before}${encoded}${after}`);
          for (const [name, shape] of Object.entries(formsOf(secret))) {
            expect(out, `${name} survives`).not.to.include(name === "userinfo" ? shape.slice(0, -1) : shape);
          }
        }),
        RUNS,
      ));
  }

  it(`a secret of any length and content never throws and never survives as given or JSON-escaped (seed ${SEED})`, () =>
    fc.assert(
      fc.property(anySecret, text, text, (secret, before, after) => {
        const redact = redactor([secret]);
        const strong = !checkWeak(secret);
        for (const shape of [secret, JSON.stringify(secret).slice(1, -1)]) {
          const out = redact(`${before} ${shape} ${after}`);
          // A weak secret goes only as a whole word: glued to text it may stay (checkSecret refuses such tokens).
          if (strong) expect(out).not.to.include(shape);
          else expect(out).to.be.a("string");
        }
      }),
      { ...RUNS, numRuns: 60 },
    ));

  it(`a hundred secrets learnt one at a time: none survives, each in a random form (seed ${SEED})`, () =>
    fc.assert(
      fc.property(fc.uniqueArray(token, { minLength: 20, maxLength: 100 }), fc.nat(), (secrets, pick) => {
        const learning = learningRedactor();
        for (const secret of secrets) learning.learn([{ username: ACCOUNT, password: secret }]);
        const names = Object.keys(formsOf("x"));
        const shapes = secrets.map(
          (secret, i) => formsOf(secret)[names[(pick + i) % names.length] as string] as string,
        );
        const out = learning.redact(shapes.join(" | "));
        for (const [i, shape] of shapes.entries())
          expect(out, `secret ${i}`).not.to.include(shape.endsWith("@") ? shape.slice(0, -1) : shape);
      }),
      { ...RUNS, numRuns: 20 },
    ));

  it(`texts redacted again and again while secrets are learnt: each answer a fresh redactor's (seed ${SEED})`, () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(token, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 20 }),
        text,
        (secrets, steps, filler) => {
          // Long enough to be kept by the redactor between calls: each names every secret in some form.
          const bodies = secrets.map((_, i) =>
            [
              filler.padEnd(300, "."),
              ...secrets.map((secret, j) => Object.values(formsOf(secret))[i + j] ?? secret),
            ].join(" "),
          );
          const learning = learningRedactor();
          const learnt: string[] = [];
          for (const [n, learn] of steps) {
            const secret = secrets[n % secrets.length] as string;
            if (learn && !learnt.includes(secret)) {
              learning.learn([{ username: ACCOUNT, password: secret }]);
              learnt.push(secret);
            }
            const body = bodies[n % bodies.length] as string;
            const fresh = redactor(learnt.map((password) => ({ username: ACCOUNT, password })));
            expect(learning.redact(body)).to.equal(fresh(body));
          }
        },
      ),
      { ...RUNS, numRuns: 30 },
    ));

  it(`text without the token passes through unchanged (seed ${SEED})`, () =>
    fc.assert(
      fc.property(token, text, (secret, sample) => {
        fc.pre(!/\b(basic|bearer)\s/i.test(sample));
        fc.pre(Object.values(formsOf(secret)).every((shape) => !sample.includes(shape)));
        expect(redactor([{ username: ACCOUNT, password: secret }, secret])(sample)).to.equal(sample);
      }),
      RUNS,
    ));
});
