/**
 * The reference provider against the contract's own schemas and rules: it is the
 * embedded default every verification runs against, so it must be right first.
 */
import assert from "node:assert/strict";
import request from "supertest";
import { STATES, type VariantName, variants } from "../../src/cases.js";
import type { Fixtures } from "../../src/fixtures.js";
import {
  defaultFixtures,
  MAX_CREATED_PARTICIPANTS,
  neighbourFixtures,
  PROVIDER_STATES_PATH,
  type RunningProvider,
  startProvider,
  unknownParticipantRef,
} from "../../src/provider/index.js";
import { ParticipantStore } from "../../src/provider/store.js";
import { notFoundError, type ParticipantRef, participantPath } from "../../src/resource.js";
import { checkParticipantRules } from "../../src/rules.js";
import { validate } from "../../src/schemas.js";
import { formatViolation, type Violation } from "../../src/violation.js";

const fixtures = defaultFixtures();
const neighbour = neighbourFixtures(fixtures);

function assertNoViolations(violations: Violation[], what: string): void {
  assert.deepEqual(violations.map(formatViolation), [], `${what} has violations`);
}

/** A SID in one position of the phone participant's path replaced by a malformed one. */
function withSid(position: keyof ParticipantRef, sid: string): ParticipantRef {
  return { ...fixtures.phone, [position]: sid };
}

