/**
 * The oracle (src/verify/explore/relations.ts): what an answer must be, read from the
 * request alone, and the neutral relation that compares an answer with the canonical one.
 */
import { expect } from "chai";
import { basicAuthorization } from "../../../../src/core/credentials.js";
import type { HttpResponse } from "../../../../src/net/reader.js";
import { canonicalDraft, type Draft, setHeader } from "../../../../src/verify/explore/model.js";
import {
  type CanonicalAnswer,
  type Expectation,
  entityTags,
  expectationOf,
  judgeExpectation,
  judgeNeutral,
} from "../../../../src/verify/explore/relations.js";
import { canonicalAnswer, dimensionContext, refs, secrets } from "../../../support/explore.js";

const hex = (c: string) => c.repeat(32);
const ctx = dimensionContext;
const canonicalResponse = canonicalAnswer;

const draft = (edit: (d: Draft) => void = () => undefined): Draft => {
  const d = canonicalDraft("phone", refs.phone);
  edit(d);
  return d;
};
const auth = (value: string) => (d: Draft) => setHeader(d, "Authorization", [value]);

describe("relations: what the answer must be, read from the request", () => {
  const cases: { name: string; request: Draft; expected: Expectation }[] = [
    {
      name: "the canonical request: the canonical answer",
      request: draft(),
      expected: { relation: "neutral", participant: "phone" },
    },
    {
      name: "Basic in lower case is Basic (RFC 9110 §11.1)",
      request: draft(auth(basicAuthorization(secrets.accountSid, secrets.authToken).replace("Basic", "basic"))),
      expected: { relation: "neutral", participant: "phone" },
    },
    {
      name: "no Authorization: 401",
      request: draft((d) => setHeader(d, "Authorization", null)),
      expected: { relation: "unauthenticated" },
    },
    {
      name: "the token as Bearer: 401",
      request: draft(auth(`Bearer ${secrets.authToken}`)),
      expected: { relation: "unauthenticated" },
    },
    {
      name: "a token one character off: 401",
      request: draft(auth(basicAuthorization(secrets.accountSid, `${secrets.authToken.slice(0, -1)}c`))),
      expected: { relation: "unauthenticated" },
    },
    {
      name: "the other account's own credentials: 404 (not its participant)",
      request: draft(auth(basicAuthorization(secrets.otherAccountSid, secrets.otherAuthToken))),
      expected: { relation: "not-found" },
    },
    {
      name: "a SID that names nothing: 404",
      request: draft((d) => {
        d.ref.participantSid = `KP${hex("9")}`;
      }),
      expected: { relation: "not-found" },
    },
    {
      name: "a SID one character short: malformed",
      request: draft((d) => {
        d.ref.sessionSid = d.ref.sessionSid.slice(0, -1);
      }),
      expected: { relation: "malformed" },
    },
    {
      name: "no credentials and a malformed SID: 401 first (credentials before any lookup)",
      request: draft((d) => {
        setHeader(d, "Authorization", null);
        d.ref.sessionSid = "KC1";
      }),
      expected: { relation: "unauthenticated" },
    },
    {
      name: "the other participant's SIDs whole: its own canonical answer",
      request: draft((d) => {
        d.ref = { ...refs.messenger };
      }),
      expected: { relation: "neutral", participant: "messenger" },
    },
    {
      name: "the answer's own ETag: 304 allowed",
      request: draft((d) => setHeader(d, "If-None-Match", ['"abc"'])),
      expected: { relation: "not-modified", participant: "phone" },
    },
    {
      name: "its own ETag weak, in a list: 304 allowed (weak comparison)",
      request: draft((d) => setHeader(d, "If-None-Match", ['"x", W/"abc"'])),
      expected: { relation: "not-modified", participant: "phone" },
    },
    {
      name: "*: 304 allowed",
      request: draft((d) => setHeader(d, "If-None-Match", ["*"])),
      expected: { relation: "not-modified", participant: "phone" },
    },
    {
      name: "another ETag: the full answer",
      request: draft((d) => setHeader(d, "If-None-Match", ['"other"'])),
      expected: { relation: "neutral", participant: "phone" },
    },
    {
      name: "If-Modified-Since at the Last-Modified: 304 allowed",
      request: draft((d) => setHeader(d, "If-Modified-Since", ["Wed, 01 Jan 2020 00:00:00 GMT"])),
      expected: { relation: "not-modified", participant: "phone" },
    },
    {
      name: "If-Modified-Since before it: the full answer",
      request: draft((d) => setHeader(d, "If-Modified-Since", ["Tue, 31 Dec 2019 00:00:00 GMT"])),
      expected: { relation: "neutral", participant: "phone" },
    },
    {
      name: "the own ETag beside an If-Modified-Since before the Last-Modified: 304 allowed (If-None-Match decides)",
      request: draft((d) => {
        setHeader(d, "If-None-Match", ['"abc"']);
        setHeader(d, "If-Modified-Since", ["Tue, 31 Dec 2019 00:00:00 GMT"]);
      }),
      expected: { relation: "not-modified", participant: "phone" },
    },
    {
      name: "If-None-Match is read before If-Modified-Since (RFC 9110 §13.2.2)",
      request: draft((d) => {
        setHeader(d, "If-None-Match", ['"other"']);
        setHeader(d, "If-Modified-Since", ["Wed, 01 Jan 2020 00:00:00 GMT"]);
      }),
      expected: { relation: "neutral", participant: "phone" },
    },
  ];
  for (const c of cases) it(c.name, () => expect(expectationOf(c.request, secrets, ctx)).to.deep.equal(c.expected));
});

