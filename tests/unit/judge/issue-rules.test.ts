/**
 * The rules about meaning (judge/rules.ts) and the judges of a 429, a HEAD answer and a
 * broken one (judge/answer.ts): each accepts a valid value and rejects an invalid one.
 */
import { expect } from "chai";
import { exampleAccountSid, exampleRef, variants } from "../../../src/core/cases.js";
import { participantBody } from "../../../src/core/resource.js";
import { judgeCaching, judgeContentCoding, judgeNoBody, judgeThrottle } from "../../../src/judge/answer.js";
import { checkParticipantRules } from "../../../src/judge/rules.js";
import type { HttpResponse } from "../../../src/net/reader.js";

const ORIGIN = "http://127.0.0.1:3000";
const bodyOn = (base: string, change: Record<string, unknown> = {}) => ({
  ...participantBody(base, exampleAccountSid, exampleRef, variants.phone.traits),
  ...change,
});
const fields = (body: ReturnType<typeof bodyOn>, origin?: string) =>
  checkParticipantRules(body, {
    requested: exampleRef,
    accountSid: exampleAccountSid,
    variant: "phone",
    ...(origin ? { origin } : {}),
  }).map((v) => v.field);

describe("judge/rules.ts: meaning, not shape", () => {
  const cases: { name: string; body: ReturnType<typeof bodyOn>; origin?: string; fields: string[] }[] = [
    { name: "https on Twilio's host: valid", body: bodyOn("https://proxy.twilio.com"), origin: ORIGIN, fields: [] },
    { name: "http on the origin under test: valid", body: bodyOn(ORIGIN), origin: ORIGIN, fields: [] },
    {
      name: "the origin under test in upper case with its default port: valid",
      body: bodyOn("HTTP://127.0.0.1:80"),
      origin: "http://127.0.0.1",
      fields: [],
    },
    {
      name: "http on another origin: url broken",
      body: bodyOn("http://proxy.twilio.com"),
      origin: ORIGIN,
      fields: ["url"],
    },
    {
      name: "http on another origin, no origin known: not judged",
      body: bodyOn("http://proxy.twilio.com"),
      fields: [],
    },
    {
      name: "url null, links on plain http elsewhere: links broken",
      body: bodyOn("http://proxy.twilio.com", { url: null }),
      origin: ORIGIN,
      fields: ["links.message_interactions"],
    },
    {
      name: "proxy_identifier equal to identifier: broken",
      body: bodyOn(ORIGIN, { proxy_identifier: "+14155551212" }),
      origin: ORIGIN,
      fields: ["proxy_identifier"],
    },
    {
      name: "proxy_identifier null: nothing to compare",
      body: bodyOn(ORIGIN, { proxy_identifier: null }),
      origin: ORIGIN,
      fields: [],
    },
    ...dateCases(),
  ];
  for (const c of cases) it(c.name, () => expect(fields(c.body, c.origin)).to.deep.equal(c.fields));
});

/** The dates' order: date_created <= date_updated; date_deleted, when set, not before date_created. */
function dateCases() {
  const created = "2015-07-30T20:00:00Z";
  const rows: [string, Record<string, unknown>, string[]][] = [
    ["all three equal, as in the reference's examples: valid", { date_deleted: created }, []],
    ["date_deleted null: valid", { date_deleted: null }, []],
    ["date_updated a second later: valid", { date_updated: "2015-07-30T20:00:01Z" }, []],
    ["date_updated a second earlier: broken", { date_updated: "2015-07-30T19:59:59Z" }, ["date_updated"]],
    ["date_updated a nanosecond earlier: broken", { date_created: "2015-07-30T20:00:00.000000001Z" }, ["date_updated"]],
    [
      "date_created with trailing zeros in its fraction, the same instant: valid",
      { date_created: "2015-07-30T20:00:00.000Z" },
      [],
    ],
    [
      "date_deleted the zero date 0001-01-01 (an ORM's null): broken",
      { date_deleted: "0001-01-01T00:00:00Z" },
      ["date_deleted"],
    ],
    ["date_deleted the year 0000: broken", { date_deleted: "0000-01-01T00:00:00Z" }, ["date_deleted"]],
    ["date_deleted the same instant at +05:30: valid", { date_deleted: "2015-07-31T01:30:00+05:30" }, []],
    [
      "date_deleted an hour earlier, written at -07:00: broken",
      { date_deleted: "2015-07-30T12:00:00-07:00" },
      ["date_deleted"],
    ],
    ["date_deleted a year later: valid", { date_deleted: "2016-07-30T20:00:00Z" }, []],
    ["date_created null: nothing to compare", { date_created: null, date_updated: "2000-01-01T00:00:00Z" }, []],
    [
      "both later dates before date_created: both broken",
      { date_updated: "2015-01-01T00:00:00Z", date_deleted: "2015-01-01T00:00:00Z" },
      ["date_updated", "date_deleted"],
    ],
  ];
  return rows.map(([name, change, fields]) => ({ name, body: bodyOn(ORIGIN, change), origin: ORIGIN, fields }));
}