describe("reference provider", () => {
  let provider: RunningProvider;
  before(async () => {
    provider = await startProvider({ fixtures });
  });
  after(async () => {
    await provider.close();
  });

  const get = (path: string, credentials: [string, string] | undefined = [fixtures.accountSid, fixtures.authToken]) => {
    const test = request(provider.url).get(path);
    return credentials ? test.auth(...credentials) : test;
  };

  describe("200 for each variant", () => {
    for (const variant of Object.values(variants)) {
      it(`${variant.name}: body fits the ${variant.name} schema, the strict schema and every semantic rule`, async () => {
        const ref = fixtures[variant.name];
        const res = await get(participantPath(ref));
        assert.equal(res.status, 200);
        assertNoViolations(validate(variant.name, res.body), "body");
        assertNoViolations(validate("strict", res.body), "body (strict)");
        assertNoViolations(
          checkParticipantRules(res.body, { requested: ref, accountSid: fixtures.accountSid, variant: variant.name }),
          "body (rules)",
        );
        assert.equal(res.body.identifier, variant.traits.identifier);
        assert.equal(new URL(res.body.url).origin, provider.url, "url is on the host the request came to");
      });

      it(`${variant.name}: headers fit the headers schema, JSON with charset and Twilio's CORS headers`, async () => {
        const res = await get(participantPath(fixtures[variant.name]));
        assertNoViolations(validate("headers", res.headers), "headers");
        assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
        assert.equal(res.headers["access-control-allow-origin"], "*");
        assert.equal(res.headers["access-control-allow-credentials"], "true");
        assert.match(res.headers["access-control-allow-methods"] ?? "", /\bGET\b/);
        assert.match(res.headers["twilio-request-id"] ?? "", /^RQ[0-9a-f]{32}$/);
      });
    }

    it("builds url and links on the Host the request came to", async () => {
      const res = await get(participantPath(fixtures.phone)).set("Host", "proxy.example.com");
      assert.equal(res.status, 200);
      assert.equal(res.body.url, `http://proxy.example.com${participantPath(fixtures.phone)}`);
      assert.equal(res.body.links.message_interactions, `${res.body.url}/MessageInteractions`);
    });

    it("ignores a query string", async () => {
      const res = await get(`${participantPath(fixtures.messenger)}?PageSize=1`);
      assert.equal(res.status, 200);
      assert.equal(res.body.sid, fixtures.messenger.participantSid);
    });

    it("answers HEAD like GET, without a body", async () => {
      const res = await request(provider.url)
        .head(participantPath(fixtures.phone))
        .auth(fixtures.accountSid, fixtures.authToken);
      assert.equal(res.status, 200);
      assert.equal(res.text, undefined);
    });

    it("serves the neighbouring account's participants to that account", async () => {
      const res = await get(participantPath(neighbour.phone), [neighbour.accountSid, neighbour.authToken]);
      assert.equal(res.status, 200);
      assert.equal(res.body.account_sid, neighbour.accountSid);
    });
  });

  describe("401 with Twilio's body", () => {
    const header = (value: string) => (test: request.Test) => test.set("Authorization", value);
    const cases: { name: string; credentials?: [string, string]; tweak?: (test: request.Test) => request.Test }[] = [
      { name: "no credentials" },
      { name: "wrong token", credentials: [fixtures.accountSid, "0".repeat(fixtures.authToken.length)] },
      { name: "the token with a character missing", credentials: [fixtures.accountSid, fixtures.authToken.slice(1)] },
      { name: "the token with a character more", credentials: [fixtures.accountSid, `${fixtures.authToken}x`] },
      { name: "empty token", credentials: [fixtures.accountSid, ""] },
      { name: "an unknown account", credentials: [`AC${"1".repeat(32)}`, fixtures.authToken] },
      { name: "another account's token", credentials: [fixtures.accountSid, neighbour.authToken] },
      { name: "a Bearer token", tweak: header(`Bearer ${fixtures.authToken}`) },
      { name: "Basic without a colon", tweak: header(`Basic ${Buffer.from(fixtures.accountSid).toString("base64")}`) },
      { name: "Basic with garbage", tweak: header("Basic !!!") },
    ];
    for (const { name, credentials, tweak } of cases) {
      it(name, async () => {
        const base = request(provider.url).get(participantPath(fixtures.phone));
        const res = await (tweak ? tweak(base) : credentials ? base.auth(...credentials) : base);
        assert.equal(res.status, 401);
        assertNoViolations(validate("unauthorized", res.body), "401 body");
        assert.equal(res.headers["www-authenticate"], 'Basic realm="Twilio API"');
        assert.match(res.headers["content-type"] ?? "", /^application\/json/);
      });
    }
  });

  describe("404 with Twilio's body", () => {
    const cases: { name: string; ref: ParticipantRef; credentials?: [string, string] }[] = [
      { name: "an unknown participant in a known session", ref: unknownParticipantRef(fixtures) },
      { name: "another account's participant", ref: neighbour.phone },
      {
        name: "this account's participant asked for by another account",
        ref: fixtures.phone,
        credentials: [neighbour.accountSid, neighbour.authToken],
      },
      {
        name: "a participant under another session",
        ref: { ...fixtures.phone, sessionSid: neighbour.phone.sessionSid },
      },
      { name: "malformed ServiceSid (wrong prefix)", ref: withSid("serviceSid", `KX${"a".repeat(32)}`) },
      { name: "malformed SessionSid (33 characters)", ref: withSid("sessionSid", fixtures.phone.sessionSid.slice(1)) },
      { name: "malformed Sid (lower-case prefix)", ref: withSid("participantSid", `kp${"a".repeat(32)}`) },
      { name: "malformed Sid (not hex)", ref: withSid("participantSid", `KP${"g".repeat(32)}`) },
      { name: "malformed Sid (35 characters)", ref: withSid("participantSid", `${fixtures.phone.participantSid}0`) },
    ];
    for (const { name, ref, credentials } of cases) {
      it(name, async () => {
        const path = participantPath(ref);
        const res = await get(path, credentials);
        assert.equal(res.status, 404);
        assertNoViolations(validate("notFound", res.body), "404 body");
        assert.deepEqual(res.body, notFoundError(path));
      });
    }

    for (const path of ["/", "/v1/Services", `${participantPath(fixtures.phone)}/`, "/v2/Services/x/Sessions/y"]) {
      it(`unknown path ${path}`, async () => {
        const res = await get(path);
        assert.equal(res.status, 404);
        assertNoViolations(validate("notFound", res.body), "404 body");
      });
    }
  });

  describe("other methods", () => {
    for (const method of ["post", "put", "patch", "delete"] as const) {
      it(`${method.toUpperCase()} is 405 with a Twilio error body`, async () => {
        const res = await request(provider.url)
          [method](participantPath(fixtures.phone))
          .auth(fixtures.accountSid, fixtures.authToken);
        assert.equal(res.status, 405);
        assertNoViolations(validate("error", res.body), "405 body");
        assert.equal(res.body.status, 405);
        assert.equal(res.headers.allow, "GET, HEAD, OPTIONS");
      });
    }

    it("OPTIONS is a CORS preflight: 204 with the CORS headers", async () => {
      const res = await request(provider.url).options(participantPath(fixtures.phone));
      assert.equal(res.status, 204);
      assert.equal(res.headers["access-control-allow-origin"], "*");
    });
  });

  describe(`provider states (POST ${PROVIDER_STATES_PATH})`, () => {
    const post = (body: unknown) =>
      request(provider.url)
        .post(PROVIDER_STATES_PATH)
        .set("Content-Type", "application/json")
        .send(typeof body === "string" ? body : JSON.stringify(body));

    const answered: { state: string; expected: (f: Fixtures) => ParticipantRef; getStatus: number }[] = [
      { state: STATES.phone, expected: (f) => f.phone, getStatus: 200 },
      { state: STATES.messenger, expected: (f) => f.messenger, getStatus: 200 },
      { state: STATES.notFound, expected: unknownParticipantRef, getStatus: 404 },
      { state: STATES.wrongCredentials, expected: (f) => f.phone, getStatus: 200 },
    ];
    for (const { state, expected, getStatus } of answered) {
      it(`"${state}" answers SIDs that GET answers with ${getStatus}`, async () => {
        const res = await post({ state, params: {}, action: "setup" });
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, expected(fixtures));
        assert.equal((await get(participantPath(res.body))).status, getStatus);
      });
    }

    it("the notFound state names a participant in an existing session", async () => {
      const res = await post({ state: STATES.notFound });
      assert.equal(res.body.sessionSid, fixtures.phone.sessionSid);
      assert.notEqual(res.body.participantSid, fixtures.phone.participantSid);
      assert.notEqual(res.body.participantSid, fixtures.messenger.participantSid);
    });

    for (const name of ["phone", "messenger"] as const satisfies VariantName[]) {
      it(`${name} state with params creates that participant; teardown removes it`, async () => {
        const ref: ParticipantRef = {
          serviceSid: `KS${"1".repeat(32)}`,
          sessionSid: `KC${"2".repeat(32)}`,
          participantSid: `KP${name === "phone" ? "3" : "4"}${"0".repeat(31)}`,
        };
        const setup = await post({ state: variants[name].state, params: ref, action: "setup" });
        assert.deepEqual(setup.body, ref);
        const fetched = await get(participantPath(ref));
        assert.equal(fetched.status, 200);
        assertNoViolations(validate(name, fetched.body), "created participant");
        assert.equal((await post({ state: variants[name].state, params: ref, action: "teardown" })).status, 200);
        assert.equal((await get(participantPath(ref))).status, 404);
      });
    }

    const refused: { name: string; body: unknown; status: number }[] = [
      { name: "an unknown state", body: { state: "a participant who is a teapot", params: {} }, status: 400 },
      { name: "no state", body: { params: {} }, status: 400 },
      { name: "an unknown action", body: { state: STATES.phone, action: "explode" }, status: 400 },
      { name: "a body that is not JSON", body: "state=phone", status: 400 },
      { name: "a body far too large", body: { state: STATES.phone, pad: "x".repeat(100_000) }, status: 413 },
    ];
    for (const { name, body, status } of refused) {
      it(`refuses ${name} with ${status}`, async () => {
        const res = await post(body);
        assert.equal(res.status, status);
        assert.equal(typeof res.body.error, "string");
      });
    }

    it("GET on the state endpoint is 405", async () => {
      assert.equal((await request(provider.url).get(PROVIDER_STATES_PATH)).status, 405);
    });
  });
});

