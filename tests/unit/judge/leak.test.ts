/**
 * The leak invariant (src/judge/leak.ts): an answer that is not the participant holds
 * nothing of it that its request did not carry. Tables of answers that leak and that do
 * not, and generated values hidden anywhere in an error answer.
 */
import { expect } from "chai";
import fc from "fast-check";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { carriedBy, judgeLeak, type Known, LEAK_MIN_LENGTH } from "../../../src/judge/leak.js";
import type { HttpResponse } from "../../../src/net/reader.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
const accountSid = `AC${"a1".repeat(16)}`;
const known: Known[] = [
  { what: "the account's SID", value: accountSid },
  { what: "the phone participant's identifier", value: "+14155551212" },
  { what: "the phone participant's friendly_name", value: "Alice" },
  { what: "the messenger participant's friendly_name", value: "Zoë/Müller" },
];
const answer = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: Buffer.from(body),
  truncated: false,
});
const nothing = carriedBy({ url: "http://h/v1/Services/KS1", headers: {} });

describe("leak: an answer that is not the participant tells nothing of it", () => {
  const cases: { name: string; response: HttpResponse; carried?: string; fields: string[] }[] = [
    {
      name: "a 401 naming the account in a header",
      response: answer(401, "{}", { "x-owner": accountSid }),
      fields: ["x-owner"],
    },
    {
      name: "a 404 naming the phone number in its body",
      response: answer(404, '{"message":"+14155551212 not here"}'),
      fields: ["(body)"],
    },
    {
      name: "the phone number percent-encoded in a Location",
      response: answer(302, "", { location: "/x?n=%2B14155551212" }),
      fields: ["location"],
    },
    { name: "a 200 is the participant: not judged here", response: answer(200, accountSid), fields: [] },
    {
      name: "a 304 is the participant's validation: not judged here",
      response: answer(304, "", { "x-owner": accountSid }),
      fields: [],
    },
    {
      name: "the account SID the request carried in its Basic credentials may come back",
      response: answer(404, `{"message":"${accountSid} has no such participant"}`),
      carried: carriedBy({
        url: "http://h/v1",
        headers: { authorization: basicAuthorization(accountSid, "token-1234") },
      }),
      fields: [],
    },
    {
      name: "a value the request carried in its query may come back",
      response: answer(404, '{"message":"+14155551212"}'),
      carried: carriedBy({ url: "http://h/v1?n=%2B14155551212", headers: {} }),
      fields: [],
    },
    {
      name: "a name JSON-escaped in a body (\\u00eb, \\/), as JSON.stringify's ASCII-safe kin write it",
      response: answer(404, '{"message":"Zo\\u00eb\\/M\\u00fcller is not yours"}'),
      fields: ["(body)"],
    },
    {
      name: "the same name as it is in a body",
      response: answer(401, '{"message":"Zoë/Müller"}'),
      fields: ["(body)"],
    },
    {
      name: `a value shorter than ${LEAK_MIN_LENGTH} characters is not looked for`,
      response: answer(404, "Alice"),
      fields: [],
    },
  ];
  for (const c of cases)
    it(c.name, () =>
      expect(judgeLeak(c.response, known, c.carried ?? nothing).map((f) => f.field)).to.deep.equal(c.fields),
    );

  it("a finding names what leaked, in words, and shows where it sits", () => {
    const [finding] = judgeLeak(answer(401, "", { "x-owner": `owner ${accountSid}` }), known, nothing);
    expect(finding?.rule).to.include("the account's SID, which the request did not carry");
    expect(finding?.actual).to.include(accountSid);
    expect(finding?.expected).to.deep.equal({ keyword: "leak" });
  });
});

describe(`leak: a known value anywhere in an error answer is found (seed ${seed})`, () => {
  it("in any header or at any place in the body, whatever surrounds it", () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...known.filter((k) => k.value.length >= LEAK_MIN_LENGTH)),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.boolean(),
        fc.constantFrom(401, 403, 404, 429, 500),
        (k, before, after, inHeader, status) => {
          const text = `${before}${k.value}${after}`;
          const response = inHeader ? answer(status, "{}", { "x-debug": text }) : answer(status, text);
          return judgeLeak(response, known, nothing).some((f) => f.rule.includes(k.what));
        },
      ),
      { seed, numRuns: 300 },
    ));
});

describe("leak: what a request carried", () => {
  it("its URL decoded, its header values, and what a Basic header and base64 in a cookie or query encode", () => {
    const carried = carriedBy({
      url: "http://h/v1?who=%2B1415",
      headers: {
        authorization: basicAuthorization(accountSid, "secret-token"),
        cookie: `auth=${Buffer.from("cookie-user:cookie-pass").toString("base64")}`,
      },
    });
    for (const part of ["+1415", accountSid, "secret-token", "cookie-user:cookie-pass"])
      expect(carried).to.include(part);
  });
});
