/**
 * The probe table (src/verify/live.ts): every malformed SID it sends is malformed per
 * the path-params schema, for any well-formed SIDs the fixtures could hold (generated,
 * seed printed); every credential role sends what its name says; the ids are stable.
 */

import { expect } from "chai";
import fc from "fast-check";
import type { CredentialRole } from "../../../src/core/findings.js";
import { reproduction } from "../../../src/core/request.js";
import { participantPath } from "../../../src/core/resource.js";
import type { HttpResponse } from "../../../src/net/reader.js";
import { isValid } from "../../../src/schema/validate.js";
import {
  authorizationFor,
  type CredentialSet,
  type LiveRequest,
  lastDigitChanged,
  requestInfo,
  swapCase,
} from "../../../src/verify/live-request.js";
import {
  LIVE_CHECKS,
  type LiveCheck,
  type LiveContext,
  MALFORMATIONS,
  malformedRef,
  PATH_VARIANTS,
  type Step,
} from "../../../src/verify/probes.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const hex = fc.stringMatching(/^[0-9a-fA-F]{32}$/);
const ref = fc.record({
  serviceSid: hex.map((h) => `KS${h}`),
  sessionSid: hex.map((h) => `KC${h}`),
  participantSid: hex.map((h) => `KP${h}`),
});