describe("reference provider seed and store", () => {
  it("the default seed is a valid fixtures file, unlike the reference's 'aaaa' examples", () => {
    assertNoViolations(validate("fixtures", fixtures), "default fixtures");
    for (const sid of [fixtures.accountSid, ...Object.values(fixtures.phone), ...Object.values(fixtures.messenger)]) {
      assert.doesNotMatch(sid, /a{32}$/);
    }
    assert.notEqual(defaultFixtures().authToken, fixtures.authToken, "a fresh token each time");
  });

  it("the neighbouring account shares no SID with the seed", () => {
    assertNoViolations(validate("fixtures", neighbour), "neighbour fixtures");
    const ours = new Set([fixtures.accountSid, ...Object.values(fixtures.phone), ...Object.values(fixtures.messenger)]);
    for (const sid of [
      neighbour.accountSid,
      ...Object.values(neighbour.phone),
      ...Object.values(neighbour.messenger),
    ]) {
      assert.equal(ours.has(sid), false, sid);
    }
  });

  it(`keeps at most ${MAX_CREATED_PARTICIPANTS} created participants, evicting the oldest`, () => {
    const store = new ParticipantStore();
    const refOf = (i: number): ParticipantRef => ({
      ...fixtures.phone,
      participantSid: `KP${i.toString(16).padStart(32, "0")}`,
    });
    const total = MAX_CREATED_PARTICIPANTS + 10;
    for (let i = 0; i < total; i++) {
      store.create({ accountSid: fixtures.accountSid, ref: refOf(i), variant: "phone" });
    }
    assert.equal(store.createdCount, MAX_CREATED_PARTICIPANTS);
    assert.equal(store.find(fixtures.accountSid, refOf(0)), undefined);
    assert.notEqual(store.find(fixtures.accountSid, refOf(total - 1)), undefined);
  });
});