const answer = (status: number, headers: Record<string, string>, body = ""): HttpResponse => ({
  status,
  headers,
  body: Buffer.from(body),
  truncated: false,
});
const twilio429 = JSON.stringify({
  code: 20429,
  message: "Too Many Requests",
  more_info: "https://www.twilio.com/docs/errors/20429",
  status: 429,
});
const json = { "content-type": "application/json" };

describe("judge/answer.ts: a 429 on the way, a HEAD answer", () => {
  const cases: { name: string; findings: () => unknown[]; fields: string[] }[] = [
    {
      name: "a 429 with Retry-After and Twilio's body: nothing to say",
      findings: () => judgeThrottle(answer(429, { ...json, "retry-after": "1" }, twilio429)),
      fields: [],
    },
    {
      name: "a 429 without Retry-After: the header",
      findings: () => judgeThrottle(answer(429, json, twilio429)),
      fields: ["retry-after"],
    },
    {
      name: "a 429 with a plain-text body: the body",
      findings: () => judgeThrottle(answer(429, { "content-type": "text/plain", "retry-after": "1" }, "slow down")),
      fields: ["content-type", "(body)"],
    },
    {
      name: "a 429 with Retry-After but an 'Authenticate' body (20003): the code",
      findings: () =>
        judgeThrottle(
          answer(
            429,
            { ...json, "retry-after": "1" },
            JSON.stringify({ ...JSON.parse(twilio429), code: 20003, message: "Authenticate" }),
          ),
        ),
      fields: ["code"],
    },
    {
      name: "a 429 to HEAD: only the header is judged",
      findings: () => judgeThrottle(answer(429, { "retry-after": "1" }), true),
      fields: [],
    },
    { name: "a HEAD answer without a body", findings: () => judgeNoBody(answer(200, json)), fields: [] },
    { name: "a HEAD answer with a body", findings: () => judgeNoBody(answer(200, json, "{}")), fields: ["(body)"] },
  ];
  for (const c of cases)
    it(c.name, () => expect(c.findings().map((f) => (f as { field: string }).field)).to.deep.equal(c.fields));
});

describe("judge/answer.ts: Cache-Control on an answer to a request with credentials", () => {
  const cases: [string, string | undefined, boolean][] = [
    ["absent", undefined, true],
    ["private, max-age=60", "private, max-age=60", true],
    ["no-store", "no-store", true],
    ["no-cache, must-revalidate", "no-cache, must-revalidate", true],
    ["max-age alone", "max-age=3600", true],
    ["public, max-age=3600: a shared cache may store it", "public, max-age=3600", false],
    ["s-maxage: a shared cache may store it", "max-age=0, s-maxage=600", false],
    ["PUBLIC in upper case, spaced", " max-age=5 ,  PUBLIC ", false],
    ["a private field list naming public is no public directive", 'private="public"', true],
  ];
  for (const [name, value, valid] of cases) {
    it(`${name}: ${valid ? "valid" : "broken"}`, () => {
      const headers: Record<string, string> = value === undefined ? json : { ...json, "cache-control": value };
      const findings = judgeCaching(answer(200, headers));
      expect(findings.map((f) => f.field)).to.deep.equal(valid ? [] : ["cache-control"]);
    });
  }
});

describe("judge/answer.ts: an answer's content coding, by what its request accepted", () => {
  const sdk = "gzip, deflate, br";
  const cases: [string, string | undefined, string | undefined, boolean][] = [
    ["no coding, no Accept-Encoding", undefined, undefined, true],
    ["identity, no Accept-Encoding", "identity", undefined, true],
    ["gzip to a request that sent no Accept-Encoding (curl's default)", "gzip", undefined, false],
    ["br to a request that sent no Accept-Encoding", "br", undefined, false],
    ["gzip, accepted", "gzip", sdk, true],
    ["GZIP in upper case, accepted", "GZIP", sdk, true],
    ["zstd, not among those accepted", "zstd", sdk, false],
    ["gzip refused with q=0", "gzip", "gzip;q=0, br", false],
    ["gzip accepted by *", "gzip", "*", true],
    ["gzip then br, both accepted", "gzip, br", sdk, true],
    ["gzip then br, only gzip accepted", "gzip, br", "gzip", false],
  ];
  for (const [name, coding, accepted, valid] of cases) {
    it(`${name}: ${valid ? "valid" : "broken"}`, () => {
      const headers: Record<string, string> = coding === undefined ? json : { ...json, "content-encoding": coding };
      const findings = judgeContentCoding(answer(200, headers), accepted);
      expect(findings.map((f) => `${f.kind} ${f.field}`)).to.deep.equal(valid ? [] : ["header content-encoding"]);
    });
  }
});