describe("probes: malformed SIDs in every segment", () => {
  it(`every malformation of every segment is rejected by the path-params schema (seed ${seed})`, () => {
    fc.assert(
      fc.property(ref, (r) => {
        for (const segment of ["service", "session", "participant"] as const) {
          for (const kind of Object.keys(MALFORMATIONS)) {
            const bad = malformedRef(r, segment, kind);
            const params = {
              ServiceSid: decodeURIComponent(bad.serviceSid),
              SessionSid: decodeURIComponent(bad.sessionSid),
              Sid: decodeURIComponent(bad.participantSid),
            };
            if (isValid("pathParams", params)) return false;
            // Only the one segment differs from the well-formed original.
            const changed = (["serviceSid", "sessionSid", "participantSid"] as const).filter((k) => bad[k] !== r[k]);
            if (changed.length !== 1) return false;
          }
        }
        return isValid("pathParams", { ServiceSid: r.serviceSid, SessionSid: r.sessionSid, Sid: r.participantSid });
      }),
      { seed, numRuns: 200 },
    );
  });

  it("refuses a malformation kind it does not know", () => {
    expect(() =>
      malformedRef({ serviceSid: "KSx", sessionSid: "KCx", participantSid: "KPx" }, "service", "nope"),
    ).to.throw(/no malformation nope/);
  });

  it("covers three segments × six malformations, each a probe of its own", () => {
    const ids = LIVE_CHECKS.map((c) => c.id).filter((id) => id.startsWith("probe/malformed-sid/"));
    expect(ids).to.have.length(18);
  });

  it("gives every check a unique id", () => {
    const ids = LIVE_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});

describe("probes: credential roles", () => {
  const set = {
    right: { username: `AC${"1".repeat(32)}`, password: "right-token-123" },
    other: { username: `AC${"2".repeat(32)}`, password: "other-token-456" },
    key: { username: `SK${"3".repeat(32)}`, password: "key-secret-789" },
    otherKey: { username: `SK${"4".repeat(32)}`, password: "other-key-secret-0ab" },
  };
  const decoded = (header: string | undefined) =>
    header?.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString("utf8") : header;
  const cases: { role: CredentialRole; check: (header: string | undefined) => boolean }[] = [
    { role: "right", check: (h) => decoded(h) === `${set.right.username}:${set.right.password}` },
    { role: "none", check: (h) => h === undefined },
    {
      role: "wrong-password",
      check: (h) => /^AC1{32}:wrong-[0-9a-f]{16}$/.test(decoded(h) ?? "") && !h?.includes(set.right.password),
    },
    { role: "empty-password", check: (h) => decoded(h) === `${set.right.username}:` },
    { role: "extended-password", check: (h) => decoded(h) === `${set.right.username}:${set.right.password}0` },
    { role: "truncated-password", check: (h) => decoded(h) === `${set.right.username}:right-token-12` },
    { role: "password-trailing-space", check: (h) => decoded(h) === `${set.right.username}:right-token-123 ` },
    { role: "token-case-swapped", check: (h) => decoded(h) === `${set.right.username}:RIGHT-TOKEN-123` },
    { role: "account-sid-last-digit", check: (h) => decoded(h) === `AC${"1".repeat(31)}2:right-token-123` },
    { role: "account-sid-other-token", check: (h) => decoded(h) === `${set.right.username}:${set.other.password}` },
    { role: "other-sid-account-token", check: (h) => decoded(h) === `${set.other.username}:${set.right.password}` },
    {
      role: "unknown-account",
      check: (h) =>
        /^AC[0-9a-f]{32}:right-token-123$/.test(decoded(h) ?? "") && !decoded(h)?.startsWith(set.right.username),
    },
    { role: "other-account", check: (h) => decoded(h) === `${set.other.username}:${set.other.password}` },
    { role: "not-base64", check: (h) => h === "Basic not*base64" },
    { role: "no-colon", check: (h) => !(decoded(h) ?? ":").includes(":") },
    { role: "other-scheme", check: (h) => h === `Bearer ${btoa(`${set.right.username}:${set.right.password}`)}` },
    { role: "api-key", check: (h) => decoded(h) === `${set.key.username}:${set.key.password}` },
    {
      role: "api-key-wrong-secret",
      check: (h) => /^SK3{32}:wrong-[0-9a-f]{16}$/.test(decoded(h) ?? "") && !h?.includes(set.key.password),
    },
    {
      role: "unknown-api-key",
      check: (h) =>
        /^SK[0-9a-f]{32}:key-secret-789$/.test(decoded(h) ?? "") && !decoded(h)?.startsWith(set.key.username),
    },
    { role: "api-key-account-token", check: (h) => decoded(h) === `${set.key.username}:${set.right.password}` },
    { role: "account-sid-key-secret", check: (h) => decoded(h) === `${set.right.username}:${set.key.password}` },
    {
      role: "api-key-other-key-secret",
      check: (h) => decoded(h) === `${set.key.username}:${set.otherKey.password}`,
    },
    { role: "other-api-key", check: (h) => decoded(h) === `${set.otherKey.username}:${set.otherKey.password}` },
  ];
  for (const c of cases) {
    it(`${c.role}: sends what the role says, and the reproduction line holds no secret`, () => {
      const header = authorizationFor(c.role, set);
      expect(c.check(header), String(header)).to.equal(true);
      const line = reproduction({ method: "GET", path: "/v1/x", credentials: c.role }, "http://127.0.0.1:3000");
      expect(line).to.match(/^curl -sS .*'http:\/\/127\.0\.0\.1:3000\/v1\/x'$/);
      for (const secret of ["right-token", "other-token", "key-secret", "other-key-secret"])
        expect(line).not.to.include(secret);
    });
  }
});

describe("probes: credentials that differ from the right ones by a little", () => {
  const cases: [string, string, string][] = [
    ["swapCase: lower to upper", "ab12cd", "AB12CD"],
    ["swapCase: mixed", "aB1-Cd", "Ab1-cD"],
    ["swapCase: no letters, nothing to swap", "0123", "0123"],
    ["lastDigitChanged: 0 to 1", `AC${"a".repeat(31)}0`, `AC${"a".repeat(31)}1`],
    ["lastDigitChanged: 9 to a", `AC${"0".repeat(31)}9`, `AC${"0".repeat(31)}a`],
    ["lastDigitChanged: f to 0", `AC${"0".repeat(31)}f`, `AC${"0".repeat(31)}0`],
    ["lastDigitChanged: upper-case F to 0", `AC${"0".repeat(31)}F`, `AC${"0".repeat(31)}0`],
  ];
  for (const [name, input, output] of cases) {
    it(name, () => expect((name.startsWith("swap") ? swapCase : lastDigitChanged)(input)).to.equal(output));
  }

  it(`a SID with its last digit changed is still a well-formed account SID, and another one (seed ${seed})`, () => {
    fc.assert(
      fc.property(hex, (h) => {
        const sid = `AC${h}`;
        const changed = lastDigitChanged(sid);
        return (
          isValid("accountSid", changed) &&
          changed.toLowerCase() !== sid.toLowerCase() &&
          changed.slice(0, -1) === sid.slice(0, -1)
        );
      }),
      { seed, numRuns: 200 },
    );
  });

  it(`a token with letters differs from itself in another case only by case (seed ${seed})`, () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-zA-Z]{1,40}$/), (token) => {
        const swapped = swapCase(token);
        return swapped.toLowerCase() === token.toLowerCase() && (swapped !== token) === /[a-zA-Z]/.test(token);
      }),
      { seed, numRuns: 200 },
    );
  });
});

