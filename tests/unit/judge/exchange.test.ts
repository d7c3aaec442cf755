/**
 * The one judge of an exchange: which judgement an answer gets (by the caller's
 * expectation, else by its status), what counts as a participant exchange, and that the
 * caller's account is compared only when known. Bodies come from the resource builder.
 */
import { expect } from "chai";
import fc from "fast-check";
import { exampleAccountSid, exampleRef, variants } from "../../../src/core/cases.js";
import {
  notFoundError,
  participantBody,
  participantPath,
  TWILIO_PROXY_BASE_URL,
  unauthorizedError,
} from "../../../src/core/resource.js";
import { judgeExchange, participantRequested } from "../../../src/judge/exchange.js";
import type { HttpResponse } from "../../../src/net/reader.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const path = participantPath(exampleRef);
const body = participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, variants.phone.traits);
const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

const answer = (status: number, json: unknown, headers: Record<string, string> = JSON_TYPE): HttpResponse => ({
  status,
  headers,
  body: Buffer.from(JSON.stringify(json)),
  truncated: false,
});

const otherAccount = `AC${"1".repeat(32)}`;

describe("judgeExchange: traffic (no expectation)", () => {
  const throttled = { ...JSON_TYPE, "retry-after": "1" };
  const challenged = { ...JSON_TYPE, "www-authenticate": 'Basic realm="Twilio API"' };
  const rows: [
    name: string,
    status: number,
    json: unknown,
    accountSid: string | undefined,
    findings: string[],
    headers?: Record<string, string>,
  ][] = [
    ["the participant, the caller's account", 200, body, exampleAccountSid, []],
    ["the participant, the account unknown: not compared", 200, body, undefined, []],
    ["the participant of another account than the caller's", 200, body, otherAccount, ["rule account_sid"]],
    [
      "a participant with another sid than the path's",
      200,
      { ...body, sid: `KP${"2".repeat(32)}` },
      exampleAccountSid,
      ["rule sid"],
    ],
    ["Twilio's 404", 404, notFoundError(path), exampleAccountSid, []],
    ["a 404 with the 401 body", 404, unauthorizedError(), exampleAccountSid, ["body code", "body status"]],
    ["Twilio's 401", 401, unauthorizedError(), undefined, [], challenged],
    [
      "a 401 without its challenge (RFC 9110 §11.6.1)",
      401,
      unauthorizedError(),
      undefined,
      ["header www-authenticate"],
    ],
    [
      "a 401 whose more_info is another error's page",
      401,
      { ...unauthorizedError(), more_info: "https://www.twilio.com/docs/errors/20404" },
      undefined,
      ["rule more_info"],
      challenged,
    ],
    [
      "a 401 linking the implementation's own docs",
      401,
      { ...unauthorizedError(), more_info: "https://fake.example/help/auth" },
      undefined,
      [],
      challenged,
    ],
    [
      "a 429 in Twilio's error body",
      429,
      { ...unauthorizedError(), code: 20429, status: 429, more_info: "https://www.twilio.com/docs/errors/20429" },
      undefined,
      [],
      throttled,
    ],
    [
      "a 429 that does not say when to retry",
      429,
      { ...unauthorizedError(), code: 20429, status: 429, more_info: "https://www.twilio.com/docs/errors/20429" },
      undefined,
      ["header retry-after"],
    ],
    [
      "a 429 whose body says 400: not Twilio's 429 body",
      429,
      { ...unauthorizedError(), code: 20429, status: 400, more_info: "https://www.twilio.com/docs/errors/20429" },
      undefined,
      ["body status"],
      throttled,
    ],
    [
      "a 429 with the 401 body (20003)",
      429,
      { ...unauthorizedError(), status: 429 },
      undefined,
      ["body code"],
      throttled,
    ],
    ["a 500", 500, unauthorizedError(), undefined, ["status status"]],
    ["a 302", 302, {}, undefined, ["status status"]],
    ["a 204", 204, {}, undefined, ["status status"]],
  ];
  for (const [name, status, json, accountSid, findings, headers] of rows)
    it(name, () => {
      const response = answer(status, json, headers);
      const judged = judgeExchange({ request: { method: "GET", path, accountSid }, response });
      expect(judged.findings.map((f) => `${f.kind} ${f.field}`)).to.deep.equal(findings);
      expect(judged.requested).to.deep.equal(exampleRef);
      expect(judged.response.status).to.equal(status);
    });

  it("a 200 that is not JSON: the headers and the body say so", () => {
    const judged = judgeExchange({
      request: { method: "GET", path },
      response: {
        status: 200,
        headers: { "content-type": "text/html" },
        body: Buffer.from("<html>"),
        truncated: false,
      },
    });
    expect(judged.findings.map((f) => `${f.kind} ${f.field}`)).to.deep.equal(["header content-type", "body (body)"]);
    expect(judged.response.body).to.equal("<html>");
  });

  it("a body past the cap is not judged further", () => {
    const judged = judgeExchange({
      request: { method: "GET", path },
      response: { ...answer(200, body), truncated: true },
    });
    expect(judged.findings.map((f) => f.rule)).to.include(`must be at most ${answer(200, body).body.length} bytes`);
  });

  it("a request that is no participant fetch gets one finding saying so", () => {
    const judged = judgeExchange({ request: { method: "POST", path }, response: answer(200, body) });
    expect(judged.findings).to.have.length(1);
    expect(judged.findings[0]?.field).to.equal("(request)");
    expect(judged.requested).to.equal(undefined);
  });
});