describe("relations: entity-tags of an If-None-Match", () => {
  it("split on commas outside quotes", () =>
    expect(entityTags('"a,b", W/"c" ,*')).to.deep.equal(['"a,b"', 'W/"c"', "*"]));
});

describe("relations: an answer judged against the canonical one", () => {
  const canonical: CanonicalAnswer = { response: canonicalResponse, sent: { accept: "application/json" } };
  const with_ = (change: Partial<HttpResponse>): HttpResponse => ({ ...canonicalResponse, ...change });
  const fields = (response: HttpResponse, sent: Record<string, string> = canonical.sent) =>
    judgeNeutral(response, canonical, sent).map((f) => `${f.kind} ${f.field}`);
  const cases: { name: string; response: HttpResponse; sent?: Record<string, string>; expected: string[] }[] = [
    { name: "the same answer: nothing", response: with_({}), expected: [] },
    {
      name: "a per-message header differs (a date, a request id): nothing",
      response: with_({ headers: { ...canonicalResponse.headers, date: "x", "x-request-id": "y" } }),
      expected: [],
    },
    { name: "another status", response: with_({ status: 406 }), expected: ["status status"] },
    {
      name: "a field moved: named",
      response: with_({ body: Buffer.from('{"sid":"KP3","date_updated":"2020-01-02T00:00:00Z"}') }),
      expected: ["body date_updated"],
    },
    {
      name: "the same JSON in other bytes: the body",
      response: with_({ body: Buffer.from('{"date_updated":"2020-01-01T00:00:00Z","sid":"KP3"}') }),
      expected: ["body (body)"],
    },
    {
      name: "another Cache-Control: the header",
      response: with_({ headers: { ...canonicalResponse.headers, "cache-control": "public" } }),
      expected: ["header cache-control"],
    },
    {
      name: "another Content-Type when Vary names the Accept that differs: allowed",
      response: with_({
        headers: { ...canonicalResponse.headers, "content-type": "application/json", vary: "Accept", etag: '"z"' },
      }),
      sent: { accept: "*/*" },
      expected: [],
    },
    {
      name: "another ETag for another content coding: allowed (a representation's own validator)",
      response: with_({ headers: { ...canonicalResponse.headers, etag: '"abc-gzip"', "content-encoding": "gzip" } }),
      expected: [],
    },
    {
      name: "another ETag for the same bytes and coding: the header",
      response: with_({ headers: { ...canonicalResponse.headers, etag: '"zzz"' } }),
      expected: ["header etag"],
    },
    {
      name: "the same strong ETag in another content coding: the header (one validator for two sets of bytes)",
      response: with_({ headers: { ...canonicalResponse.headers, "content-encoding": "gzip" } }),
      expected: ["header etag"],
    },
    {
      name: "the same strong ETag in another coding, Vary: Accept-Encoding: still the header (Vary never shares a strong validator)",
      response: with_({
        headers: { ...canonicalResponse.headers, "content-encoding": "gzip", vary: "Accept-Encoding" },
      }),
      sent: { accept: "application/json", "accept-encoding": "gzip" },
      expected: ["header etag"],
    },
    {
      name: "the same ETag made weak in another coding: allowed (weak validators name equivalent content)",
      response: with_({ headers: { ...canonicalResponse.headers, etag: 'W/"abc"', "content-encoding": "gzip" } }),
      expected: [],
    },
  ];
  for (const c of cases) it(c.name, () => expect(fields(c.response, c.sent)).to.deep.equal(c.expected));
});

describe("relations: a 304 where one was allowed", () => {
  const canonical: CanonicalAnswer = {
    response: { ...canonicalResponse, headers: { ...canonicalResponse.headers, "cache-control": "private" } },
    sent: { accept: "application/json" },
  };
  const notModified = (headers: Record<string, string>, body = ""): HttpResponse => ({
    status: 304,
    headers,
    body: Buffer.from(body),
    truncated: false,
  });
  const fields = (response: HttpResponse) =>
    judgeExpectation({ relation: "not-modified", participant: "phone" }, response, canonical, canonical.sent).map(
      (f) => `${f.kind} ${f.field}`,
    );
  const cases: [string, HttpResponse, string[]][] = [
    [
      "empty, with the ETag and Cache-Control the 200 has: kept",
      notModified({ etag: '"abc"', "cache-control": "private" }),
      [],
    ],
    [
      "another ETag (another coding's own): kept, present is what is asked",
      notModified({ etag: '"abc-gzip"', "cache-control": "private" }),
      [],
    ],
    ["without the ETag: the header", notModified({ "cache-control": "private" }), ["header etag"]],
    ["without ETag or Cache-Control: both", notModified({}), ["header etag", "header cache-control"]],
    ["with a body: the body", notModified({ etag: '"abc"', "cache-control": "private" }, "{}"), ["http (body)"]],
    ["a 200 instead: judged as the full answer", { ...canonical.response }, []],
  ];
  for (const [name, response, expected] of cases) it(name, () => expect(fields(response)).to.deep.equal(expected));
});
