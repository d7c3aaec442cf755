/**
 * The reference provider against the contract's own schemas and rules: it is the
 * embedded default every verification runs against, so it must be right first.
 * Lookups are scoped by account, service, session and SID; credentials come first.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import request from "supertest";
import { variants } from "../../../src/core/cases.js";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { notFoundError, type ParticipantRef, participantPath } from "../../../src/core/resource.js";
import { checkParticipantRules } from "../../../src/judge/rules.js";
import { defaultFixtures, MAX_CREATED_PARTICIPANTS } from "../../../src/provider/index.js";
import { ParticipantStore, seedStore } from "../../../src/provider/store.js";
import { validate } from "../../../src/schema/validate.js";
import {
  assertNoViolations,
  assertTwilioError,
  type Credentials,
  fixtures,
  MALFORMATIONS,
  other,
  otherRight,
  right,
  unknownSid,
  useProvider,
} from "../../support/provider.js";

const basic = (username: string, password: string) => basicAuthorization(username, password);

describe("reference provider", () => {
  const provider = useProvider();
  const get = (path: string, credentials: Credentials | undefined = right) => {
    const test = request(provider.url).get(path);
    return credentials ? test.auth(...credentials) : test;
  };

  it("a GET with the account's API key is the account's participant; with the other account's key, a 404", async () => {
    const key = fixtures.apiKey as NonNullable<typeof fixtures.apiKey>;
    const otherKey = fixtures.otherAccount?.apiKey as NonNullable<typeof key>;
    const res = await get(participantPath(fixtures.phone), [key.sid, key.secret]).expect(200);
    assert.equal(res.body.account_sid, fixtures.accountSid);
    await get(participantPath(fixtures.phone), [otherKey.sid, otherKey.secret]).expect(404);
    await get(participantPath(fixtures.phone), [key.sid, fixtures.authToken]).expect(401);
  });

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

      it(`${variant.name}: the other account's own ${variant.name} participant, to that account`, async () => {
        const res = await get(participantPath(other[variant.name]), otherRight);
        assert.equal(res.status, 200);
        assert.equal(res.body.account_sid, other.accountSid);
        assertNoViolations(
          checkParticipantRules(res.body, {
            requested: other[variant.name],
            accountSid: other.accountSid,
            variant: variant.name,
          }),
          "body (rules)",
        );
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
        .auth(...right);
      assert.equal(res.status, 200);
      assert.equal(res.text, undefined);
    });

    it("takes the Basic scheme in any letter case (RFC 9110 §11.1)", async () => {
      const res = await get(participantPath(fixtures.phone), undefined).set(
        "Authorization",
        basic(...right).replace("Basic", "bAsIc"),
      );
      assert.equal(res.status, 200);
    });
  });

  describe("401 with Twilio's body, before any lookup", () => {
    const header = (value: string) => (test: request.Test) => test.set("Authorization", value);
    const token = fixtures.authToken;
    const cases: {
      name: string;
      ref?: ParticipantRef;
      credentials?: Credentials;
      tweak?: (test: request.Test) => request.Test;
    }[] = [
      { name: "no credentials" },
      { name: "no credentials, the messenger participant", ref: fixtures.messenger },
      { name: "wrong password", credentials: [fixtures.accountSid, "0".repeat(token.length)] },
      { name: "wrong password, the messenger participant", ref: fixtures.messenger, credentials: [right[0], "x"] },
      { name: "the token with a character missing", credentials: [fixtures.accountSid, token.slice(1)] },
      { name: "the token with a character more", credentials: [fixtures.accountSid, `${token}x`] },
      { name: "empty password", credentials: [fixtures.accountSid, ""] },
      { name: "an unknown account with the right token", credentials: [`AC${"1".repeat(32)}`, token] },
      { name: "the other account's SID with this account's token", credentials: [other.accountSid, token] },
      {
        name: "this account's SID with the other account's token",
        credentials: [fixtures.accountSid, other.authToken],
      },
      { name: "a Bearer header with the token", tweak: header(`Bearer ${token}`) },
      { name: "Basic without a colon", tweak: header(`Basic ${Buffer.from("no-colon").toString("base64")}`) },
      { name: "Basic that is not base64", tweak: header("Basic not*base64") },
      { name: "Basic with the right credentials and a stray character", tweak: header(`${basic(...right)}*`) },
      { name: "Basic with nothing after it", tweak: header("Basic ") },
      {
        name: "no credentials, an unknown participant",
        ref: { ...fixtures.phone, participantSid: unknownSid.participantSid },
      },
      {
        name: "wrong password, an unknown participant",
        ref: { ...fixtures.phone, participantSid: unknownSid.participantSid },
        credentials: [fixtures.accountSid, "wrong"],
      },
      { name: "no credentials, an unknown service", ref: { ...fixtures.phone, serviceSid: unknownSid.serviceSid } },
      { name: "no credentials, a malformed SID", ref: { ...fixtures.phone, participantSid: "KPnot-a-sid" } },
      { name: "no credentials, the other account's participant", ref: other.phone },
    ];
    for (const { name, ref = fixtures.phone, credentials, tweak } of cases) {
      it(name, async () => {
        const base = request(provider.url).get(participantPath(ref));
        const res = await (tweak ? tweak(base) : credentials ? base.auth(...credentials) : base);
        assertTwilioError(res, 401, "unauthorized");
        assert.equal(res.headers["www-authenticate"], 'Basic realm="Twilio API"');
        assert.match(res.headers["content-type"] ?? "", /^application\/json/);
      });
    }
  });

  describe("404 with Twilio's body", () => {
    const cases: { name: string; ref: ParticipantRef; credentials?: Credentials }[] = [
      {
        name: "an unknown participant in a known session",
        ref: { ...fixtures.phone, participantSid: unknownSid.participantSid },
      },
      {
        name: "a known participant under an unknown service",
        ref: { ...fixtures.phone, serviceSid: unknownSid.serviceSid },
      },
      {
        name: "a known participant under an unknown session",
        ref: { ...fixtures.phone, sessionSid: unknownSid.sessionSid },
      },
      {
        name: "the phone participant under the messenger participant's session",
        ref: { ...fixtures.messenger, participantSid: fixtures.phone.participantSid },
      },
      {
        name: "the phone participant under the other account's service and session",
        ref: { ...other.phone, participantSid: fixtures.phone.participantSid },
      },
      { name: "the other account's participant, asked for by this account", ref: other.phone },
      {
        name: "this account's participant, asked for by the other account",
        ref: fixtures.phone,
        credentials: otherRight,
      },
    ];
    for (const position of ["serviceSid", "sessionSid", "participantSid"] as const) {
      for (const malformation of MALFORMATIONS) {
        cases.push({
          name: `malformed ${position}: ${malformation.name}`,
          ref: { ...fixtures.phone, [position]: malformation.apply(fixtures.phone[position]) },
        });
      }
    }
    for (const { name, ref, credentials } of cases) {
      it(name, async () => {
        const path = participantPath(ref);
        const res = await get(path, credentials);
        assertTwilioError(res, 404, "notFound");
        assert.deepEqual(res.body, notFoundError(path));
      });
    }

    for (const path of ["/", "/v1/Services", `${participantPath(fixtures.phone)}/`, "/v2/Services/x/Sessions/y"]) {
      it(`unknown path ${path}`, async () => {
        assertTwilioError(await get(path), 404, "notFound");
      });
    }
  });

  describe("other methods", () => {
    for (const method of ["post", "put", "patch", "delete"] as const) {
      it(`${method.toUpperCase()} is 405 with a Twilio error body`, async () => {
        const res = await request(provider.url)
          [method](participantPath(fixtures.phone))
          .auth(...right);
        assertTwilioError(res, 405);
        assert.equal(res.headers.allow, "GET, HEAD, OPTIONS");
      });
    }

    it("OPTIONS is a CORS preflight: 204 with the CORS headers", async () => {
      const res = await request(provider.url).options(participantPath(fixtures.phone));
      assert.equal(res.status, 204);
      assert.equal(res.headers["access-control-allow-origin"], "*");
    });
  });
});

describe("reference provider: a participant is found only at its own account, service, session and SID", () => {
  const provider = useProvider();
  const hex = fc.stringMatching(/^[0-9a-f]{32}$/);
  /** Each segment either one of the seeded SIDs (of either account) or a fresh well-formed one. */
  const seeded = [fixtures.phone, fixtures.messenger, other.phone, other.messenger];
  const segment = (key: keyof ParticipantRef, prefix: string) =>
    fc.oneof(
      fc.constantFrom(...seeded.map((ref) => ref[key])),
      hex.map((digits) => `${prefix}${digits}`),
    );
  const ref = fc.record({
    serviceSid: segment("serviceSid", "KS"),
    sessionSid: segment("sessionSid", "KC"),
    participantSid: segment("participantSid", "KP"),
  });
  const caller = fc.constantFrom<{ name: string; credentials?: Credentials }>(
    { name: "the account", credentials: right },
    { name: "the other account", credentials: otherRight },
    { name: "no credentials" },
    { name: "a wrong password", credentials: [fixtures.accountSid, other.authToken] },
  );
  const owned = (credentials: Credentials | undefined) =>
    credentials === right
      ? [fixtures.phone, fixtures.messenger]
      : credentials === otherRight
        ? [other.phone, other.messenger]
        : [];
  const same = (a: ParticipantRef, b: ParticipantRef) => participantPath(a) === participantPath(b);

  const seed = Date.now() % 2 ** 31;
  it(`200 exactly for the caller's own participants, 401 for anyone else's credentials, 404 otherwise (fast-check seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(ref, caller, async (asked, who) => {
        const test = request(provider.url).get(participantPath(asked));
        const res = await (who.credentials ? test.auth(...who.credentials) : test);
        const valid = who.credentials === right || who.credentials === otherRight;
        const expected = !valid ? 401 : owned(who.credentials).some((mine) => same(mine, asked)) ? 200 : 404;
        assert.equal(res.status, expected, `${who.name} asking for ${participantPath(asked)}`);
      }),
      { seed, numRuns: 150 },
    );
  });
});

describe("reference provider seed and store", () => {
  const sidsOf = (refs: ParticipantRef[]) => refs.flatMap((ref) => Object.values(ref));

  it("the default seed is a valid fixtures file, unlike the reference's 'aaaa' examples", () => {
    assertNoViolations(validate("fixtures", fixtures), "default fixtures");
    for (const sid of [fixtures.accountSid, ...sidsOf([fixtures.phone, fixtures.messenger])]) {
      assert.doesNotMatch(sid, /a{32}$/);
    }
  });

  it("the default seed puts the two participants in sessions of their own, so one can be asked for under the other's", () => {
    assert.notEqual(fixtures.phone.sessionSid, fixtures.messenger.sessionSid);
  });

  it("both auth tokens are fresh on every call, and the SIDs fixed", () => {
    const again = defaultFixtures();
    assert.notEqual(again.authToken, fixtures.authToken);
    assert.notEqual(again.otherAccount?.authToken, fixtures.otherAccount?.authToken);
    assert.equal(again.otherAccount?.accountSid, fixtures.otherAccount?.accountSid);
    assert.deepEqual(again.phone, fixtures.phone);
  });

  it("the other account's token cannot be derived from its SID: two seeds share the SID, not the token", () => {
    const tokens = new Set(Array.from({ length: 5 }, () => defaultFixtures().otherAccount?.authToken));
    assert.equal(tokens.size, 5);
  });

  it("the other account shares no SID with the first", () => {
    const ours = new Set([fixtures.accountSid, ...sidsOf([fixtures.phone, fixtures.messenger])]);
    for (const sid of [other.accountSid, ...sidsOf([other.phone, other.messenger])])
      assert.equal(ours.has(sid), false, sid);
  });

  it("refuses an otherAccount that is the first account again", () => {
    const twice = { ...fixtures, otherAccount: { accountSid: fixtures.accountSid, authToken: "another token" } };
    assert.throws(() => seedStore(twice), /otherAccount must be another account/);
  });

  it("without an otherAccount it holds one account", () => {
    const { otherAccount: _left, ...alone } = fixtures;
    const store = seedStore(alone);
    assert.deepEqual(new Set(store.all().map((p) => p.accountSid)), new Set([fixtures.accountSid]));
    assert.equal(store.checkToken(other.accountSid, other.authToken), false);
  });

  describe("API keys: a key's SID and its own secret authenticate as the key's account, nothing else does", () => {
    const store = seedStore(fixtures);
    const key = fixtures.apiKey as NonNullable<typeof fixtures.apiKey>;
    const otherKey = fixtures.otherAccount?.apiKey as NonNullable<typeof key>;
    const cases: [name: string, username: string, password: string, account: string | undefined][] = [
      ["the account's key", key.sid, key.secret, fixtures.accountSid],
      ["the other account's key", otherKey.sid, otherKey.secret, other.accountSid],
      ["the account SID and token, as before", fixtures.accountSid, fixtures.authToken, fixtures.accountSid],
      ["the key with a wrong secret", key.sid, `${key.secret}0`, undefined],
      ["the key's SID with the account's token", key.sid, fixtures.authToken, undefined],
      ["the account SID with the key's secret", fixtures.accountSid, key.secret, undefined],
      ["the key's SID with the other key's secret", key.sid, otherKey.secret, undefined],
      ["an unknown key SID with the key's secret", `SK${"0".repeat(32)}`, key.secret, undefined],
    ];
    for (const [name, username, password, account] of cases)
      it(`${name}: ${account ? "its account" : "nobody"}`, () =>
        assert.equal(store.accountOf(username, password), account));

    it("the seed names a key for each account; the SIDs fixed, the secrets fresh", () => {
      const again = defaultFixtures();
      assert.equal(again.apiKey?.sid, key.sid);
      assert.notEqual(again.apiKey?.secret, key.secret);
      assert.match(key.sid, /^SK[0-9a-f]{32}$/);
      assert.notEqual(otherKey.sid, key.sid);
    });

    it("refuses one key SID for both accounts", () => {
      const otherAccount = { accountSid: other.accountSid, authToken: other.authToken };
      const shared = {
        ...fixtures,
        otherAccount: { ...otherAccount, apiKey: { sid: key.sid, secret: "another secret" } },
      };
      assert.throws(() => seedStore(shared), /must be two keys/);
    });
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