describe("probes: the table", () => {
  it("every row says which Twilio behaviour it follows and what it expects", () => {
    for (const check of LIVE_CHECKS) {
      expect(check.twilio, check.id).to.match(/\w/);
      expect(check.title, check.id).to.include(":");
    }
  });

  it("probes HEAD, every path variant, mixed credentials, a reused connection and overlapping fetches", () => {
    const ids = LIVE_CHECKS.map((c) => c.id);
    for (const id of [
      "conformance/phone/curl",
      "conformance/messenger/no-accept",
      "probe/token-case-swapped",
      "probe/password-trailing-space",
      "probe/account-sid-last-digit",
      "probe/conditional-other-account",
      "probe/head/no-credentials/phone",
      "probe/head/right/messenger",
      ...Object.keys(PATH_VARIANTS).flatMap((v) => [`probe/path/${v}/no-credentials`, `probe/path/${v}/right`]),
      "probe/auth-before-lookup/unknown-service",
      "probe/auth-before-lookup/unknown-session",
      "probe/mixed-credentials/account-sid-other-token",
      "probe/mixed-credentials/other-sid-account-token",
      "probe/extended-password",
      "probe/truncated-password",
      "probe/connection-reuse",
      "probe/overlapping",
      "probe/conditional-without-credentials",
      "conformance/phone/api-key",
      "conformance/messenger/api-key",
      "probe/api-key/wrong-secret",
      "probe/api-key/unknown-key",
      "probe/api-key/account-token",
      "probe/api-key/account-sid-key-secret",
      "probe/api-key/other-key-secret",
      "probe/api-key/other-account-key",
      "probe/cors/preflight",
      "probe/cors/participant",
      "probe/cors/unauthorized",
      "probe/cors/not-found",
    ])
      expect(ids, id).to.include(id);
  });

  it(`every path variant differs from the canonical path and keeps the participant's digits (seed ${seed})`, () => {
    fc.assert(
      fc.property(ref, (r) =>
        Object.values(PATH_VARIANTS).every((pathOf) => {
          const path = pathOf(r);
          return path !== participantPath(r) && path.includes(r.participantSid.slice(2));
        }),
      ),
      { seed, numRuns: 100 },
    );
  });
});

describe("probes: the request a report shows", () => {
  const cases: { name: string; request: LiveRequest; headers?: Record<string, string>; curl: RegExp }[] = [
    {
      name: "the SDK's request shows no extra header",
      request: { method: "GET", path: "/p", credentials: "right" },
      curl: /^curl -sS -u "\$TWILIO_ACCOUNT_SID:\$TWILIO_AUTH_TOKEN" '/,
    },
    {
      name: "curl's Accept is shown and repeated",
      request: { method: "GET", path: "/p", credentials: "right", accept: "*/*" },
      headers: { accept: "*/*" },
      curl: /-H 'accept: \*\/\*' /,
    },
    {
      name: "no Accept-Encoding (curl's default) is shown as none and repeated as an empty header",
      request: { method: "GET", path: "/p", credentials: "right", accept: "*/*", acceptEncoding: null },
      headers: { accept: "*/*", "accept-encoding": "(none)" },
      curl: /-H 'accept: \*\/\*' -H 'accept-encoding:' /,
    },
    {
      name: "no Accept is shown as none and repeated as an empty header",
      request: { method: "GET", path: "/p", credentials: "none", accept: null },
      headers: { accept: "(none)" },
      curl: /-H 'accept:' /,
    },
    { name: "HEAD is curl -I", request: { method: "HEAD", path: "/p", credentials: "none" }, curl: /^curl -sS -I '/ },
    {
      name: "a CORS preflight is OPTIONS with its Origin and Access-Control-Request-Method",
      request: {
        method: "OPTIONS",
        path: "/p",
        credentials: "none",
        accept: "*/*",
        headers: { origin: "https://app.example.com", "access-control-request-method": "GET" },
      },
      headers: { origin: "https://app.example.com", "access-control-request-method": "GET", accept: "*/*" },
      curl: /^curl -sS -X OPTIONS -H 'origin: https:\/\/app\.example\.com' -H 'access-control-request-method: GET' /,
    },
    {
      name: "the API key's request names the key's variables, never the secret",
      request: { method: "GET", path: "/p", credentials: "api-key" },
      curl: /^curl -sS -u "\$TWILIO_API_KEY:\$TWILIO_API_SECRET" '/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const info = requestInfo(c.request);
      expect(info.headers).to.deep.equal(c.headers);
      expect(reproduction(info, "http://127.0.0.1:3000")).to.match(c.curl);
    });
  }
});