describe("judgeExchange: a participant the caller knows exists (verify's conformance)", () => {
  it("passes the participant of that variant", () => {
    const judged = judgeExchange(
      { request: { method: "GET", path, accountSid: exampleAccountSid }, response: answer(200, body) },
      { participant: "phone" },
    );
    expect(judged.findings).to.deep.equal([]);
  });

  it("fails Twilio's 404: a 404 is honest traffic, but not the participant asked for", () => {
    const judged = judgeExchange(
      { request: { method: "GET", path, accountSid: exampleAccountSid }, response: answer(404, notFoundError(path)) },
      { participant: "phone" },
    );
    expect(judged.findings.map((f) => `${f.kind} ${f.field}`)).to.deep.equal(["status status"]);
  });

  it("fails the phone participant where the messenger one was asked for", () => {
    const judged = judgeExchange(
      { request: { method: "GET", path, accountSid: exampleAccountSid }, response: answer(200, body) },
      { participant: "messenger" },
    );
    expect(judged.findings.map((f) => f.kind)).to.include("rule");
  });

  it("strict: a field the reference does not define", () => {
    const response = answer(200, { ...body, extra: 1 });
    const request = { method: "GET", path, accountSid: exampleAccountSid };
    expect(judgeExchange({ request, response }, { participant: "phone" }).findings).to.deep.equal([]);
    expect(judgeExchange({ request, response }, { participant: "phone", strict: true }).findings).to.have.length(1);
  });
});

describe("participantRequested", () => {
  const rows: [name: string, method: string, path: string, participant: boolean][] = [
    ["a GET of the participant path", "GET", path, true],
    ["with a query", "GET", `${path}?PageSize=1`, true],
    ["another method", "POST", path, false],
    ["a lower-case method (methods are case-sensitive)", "get", path, false],
    ["a trailing slash", "GET", `${path}/`, false],
    ["the session above it", "GET", path.replace(/\/Participants\/.*$/, ""), false],
    ["its message interactions", "GET", `${path}/MessageInteractions`, false],
  ];
  for (const [name, method, p, participant] of rows)
    it(`${name}: ${participant ? "judged" : "not judged"}`, () =>
      expect(participantRequested({ method, path: p }) !== undefined).to.equal(participant));

  it(`any three segments make a participant path, the SIDs taken as they are (seed ${seed})`, () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9%._~-]{1,40}$/);
    fc.assert(
      fc.property(segment, segment, segment, (service, session, participant) => {
        const ref = participantRequested({
          method: "GET",
          path: `/v1/Services/${service}/Sessions/${session}/Participants/${participant}`,
        });
        return ref?.serviceSid === service && ref.sessionSid === session && ref.participantSid === participant;
      }),
      { seed, numRuns: 200 },
    );
  });
});
