/**
 * The provider-state endpoint (Pact's convention, POST {state, params, action}): it
 * acts in the caller's account, answers the SIDs to inject, and refuses what it cannot
 * honour with a Twilio error body naming the cause.
 */
import assert from "node:assert/strict";
import request from "supertest";
import { STATES, type VariantName, variants } from "../../../src/core/cases.js";
import { type ParticipantRef, participantPath } from "../../../src/core/resource.js";
import { STATE_SETUP_PATH } from "../../../src/provider/index.js";
import { validate } from "../../../src/schema/validate.js";
import {
  assertNoViolations,
  assertTwilioError,
  type Credentials,
  fixtures,
  other,
  otherRight,
  right,
  unknownSid,
  useProvider,
} from "../../support/provider.js";

/** A participant no one holds yet, distinct per case so that cases cannot see each other's. */
let counter = 0;
function freshRef(): ParticipantRef {
  counter += 1;
  const digits = counter.toString(16).padStart(32, "0");
  return { serviceSid: `KS${digits}`, sessionSid: `KC${digits}`, participantSid: `KP${digits}` };
}

describe(`provider states (POST ${STATE_SETUP_PATH})`, () => {
  const provider = useProvider();
  /** null: no credentials at all. */
  const post = (body: unknown, credentials: Credentials | null = right) => {
    const test = request(provider.url).post(STATE_SETUP_PATH).set("Content-Type", "application/json");
    return (credentials ? test.auth(...credentials) : test).send(
      typeof body === "string" ? body : JSON.stringify(body),
    );
  };
  const get = (ref: ParticipantRef, credentials: Credentials = right) =>
    request(provider.url)
      .get(participantPath(ref))
      .auth(...credentials);

  describe("the suite's own states, without params", () => {
    const cases: { state: string; caller: Credentials; expected: ParticipantRef; getStatus: number }[] = [
      { state: STATES.phone, caller: right, expected: fixtures.phone, getStatus: 200 },
      { state: STATES.messenger, caller: right, expected: fixtures.messenger, getStatus: 200 },
      { state: STATES.wrongCredentials, caller: right, expected: fixtures.phone, getStatus: 200 },
      { state: STATES.phone, caller: otherRight, expected: other.phone, getStatus: 200 },
      { state: STATES.messenger, caller: otherRight, expected: other.messenger, getStatus: 200 },
      { state: STATES.wrongCredentials, caller: otherRight, expected: other.phone, getStatus: 200 },
    ];
    for (const { state, caller, expected, getStatus } of cases) {
      const who = caller === right ? "the account" : "the other account";
      it(`"${state}" for ${who}: its own SIDs, which GET answers with ${getStatus}`, async () => {
        const res = await post({ state, params: {}, action: "setup" }, caller);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, expected);
        assert.equal((await get(res.body, caller)).status, getStatus);
      });
    }

    for (const [who, caller] of [
      ["the account", right],
      ["the other account", otherRight],
    ] as const) {
      it(`"${STATES.notFound}" for ${who}: a well-formed SID in its phone session that GET answers 404`, async () => {
        const res = await post({ state: STATES.notFound }, caller);
        assert.equal(res.status, 200);
        assertNoViolations(validate("fixtures", { phone: res.body }), "answer");
        const phone = caller === right ? fixtures.phone : other.phone;
        assert.equal(res.body.sessionSid, phone.sessionSid);
        assert.notEqual(res.body.participantSid, phone.participantSid);
        assertTwilioError(await get(res.body, caller), 404, "notFound");
      });
    }

    it(`"${STATES.notFound}" ignores params: the SID they name might exist`, async () => {
      const res = await post({ state: STATES.notFound, params: fixtures.phone });
      assert.notDeepEqual(res.body, fixtures.phone);
      assert.equal((await get(res.body)).status, 404);
    });

    it(`"${STATES.notFound}" never answers a participant that was created at its SID`, async () => {
      const first = await post({ state: STATES.notFound });
      await post({ state: "a squatter exists", params: first.body });
      const second = await post({ state: STATES.notFound });
      assert.notDeepEqual(second.body, first.body);
      assert.equal((await get(second.body)).status, 404);
    });

    for (const state of Object.values(STATES)) {
      it(`teardown of "${state}" answers {} and leaves the seeded participants`, async () => {
        const res = await post({ state, params: {}, action: "teardown" });
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, {});
        assert.equal((await get(fixtures.phone)).status, 200);
      });
    }
  });

  describe("any state whose params name a participant: setup creates it in the caller's account, teardown removes it", () => {
    const cases: { name: string; state: string; params?: Record<string, string>; variant: VariantName }[] = [
      { name: "the suite's phone state", state: STATES.phone, variant: "phone" },
      { name: "the suite's messenger state", state: STATES.messenger, variant: "messenger" },
      { name: "another consumer's state", state: "a participant exists", variant: "phone" },
      { name: "a state naming messenger", state: "a Messenger user is in the session", variant: "messenger" },
      {
        name: "params.variant messenger",
        state: "a participant exists",
        params: { variant: "messenger" },
        variant: "messenger",
      },
      {
        name: "params.variant phone over the state's name",
        state: "a messenger participant",
        params: { variant: "phone" },
        variant: "phone",
      },
    ];
    for (const { name, state, params = {}, variant } of cases) {
      it(`${name}: a ${variant} participant`, async () => {
        const ref = freshRef();
        const setup = await post({ state, params: { ...ref, ...params }, action: "setup" });
        assert.equal(setup.status, 200);
        assert.deepEqual(setup.body, ref);
        const fetched = await get(ref);
        assert.equal(fetched.status, 200);
        assertNoViolations(validate(variant, fetched.body), `created ${variant} participant`);
        assert.equal((await get(ref, otherRight)).status, 404, "another account cannot see it");
        const teardown = await post({ state, params: { ...ref, ...params }, action: "teardown" });
        assert.deepEqual([teardown.status, teardown.body], [200, {}]);
        assert.equal((await get(ref)).status, 404, "gone after teardown");
      });
    }

    it("in the other account when the other account asks", async () => {
      const ref = freshRef();
      await post({ state: "a participant exists", params: ref }, otherRight);
      assert.equal((await get(ref, otherRight)).status, 200);
      assert.equal((await get(ref)).status, 404);
    });

    it("setup without an action is setup", async () => {
      const ref = freshRef();
      assert.deepEqual((await post({ state: "a participant exists", params: ref })).body, ref);
      assert.equal((await get(ref)).status, 200);
    });

    it("an existing participant is left as it is, and teardown never removes a seeded one", async () => {
      const setup = await post({ state: "a messenger participant", params: fixtures.phone });
      assert.deepEqual(setup.body, fixtures.phone);
      assert.equal((await get(fixtures.phone)).body.identifier, variants.phone.traits.identifier);
      await post({ state: "a messenger participant", params: fixtures.phone, action: "teardown" });
      assert.equal((await get(fixtures.phone)).status, 200);
    });
  });

  describe("refusals: a Twilio error body naming the cause", () => {
    const cases: { name: string; body: unknown; credentials?: Credentials | "none"; status: number; names?: RegExp }[] =
      [
        { name: "no credentials", body: { state: STATES.phone }, credentials: "none", status: 401 },
        {
          name: "a wrong password",
          body: { state: STATES.phone },
          credentials: [fixtures.accountSid, "wrong"],
          status: 401,
        },
        {
          name: "an unknown state without participant params",
          body: { state: "a teapot", params: {} },
          status: 400,
          names: /"a teapot"/,
        },
        {
          name: "an unknown state, params naming no participant",
          body: { state: "a teapot", params: { colour: "blue" } },
          status: 400,
          names: /"a teapot"/,
        },
        {
          name: "a malformed participantSid",
          body: { state: "x", params: { ...unknownSid, participantSid: "KP1" } },
          status: 400,
          names: /params\.participantSid.*"KP1"/,
        },
        {
          name: "a participant named without its session",
          body: {
            state: "x",
            params: { serviceSid: unknownSid.serviceSid, participantSid: unknownSid.participantSid },
          },
          status: 400,
          names: /params\.sessionSid/,
        },
        {
          name: "an unknown variant",
          body: { state: "x", params: { ...unknownSid, variant: "fax" } },
          status: 400,
          names: /params\.variant/,
        },
        { name: "no state", body: { params: {} }, status: 400, names: /state must be a string/ },
        { name: "an unknown action", body: { state: STATES.phone, action: "explode" }, status: 400, names: /action/ },
        {
          name: "params that are not an object",
          body: { state: STATES.phone, params: [1] },
          status: 400,
          names: /params must be an object/,
        },
        { name: "a body that is not JSON", body: "state=phone", status: 400, names: /must be JSON/ },
        { name: "a body far too large", body: { state: STATES.phone, pad: "x".repeat(100_000) }, status: 413 },
      ];
    for (const { name, body, credentials = right, status, names } of cases) {
      it(`${name}: ${status}`, async () => {
        const res = await post(body, credentials === "none" ? null : credentials);
        assertTwilioError(res, status, status === 401 ? "unauthorized" : "error");
        if (names) assert.match(res.body.message, names);
      });
    }

    it("an unknown state's name is quoted at most 200 characters long", async () => {
      const res = await post({ state: "s".repeat(5000) });
      assert.ok(res.body.message.length < 400, res.body.message.length);
    });

    it("GET on the state endpoint is 405", async () => {
      const res = await request(provider.url)
        .get(STATE_SETUP_PATH)
        .auth(...right);
      assertTwilioError(res, 405);
      assert.equal(res.headers.allow, "POST");
    });
  });
});