describe("probes: API keys, HEAD and CORS rows", () => {
  const refs = {
    phone: {
      serviceSid: `KS${"1".repeat(32)}`,
      sessionSid: `KC${"1".repeat(32)}`,
      participantSid: `KP${"1".repeat(32)}`,
    },
    messenger: {
      serviceSid: `KS${"1".repeat(32)}`,
      sessionSid: `KC${"2".repeat(32)}`,
      participantSid: `KP${"2".repeat(32)}`,
    },
    notFound: {
      serviceSid: `KS${"1".repeat(32)}`,
      sessionSid: `KC${"1".repeat(32)}`,
      participantSid: `KP${"3".repeat(32)}`,
    },
  };
  const account = { username: `AC${"1".repeat(32)}`, password: "right-token-123" };
  const context = (credentials: CredentialSet, strict = false) =>
    ({ baseUrl: "http://127.0.0.1:3000", refs, accountSid: account.username, credentials, strict }) as LiveContext;
  const keyChecks = LIVE_CHECKS.filter((c) => c.id.includes("api-key"));
  const reasons = (credentials: CredentialSet) =>
    keyChecks.map((c) => {
      const plan = c.plan(context(credentials));
      return `${c.id} ${"skip" in plan ? plan.skip : "runs"}`;
    });

  it("without an API key, every key check is skipped, naming the fixtures field and the variables", () => {
    expect(keyChecks).to.have.length(8);
    for (const line of reasons({ right: account }))
      expect(line).to.match(/ the fixtures name no apiKey \(nor TWILIO_API_KEY\/TWILIO_API_SECRET\)$/);
  });

  it("with a key but no other account's key, only the two checks that need that key are skipped", () => {
    const skipped = reasons({ right: account, key: { username: `SK${"3".repeat(32)}`, password: "key-secret-789" } })
      .filter((line) => !line.endsWith(" runs"))
      .map((line) => line.split(" ")[0]);
    expect(skipped).to.deep.equal(["probe/api-key/other-key-secret", "probe/api-key/other-account-key"]);
  });

  const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
    status,
    headers: { "content-type": "application/json", ...headers },
    body: Buffer.alloc(0),
    truncated: false,
  });
  const headRight = LIVE_CHECKS.find((c) => c.id === "probe/head/right/phone") as LiveCheck;
  const headJudge = (status: number, strict: boolean) => {
    const plan = headRight.plan(context({ right: account }, strict));
    if (!("steps" in plan)) throw new Error("not a plan of steps");
    return (plan.steps[0] as Step).judge(answer(status), context({ right: account }, strict), []).map((f) => f.field);
  };
  const headCases: [number, boolean, string[]][] = [
    [200, false, []],
    [404, false, []],
    [405, false, []],
    [403, false, []],
    [500, false, ["status"]],
    [503, false, ["status"]],
    [200, true, []],
    [405, true, []],
    [501, true, []],
    [404, true, ["status"]],
  ];
  for (const [status, strict, fields] of headCases)
    it(`HEAD with the right credentials answered ${status}${strict ? " (--strict)" : ""}: ${fields.length ? "broken" : "valid"}`, () =>
      expect(headJudge(status, strict)).to.deep.equal(fields));
});
