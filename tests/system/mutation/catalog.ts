/**
 * The suite's mutation catalog: variants of the reference provider, one change each.
 * A BROKEN variant breaks the contract and `verify` must exit 1, for the reason named
 * in `expect` (a failing check whose id starts with `check` holds a finding on
 * `field`), so a variant killed by accident does not count. A GENUINE variant differs
 * from the reference in a way real providers do and the contract allows: `verify`
 * must exit 0, or the suite raises false alarms.
 */

import type { FindingKind } from "../../../src/core/findings.js";
import {
  messageInteractionsUrl,
  notFoundError,
  participantPath,
  participantUrl,
  unauthorizedError,
} from "../../../src/core/resource.js";
import type { Fixtures } from "../../../src/net/fixtures.js";
import type { AuthVerdict, Mutation, RequestContext } from "../../../src/provider/index.js";
import {
  acceptPassword,
  acceptsJson,
  anyoneAt,
  anyParticipantRoute,
  asXml,
  type Body,
  callersParticipants,
  credentialsFrom,
  deliver,
  editBody,
  etagOf,
  find,
  findAmongCallers,
  keySidSent,
  keyTwice,
  knownKeys,
  knownTokens,
  letThrough,
  malformedAt,
  malformedSid404,
  mapStrings,
  neighbour,
  normalisePath,
  notFoundBeforeAuth,
  oneAtATime,
  otherParticipant,
  participant200,
  preflightAnswer,
  pretendExists,
  queryOf,
  rateLimitedOnce,
  rawHeader,
  refuse,
  respond,
  rightCredentials,
  sameRef,
  setField,
  setHeader,
  setStatus,
  sharedCurrent,
  spelledOtherwise,
  statusIs,
  unknownParticipant404,
  variantOnly,
  waitEach,
  withoutCors,
} from "./mutations.js";

export interface Expectation {
  /** Prefix of the failing check's id: `conformance`, `conformance/messenger`, `probe/no-credentials`, `pact`… */
  check: string;
  /** The finding's field: a body field (dotted), a lower-case header name, `status` or `(body)`. */
  field: string;
  /** Needed where a field name is ambiguous: `status` is both the HTTP status and a field of error bodies. */
  kind?: FindingKind;
}

export interface BrokenVariant {
  name: string;
  mutation: Mutation;
  expect: Expectation;
}

export interface GenuineVariant {
  name: string;
  mutation: Mutation;
  /** Seed data of its own, for a difference that lives in the SIDs themselves. */
  fixtures?: (seed: Fixtures) => Fixtures;
  /** Verified through the provider-state endpoint (`--state-setup-url`) instead of the fixtures' participants. */
  viaStateSetup?: boolean;
}

const body = (field: string): Expectation => ({ check: "conformance", field });
const probe = (name: string, field: string, kind?: FindingKind): Expectation => ({
  check: `probe/${name}`,
  field,
  ...(kind ? { kind } : {}),
});
const str = (value: unknown) => String(value);

export const broken: BrokenVariant[] = [
  // Every field's type, pattern, length and format.
  { name: "sid with a KX prefix", mutation: setField("sid", (b) => `KX${str(b.sid).slice(2)}`), expect: body("sid") },
  { name: "sid of 33 characters", mutation: setField("sid", (b) => str(b.sid).slice(0, 33)), expect: body("sid") },
  {
    name: "session_sid with the service's KS prefix",
    mutation: setField("session_sid", (b) => `KS${str(b.session_sid).slice(2)}`),
    expect: body("session_sid"),
  },
  {
    name: "service_sid not hexadecimal",
    mutation: setField("service_sid", () => `KS${"z".repeat(32)}`),
    expect: body("service_sid"),
  },
  {
    name: "account_sid with a lower-case 'ac' prefix",
    mutation: setField("account_sid", (b) => `ac${str(b.account_sid).slice(2)}`),
    expect: body("account_sid"),
  },
  {
    name: "proxy_identifier_sid with a KP prefix",
    mutation: setField("proxy_identifier_sid", (b) => `KP${str(b.proxy_identifier_sid).slice(2)}`),
    expect: body("proxy_identifier_sid"),
  },
  {
    name: "friendly_name of 256 characters",
    mutation: setField("friendly_name", () => "f".repeat(256)),
    expect: body("friendly_name"),
  },
  {
    name: "identifier of 192 characters (messenger)",
    mutation: setField("identifier", () => `messenger:${"1".repeat(182)}`, variantOnly("messenger")),
    expect: body("identifier"),
  },
  {
    name: "identifier a number where a string is due",
    mutation: setField("identifier", () => 14155551212, variantOnly("phone")),
    expect: body("identifier"),
  },
  {
    name: "date_created in RFC 2822, not ISO 8601",
    mutation: setField("date_created", () => "Thu, 30 Jul 2015 20:00:00 +0000"),
    expect: body("date_created"),
  },
  {
    name: "date_updated without a time zone",
    mutation: setField("date_updated", () => "2015-07-30T20:00:00"),
    expect: body("date_updated"),
  },
  {
    name: "date_deleted a date without a time",
    mutation: setField("date_deleted", () => "2015-07-30"),
    expect: body("date_deleted"),
  },
  { name: "url relative", mutation: setField("url", (b) => new URL(str(b.url)).pathname), expect: body("url") },
  {
    name: "url (and its links) pointing at another participant",
    mutation: editBody(participant200, (b, c) => {
      b.url = participantUrl(c.baseUrl, otherParticipant(c));
      b.links = { message_interactions: messageInteractionsUrl(str(b.url)) };
    }),
    expect: body("url"),
  },
  {
    name: "links.message_interactions pointing at /Messages",
    mutation: setField("links", (b) => ({ message_interactions: `${str(b.url)}/Messages` })),
    expect: body("links.message_interactions"),
  },
  { name: "links missing", mutation: setField("links", () => undefined), expect: body("links") },
  {
    name: "required key proxy_identifier missing",
    mutation: setField("proxy_identifier", () => undefined),
    expect: body("proxy_identifier"),
  },
  {
    name: "messenger participant with a phone identifier",
    mutation: setField("identifier", () => "+14155551212", variantOnly("messenger")),
    expect: { check: "conformance/messenger", field: "identifier" },
  },
  {
    name: "phone participant with a messenger proxy_identifier",
    mutation: setField("proxy_identifier", () => "messenger:14155559999", variantOnly("phone")),
    expect: { check: "conformance/phone", field: "proxy_identifier" },
  },

  // Each semantic rule: the body is about the resource that was asked for, in the caller's account.
  {
    name: "sid of another participant",
    mutation: setField("sid", (_b, c) => otherParticipant(c).participantSid),
    expect: body("sid"),
  },
  {
    name: "service_sid of another service",
    mutation: setField("service_sid", (_b, c) => neighbour(c).phone.serviceSid),
    expect: body("service_sid"),
  },
  {
    name: "session_sid of another session",
    mutation: setField("session_sid", (_b, c) => neighbour(c).phone.sessionSid),
    expect: body("session_sid"),
  },
  {
    name: "account_sid of another account",
    mutation: setField("account_sid", (_b, c) => neighbour(c).accountSid),
    expect: body("account_sid"),
  },

  // Status codes.
  {
    name: "200 answered as 201",
    mutation: setStatus(201, participant200),
    expect: { check: "conformance", field: "status", kind: "status" },
  },
  {
    name: "unknown participant answered 200",
    mutation: find((found, c) => found ?? (c.wellFormed ? pretendExists(c) : undefined)),
    expect: probe("unknown-participant", "status", "status"),
  },
  {
    name: "unknown participant answered 500",
    mutation: setStatus(500, unknownParticipant404, true),
    expect: probe("unknown-participant", "status", "status"),
  },
  {
    name: "malformed SID answered 200",
    mutation: find((found, c) => found ?? (c.wellFormed ? undefined : pretendExists(c))),
    expect: probe("malformed-sid/participant", "status", "status"),
  },
  {
    name: "malformed participant SID answered 500",
    mutation: setStatus(500, malformedAt("participantSid"), true),
    expect: probe("malformed-sid/participant", "status", "status"),
  },

  // Content type and headers.
  {
    name: "participant served as text/html",
    mutation: setHeader("content-type", "text/html; charset=utf-8"),
    expect: body("content-type"),
  },
  {
    name: "participant served without a Content-Type",
    mutation: setHeader("content-type", undefined),
    expect: body("content-type"),
  },
  {
    name: "Access-Control-Allow-Credentials 'yes'",
    mutation: setHeader("access-control-allow-credentials", "yes"),
    expect: body("access-control-allow-credentials"),
  },

  // Error bodies.
  {
    name: "404 body without code",
    mutation: setField("code", () => undefined, unknownParticipant404),
    expect: probe("unknown-participant", "code"),
  },
  {
    name: "404 body with code 20003",
    mutation: setField("code", () => 20003, unknownParticipant404),
    expect: probe("unknown-participant", "code"),
  },
  {
    name: "404 served as text/plain",
    mutation: setHeader("content-type", "text/plain", unknownParticipant404),
    expect: probe("unknown-participant", "content-type"),
  },
  {
    name: "401 body without more_info",
    mutation: setField("more_info", () => undefined, statusIs(401)),
    expect: probe("no-credentials/phone", "more_info"),
  },
  {
    name: "401 body with an empty message",
    mutation: setField("message", () => "", statusIs(401)),
    expect: probe("no-credentials/phone", "message"),
  },
  {
    name: "404 body whose status says 400",
    mutation: setField("status", () => 400, unknownParticipant404),
    expect: probe("unknown-participant", "status", "body"),
  },
  {
    name: "malformed SID answered 400 with a plain-text body",
    mutation: respond(malformedSid404, (r) => ({
      status: 400,
      headers: { ...r.headers, "content-type": "text/plain" },
      raw: "Bad Request",
    })),
    expect: probe("malformed-sid/participant", "(body)"),
  },

  // Auth.
  {
    name: "no credentials accepted",
    mutation: {
      authenticate: (v, c) => (v.kind === "none" ? { kind: "valid", accountSid: c.fixtures.accountSid } : v),
    },
    expect: probe("no-credentials/phone", "status", "status"),
  },
  {
    name: "wrong token accepted for a known account",
    mutation: {
      authenticate: (v) =>
        v.kind === "wrong" && /^AC/.test(v.username) ? { kind: "valid", accountSid: v.username } : v,
    },
    expect: probe("wrong-password/phone", "status", "status"),
  },
  {
    name: "401 answered as 403",
    mutation: setStatus(403, statusIs(401), true),
    expect: probe("no-credentials/phone", "status", "status"),
  },
  {
    // An independent tester's gateway: the 401 body links the 20404 page.
    name: "401 whose more_info is the page of another error",
    mutation: setField("more_info", () => "https://www.twilio.com/docs/errors/20404", statusIs(401)),
    expect: probe("no-credentials/phone", "more_info", "rule"),
  },

  // Lookups scoped by account, service, session and SID.
  {
    name: "parent SIDs ignored: the participant answered under any service and session",
    mutation: findAmongCallers((held, asked) => held.participantSid === asked.participantSid),
    expect: probe("unknown-service", "status", "status"),
  },
  {
    name: "service SID ignored: the participant answered under any service",
    mutation: findAmongCallers(
      (held, asked) => held.participantSid === asked.participantSid && held.sessionSid === asked.sessionSid,
    ),
    expect: probe("unknown-service", "status", "status"),
  },
  {
    name: "session SID ignored: the participant answered under any session of its service",
    mutation: findAmongCallers(
      (held, asked) => held.participantSid === asked.participantSid && held.serviceSid === asked.serviceSid,
    ),
    expect: probe("unknown-session", "status", "status"),
  },
  {
    // Each parent is checked to exist, then the participant is looked up by its SID alone.
    name: "parents checked to exist, not to hold the participant: answered under another session",
    mutation: find((found, c) => {
      const held = callersParticipants(c);
      const asked = c.requested;
      if (found || !asked) return found;
      const parentsExist =
        held.some((p) => p.ref.serviceSid === asked.serviceSid) &&
        held.some((p) => p.ref.sessionSid === asked.sessionSid);
      return parentsExist ? held.find((p) => p.ref.participantSid === asked.participantSid) : undefined;
    }),
    expect: probe("other-session", "status", "status"),
  },
  {
    name: "another account's participant served",
    mutation: find((found, c) => found ?? c.allParticipants().find((p) => sameRef(p.ref, c.requested))),
    expect: probe("account-isolation", "status", "status"),
  },

  // Credentials first, all of them, on every path.
  {
    name: "credentials checked after the lookup: an unknown SID without credentials is a 404",
    mutation: notFoundBeforeAuth("none"),
    expect: probe("auth-before-lookup/no-credentials", "status", "status"),
  },
  {
    name: "credentials checked after the lookup: an unknown SID with a wrong password is a 404",
    mutation: notFoundBeforeAuth("wrong"),
    expect: probe("auth-before-lookup/wrong-password", "status", "status"),
  },
  {
    name: "credentials checked on the phone participant's path only",
    mutation: letThrough((_v, c) => sameRef(c.requested, c.fixtures.messenger)),
    expect: probe("no-credentials/messenger", "status", "status"),
  },
  {
    name: "the password checked on the phone participant's path only",
    mutation: letThrough((v, c) => v.kind === "wrong" && sameRef(c.requested, c.fixtures.messenger)),
    expect: probe("wrong-password/messenger", "status", "status"),
  },
  {
    name: "only the password checked: any account SID with the right token",
    mutation: letThrough((_v, c) => c.credentials?.password === c.fixtures.authToken),
    expect: probe("unknown-account", "status", "status"),
  },
  {
    name: "an empty password accepted",
    mutation: letThrough((_v, c) => c.credentials?.username === c.fixtures.accountSid && c.credentials.password === ""),
    expect: probe("empty-password", "status", "status"),
  },
  {
    name: "a Basic header that does not decode let through",
    mutation: letThrough(
      (_v, c) => /^Basic /i.test(c.authorization ?? "") && !/^Basic [A-Za-z0-9+/=]+$/i.test(c.authorization ?? ""),
    ),
    expect: probe("not-base64", "status", "status"),
  },
  {
    name: "a Basic header without a colon let through",
    mutation: letThrough((_v, c) => {
      const encoded = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(c.authorization ?? "")?.[1];
      return encoded !== undefined && !Buffer.from(encoded, "base64").toString("utf8").includes(":");
    }),
    expect: probe("no-colon", "status", "status"),
  },
  {
    name: "the scheme name not checked: the right credentials under Bearer accepted",
    mutation: letThrough((_v, c) => {
      const credentials = /^Bearer (\S+)$/.exec(c.authorization ?? "")?.[1] ?? "";
      return Buffer.from(credentials, "base64").toString("utf8") === `${c.fixtures.accountSid}:${c.fixtures.authToken}`;
    }),
    expect: probe("other-scheme", "status", "status"),
  },

  // Malformed SIDs: a 4xx with Twilio's body, never 2xx or 5xx.
  {
    name: "malformed service SID answered 500",
    mutation: setStatus(500, malformedAt("serviceSid"), true),
    expect: probe("malformed-sid/service", "status", "status"),
  },
  {
    name: "malformed session SID answered 500",
    mutation: setStatus(500, malformedAt("sessionSid"), true),
    expect: probe("malformed-sid/session", "status", "status"),
  },
  {
    name: "SID prefixes not checked: a service SID with another prefix and the real digits served",
    mutation: findAmongCallers(
      (held, asked) =>
        held.serviceSid.slice(2) === asked.serviceSid.slice(2) &&
        held.sessionSid === asked.sessionSid &&
        held.participantSid === asked.participantSid,
    ),
    expect: probe("malformed-sid/service/wrong-prefix", "status", "status"),
  },
  {
    name: "participant SIDs matched by prefix: a SID one character short served",
    mutation: findAmongCallers(
      (held, asked) =>
        held.serviceSid === asked.serviceSid &&
        held.sessionSid === asked.sessionSid &&
        asked.participantSid.length > 2 &&
        held.participantSid.startsWith(asked.participantSid),
    ),
    expect: probe("malformed-sid/participant/one-short", "status", "status"),
  },
  {
    name: "participant SIDs cut to 34 characters: a SID one character long served",
    mutation: findAmongCallers(
      (held, asked) =>
        held.serviceSid === asked.serviceSid &&
        held.sessionSid === asked.sessionSid &&
        held.participantSid === asked.participantSid.slice(0, 34),
    ),
    expect: probe("malformed-sid/participant/one-long", "status", "status"),
  },
  {
    // A SID parsed as a number: a digit that is not hex throws.
    name: "a non-hex digit in the participant SID answered 500",
    mutation: setStatus(
      500,
      (r, c) =>
        malformedAt("participantSid")(r, c) &&
        /^KP[\x21-\x7e]*[g-zG-Z][\x21-\x7e]*$/.test(c.requested?.participantSid ?? ""),
      true,
    ),
    expect: probe("malformed-sid/participant/non-hex", "status", "status"),
  },
  {
    name: "a non-ASCII participant SID answered 500",
    mutation: setStatus(
      500,
      (r, c) =>
        malformedAt("participantSid")(r, c) && /%[89a-fA-F][0-9a-fA-F]|[^ -~]/.test(c.requested?.participantSid ?? ""),
      true,
    ),
    expect: probe("malformed-sid/participant/non-ascii", "status", "status"),
  },

  // A rule that needs url to be present to compare links with it.
  {
    name: "url null, links.message_interactions naming another participant",
    mutation: editBody(participant200, (b, c) => {
      b.url = null;
      b.links = { message_interactions: messageInteractionsUrl(participantUrl(c.baseUrl, otherParticipant(c))) };
    }),
    expect: body("links.message_interactions"),
  },
  // Issue 17: what real clients send, and what real servers get wrong about it.
  {
    name: "XML unless Accept names application/json: the reference's curl request gets XML",
    mutation: respond(
      (r, c) => anyParticipantRoute(r, c) && !String(c.headers.accept ?? "").includes("application/json"),
      (r) => ({ ...r, headers: { ...r.headers, "content-type": "application/xml" }, raw: asXml(r.body) }),
    ),
    expect: { check: "conformance/phone/curl", field: "content-type" },
  },
  {
    name: "HEAD exempt from authentication",
    mutation: letThrough((_v, c) => c.method === "HEAD"),
    expect: probe("head/", "status", "status"),
  },
  {
    name: "HEAD with the right credentials answered 500",
    mutation: setStatus(500, (r, c) => participant200(r, c) && c.method === "HEAD"),
    expect: probe("head/right", "status", "status"),
  },
  {
    name: "path variants normalised by the router and served around authentication",
    mutation: { path: normalisePath, ...letThrough((_v, c) => spelledOtherwise(c)) },
    expect: probe("path/", "status", "status"),
  },
  {
    name: "path variants with the right credentials answered 500",
    mutation: respond(
      (_r, c) =>
        rightCredentials(c) &&
        c.target !== participantPath(c.fixtures.phone) &&
        normalisePath(c.target.split("?")[0] ?? "") === participantPath(c.fixtures.phone),
      (r) => ({
        ...r,
        status: 500,
        body: {
          code: 20500,
          message: "Internal Server Error",
          more_info: "https://www.twilio.com/docs/errors/20500",
          status: 500,
        },
      }),
    ),
    expect: probe("path/", "status", "status"),
  },
  {
    name: "the service looked up before credentials: an unknown service is a 404 without them",
    mutation: respond(
      (r, c) =>
        statusIs(401)(r, c) &&
        c.auth.kind === "none" &&
        !c.allParticipants().some((p) => p.ref.serviceSid === c.requested?.serviceSid),
      (r, c) => ({ ...r, status: 404, body: notFoundError(c.path) }),
    ),
    expect: probe("auth-before-lookup/unknown-service", "status", "status"),
  },
  {
    name: "the session looked up before credentials: an unknown session is a 404 without them",
    mutation: respond(
      (r, c) =>
        statusIs(401)(r, c) &&
        c.auth.kind === "none" &&
        !c.allParticipants().some((p) => p.ref.sessionSid === c.requested?.sessionSid),
      (r, c) => ({ ...r, status: 404, body: notFoundError(c.path) }),
    ),
    expect: probe("auth-before-lookup/unknown-session", "status", "status"),
  },
  {
    name: "unpaired credentials: any known account SID with any known token",
    mutation: acceptPassword((password, _token, c) =>
      [...new Set([c.fixtures.authToken, c.fixtures.otherAccount?.authToken])].includes(password),
    ),
    expect: probe("mixed-credentials/", "status", "status"),
  },
  {
    name: "the token compared as a prefix: a longer password accepted",
    mutation: acceptPassword((password, token) => password.startsWith(token)),
    expect: probe("extended-password", "status", "status"),
  },
  {
    name: "the token compared as a prefix: a shorter password accepted",
    mutation: acceptPassword((password, token) => password.length >= 8 && token.startsWith(password)),
    expect: probe("truncated-password", "status", "status"),
  },
  {
    name: "the token compared ignoring letter case",
    mutation: acceptPassword((password, token) => password.toLowerCase() === token.toLowerCase()),
    expect: probe("token-case-swapped", "status", "status"),
  },
  {
    name: "the password trimmed before it is compared",
    mutation: acceptPassword((password, token) => password.trim() === token),
    expect: probe("password-trailing-space", "status", "status"),
  },
  {
    name: "the account SID compared on its first 16 characters",
    mutation: {
      authenticate: (v, c) => {
        const sent = c.credentials;
        if (v.kind === "valid" || !sent) return v;
        const match = [...knownTokens(c)].find(
          ([sid, token]) => sid.slice(0, 16) === sent.username.slice(0, 16) && token === sent.password,
        );
        return match ? { kind: "valid", accountSid: match[0] } : v;
      },
    },
    expect: probe("account-sid-last-digit", "status", "status"),
  },
  {
    name: "credentials checked once per keep-alive connection",
    mutation: (() => {
      const trusted = new WeakMap<object, string>();
      return {
        authenticate: (v: AuthVerdict, c: RequestContext): AuthVerdict => {
          if (v.kind === "valid") trusted.set(c.connection, v.accountSid);
          const accountSid = trusted.get(c.connection);
          return v.kind !== "valid" && accountSid ? { kind: "valid", accountSid } : v;
        },
      };
    })(),
    expect: probe("connection-reuse", "status", "status"),
  },
  {
    name: "a shared 'current participant' across a wait: overlapping fetches get each other's body",
    mutation: sharedCurrent(),
    expect: probe("overlapping", "sid"),
  },
  {
    name: "a cached 304 for any If-None-Match, before credentials",
    mutation: respond(
      (r, c) => statusIs(401)(r, c) && c.headers["if-none-match"] !== undefined,
      () => ({ status: 304, headers: { "access-control-allow-origin": "*" }, raw: "" }),
    ),
    expect: probe("conditional-without-credentials", "status", "status"),
  },
  {
    // The ETag names the path alone, and If-None-Match is honoured after the credentials but before the account's lookup.
    name: "a 304 to another account sending the participant's ETag",
    mutation: respond(
      (r, c) => c.route === "participant" && (r.status === 200 || (r.status === 404 && c.auth.kind === "valid")),
      (r, c) => {
        const etag = etagOf(c.path);
        if (c.headers["if-none-match"] === etag && anyoneAt(c)) return { status: 304, headers: { etag }, raw: "" };
        return r.status === 200 ? { ...r, headers: { ...r.headers, etag } } : r;
      },
    ),
    expect: probe("conditional-other-account", "status", "status"),
  },
  {
    name: "malformed SID with the right credentials answered 403 (a WAF rule)",
    mutation: setStatus(403, malformedSid404, true),
    expect: probe("malformed-sid/participant", "status", "status"),
  },
  {
    name: "SIDs looked up in any letter case, the requested spelling echoed in the body",
    mutation: {
      ...findAmongCallers(
        (held, asked) =>
          held.serviceSid.toLowerCase() === asked.serviceSid.toLowerCase() &&
          held.sessionSid.toLowerCase() === asked.sessionSid.toLowerCase() &&
          held.participantSid.toLowerCase() === asked.participantSid.toLowerCase(),
      ),
      ...editBody(participant200, (b, c) => {
        if (!c.requested) return;
        b.sid = c.requested.participantSid;
        b.session_sid = c.requested.sessionSid;
        b.service_sid = c.requested.serviceSid;
      }),
    },
    expect: probe("malformed-sid/session/lower-case-prefix", "session_sid"),
  },
  {
    name: "proxy_identifier equal to identifier (the participant's own number, not its partner's)",
    mutation: setField("proxy_identifier", (b) => b.identifier),
    expect: body("proxy_identifier"),
  },
  {
    name: "url and links on http://proxy.twilio.com (plain http, another origin)",
    mutation: editBody(participant200, (b, c) => mapStrings(b, (s) => s.replace(c.baseUrl, "http://proxy.twilio.com"))),
    expect: body("url"),
  },
  {
    name: "Cache-Control: public on the participant (a shared cache hands it to the next caller)",
    mutation: setHeader("cache-control", "public, max-age=3600"),
    expect: { check: "conformance", field: "cache-control", kind: "header" },
  },
  {
    name: "Cache-Control: s-maxage on the participant",
    mutation: setHeader("cache-control", "max-age=0, s-maxage=600"),
    expect: { check: "conformance", field: "cache-control", kind: "header" },
  },
  {
    name: "Content-Length counting 3 bytes fewer than the body",
    mutation: { deliver: (r, c) => (participant200(r, c) ? { lengthOffBy: -3 } : {}) },
    expect: { check: "conformance", field: "content-length", kind: "http" },
  },
  {
    name: "Content-Encoding: gzip on a plain body",
    mutation: { deliver: (r, c) => (participant200(r, c) ? { falseCoding: "gzip" } : {}) },
    expect: { check: "conformance", field: "content-encoding", kind: "http" },
  },
  {
    name: "gzip whatever Accept-Encoding says: curl's default request gets compressed bytes",
    mutation: deliver({ forcedCoding: "gzip" }),
    expect: { check: "conformance/phone/curl", field: "content-encoding", kind: "header" },
  },
  {
    name: "the body cut short: the connection closes after 20 bytes",
    mutation: { deliver: (r, c) => (participant200(r, c) ? { cutBodyAt: 20 } : {}) },
    expect: { check: "conformance", field: "(body)", kind: "http" },
  },
  {
    name: "429 without Retry-After: the client left guessing when to retry",
    mutation: rateLimitedOnce(undefined),
    expect: { check: "conformance", field: "retry-after", kind: "header" },
  },
  {
    name: "429 with Retry-After but an 'Authenticate' body (code 20003): the client sent after the wrong cause",
    mutation: rateLimitedOnce(() => "1", { code: 20003, message: "Authenticate" }),
    expect: { check: "conformance", field: "code", kind: "body" },
  },

  // Meaning the schemas cannot say: the dates' order, one key once.
  {
    name: "date_deleted the zero date 0001-01-01T00:00:00Z (an ORM's null), before date_created",
    mutation: setField("date_deleted", () => "0001-01-01T00:00:00Z"),
    expect: { check: "conformance", field: "date_deleted", kind: "rule" },
  },
  {
    name: "date_updated a day before date_created",
    mutation: setField("date_updated", () => "2015-07-29T20:00:00Z"),
    expect: { check: "conformance", field: "date_updated", kind: "rule" },
  },
  {
    name: "account_sid twice: a stale account's first, the right one last",
    mutation: keyTwice(participant200, "account_sid", (_b, c) => neighbour(c).accountSid),
    expect: { check: "conformance", field: "account_sid", kind: "rule" },
  },
  {
    name: "the 404 body with code twice: 20003 first, 20404 last",
    mutation: keyTwice(unknownParticipant404, "code", () => 20003),
    expect: probe("unknown-participant", "code", "rule"),
  },

  // CORS kept as promised.
  {
    name: "CORS headers on the preflight only, none on the answers",
    mutation: withoutCors((r, c) => anyParticipantRoute(r, c) && c.method !== "OPTIONS"),
    expect: probe("cors/participant", "access-control-allow-origin", "header"),
  },
  {
    // Killed by cors/unauthorized and cors/not-found alike.
    name: "CORS on the 200 only: the 401 and 404 a page would read come without it",
    mutation: withoutCors((r, c) => anyParticipantRoute(r, c) && r.status >= 400),
    expect: probe("cors/", "access-control-allow-origin", "header"),
  },
  {
    name: "the preflight demands credentials: 401 to an OPTIONS without them, CORS headers kept",
    mutation: respond(preflightAnswer, (r, c) =>
      c.authorization === undefined
        ? { status: 401, headers: { ...r.headers, "content-type": "application/json" }, body: unauthorizedError() }
        : r,
    ),
    expect: probe("cors/preflight", "status", "status"),
  },
  {
    name: "the preflight demands credentials, its 401 without CORS, while the answers keep theirs",
    mutation: respond(preflightAnswer, (_r, c) =>
      c.authorization === undefined
        ? { status: 401, headers: { "content-type": "application/json" }, body: unauthorizedError() }
        : _r,
    ),
    expect: probe("cors/preflight", "access-control-allow-origin", "header"),
  },

  // API keys.
  {
    name: "only the auth token accepted: API keys refused (a gateway that predates them)",
    mutation: {
      authenticate: (v, c) => (keySidSent(c) ? { kind: "wrong", username: c.credentials?.username ?? "" } : v),
    },
    expect: { check: "conformance", field: "status", kind: "status" },
  },
  {
    name: "an API key accepted with any secret",
    mutation: letThrough((_v, c) => c.credentials?.username === c.fixtures.apiKey?.sid),
    expect: probe("api-key/wrong-secret", "status", "status"),
  },
  {
    name: "any key SID accepted with the key's secret: the SID not compared",
    mutation: letThrough((_v, c) => keySidSent(c) && c.credentials?.password === c.fixtures.apiKey?.secret),
    expect: probe("api-key/unknown-key", "status", "status"),
  },
  {
    name: "the API key's SID accepted with the account's auth token",
    mutation: letThrough(
      (_v, c) => c.credentials?.username === c.fixtures.apiKey?.sid && c.credentials?.password === c.fixtures.authToken,
    ),
    expect: probe("api-key/account-token", "status", "status"),
  },
  {
    name: "the account SID accepted with its API key's secret",
    mutation: letThrough(
      (_v, c) =>
        c.credentials?.username === c.fixtures.accountSid && c.credentials?.password === c.fixtures.apiKey?.secret,
    ),
    expect: probe("api-key/account-sid-key-secret", "status", "status"),
  },
  {
    name: "a key's secret looked up among every key, the SID not compared: another account's secret lets this key in",
    mutation: {
      authenticate: (v, c) => {
        if (v.kind === "valid" || !keySidSent(c)) return v;
        const owner = [...knownKeys(c).values()].find((k) => k.secret === c.credentials?.password);
        return owner ? { kind: "valid", accountSid: owner.accountSid } : v;
      },
    },
    expect: probe("api-key/other-key-secret", "status", "status"),
  },
  {
    // judge3's b49: RFC 9110 §11.6.1 (MUST); a browser or a client library reads the challenge.
    name: "401 answers without WWW-Authenticate",
    mutation: respond(statusIs(401), (r) => {
      const { "www-authenticate": _challenge, ...headers } = r.headers;
      return { ...r, headers };
    }),
    expect: probe("no-credentials", "www-authenticate", "header"),
  },
  // judge4's first contact: what it found the suite let through, each now a broken variant.
  {
    name: "a trailing slash redirected to the canonical path on another origin (the port dropped)",
    mutation: respond(
      (_r, c) => c.target.includes("/Participants/") && c.target.endsWith("/"),
      (_r, c) => ({ status: 301, headers: { location: `http://127.0.0.1${c.target.slice(0, -1)}` }, raw: "" }),
    ),
    expect: probe("path/trailing-slash/right", "status", "status"),
  },
  {
    name: "a 304 without the ETag and Cache-Control the 200 carries",
    mutation: respond(participant200, (r, c) => {
      const etag = etagOf(r.body);
      const headers = { ...r.headers, etag, "cache-control": "private, max-age=0" };
      if (c.headers["if-none-match"] !== etag) return { ...r, headers };
      const { etag: _tag, "cache-control": _cache, ...bare } = headers;
      return { status: 304, headers: bare, raw: "" };
    }),
    expect: { check: "explore/if-none-match", field: "etag", kind: "header" },
  },
  {
    name: "If-Modified-Since read before If-None-Match: a 304 where the ETag did not match",
    mutation: respond(participant200, (r, c) => {
      const modified = new Date(String((r.body as Body).date_updated)).toUTCString();
      const headers = { ...r.headers, etag: etagOf(r.body), "last-modified": modified };
      const since = Date.parse(String(c.headers["if-modified-since"] ?? ""));
      return since >= Date.parse(modified) ? { status: 304, headers, raw: "" } : { ...r, headers };
    }),
    expect: { check: "explore/if-none-match", field: "status", kind: "status" },
  },
  {
    name: "one strong ETag for the plain and the gzip bytes",
    mutation: {
      ...respond(participant200, (r) => ({ ...r, headers: { ...r.headers, etag: etagOf(r.body) } })),
      ...deliver({ gzip: true }),
    },
    expect: { check: "explore/accept-encoding", field: "etag", kind: "header" },
  },
  {
    name: "an X-Twilio-AccountSid header taken for credentials",
    mutation: letThrough((_v, c) => c.headers["x-twilio-accountsid"] === c.fixtures.accountSid),
    expect: { check: "explore/credentials-moved", field: "status", kind: "status" },
  },
  {
    name: "a preflight that allows the origin but not the Authorization header",
    mutation: respond(
      (_r, c) => c.method === "OPTIONS" && c.route === "participant",
      (r) => ({ ...r, headers: { ...r.headers, "access-control-allow-headers": "Accept, Content-Type" } }),
    ),
    expect: probe("cors/preflight", "access-control-allow-headers", "header"),
  },
  {
    name: "the request's Origin echoed on a cacheable answer, without Vary: Origin",
    mutation: respond(anyParticipantRoute, (r, c) =>
      c.headers.origin === undefined
        ? r
        : {
            ...r,
            headers: {
              ...r.headers,
              "access-control-allow-origin": String(c.headers.origin),
              "cache-control": "private, max-age=60",
            },
          },
    ),
    expect: probe("cors/participant", "vary", "header"),
  },
  {
    // judge3's b06: a gateway that names the caller by the username it was given.
    name: "an answer to an API key names the key's SID as its account_sid",
    mutation: editBody(participant200, (b, c) => {
      if (keySidSent(c)) b.account_sid = c.credentials?.username;
    }),
    expect: { check: "explore/api-key", field: "account_sid" },
  },
  {
    name: "every key authenticates as the first account: another account's key reads this account's participants",
    mutation: {
      authenticate: (v, c) =>
        v.kind === "valid" && keySidSent(c) ? { kind: "valid", accountSid: c.fixtures.accountSid } : v,
    },
    expect: probe("api-key/other-account-key", "status", "status"),
  },
  // The generated part (src/verify/explore/): a defect along each dimension of the request
  // space, each killed by its dimension's check for its relation's reason.
  {
    name: "a Sid query parameter overrides the path's participant",
    mutation: find((found, c) => {
      const sid = queryOf(c).get("Sid");
      return (sid && callersParticipants(c).find((p) => p.ref.participantSid === sid)) || found;
    }),
    expect: { check: "explore/query-parameters", field: "sid" },
  },
  {
    name: "credentials accepted from the query string (AccountSid, AuthToken) when no Authorization is sent",
    mutation: credentialsFrom((c) => ({ sid: queryOf(c).get("AccountSid"), token: queryOf(c).get("AuthToken") })),
    expect: { check: "explore/credentials-moved", field: "status", kind: "status" },
  },
  {
    name: "credentials accepted from a cookie",
    mutation: credentialsFrom((c) => {
      const cookies = new URLSearchParams(String(c.headers.cookie ?? "").replace(/; */g, "&"));
      return { sid: cookies.get("AccountSid"), token: cookies.get("AuthToken") };
    }),
    expect: { check: "explore/credentials-moved", field: "status", kind: "status" },
  },
  {
    name: "the auth token alone accepted as a Bearer token",
    mutation: letThrough((_v, c) => c.authorization === `Bearer ${c.fixtures.authToken}`),
    expect: { check: "explore/authorization-scheme", field: "status", kind: "status" },
  },
  {
    name: "the Basic scheme matched case-sensitively: basic refused",
    mutation: {
      authenticate: (v, c) =>
        v.kind === "valid" && !c.authorization?.startsWith("Basic ") ? { kind: "wrong", username: "" } : v,
    },
    expect: { check: "explore/authorization-scheme-case", field: "status", kind: "status" },
  },
  {
    name: "the Authorization header read by its exact name: authorization in lower case ignored",
    mutation: {
      authenticate: (v, c) =>
        v.kind === "valid" && rawHeader(c, "Authorization") === undefined ? { kind: "none" } : v,
    },
    expect: { check: "explore/header-name-case", field: "status", kind: "status" },
  },
  {
    name: "406 to an Accept with q-values (application/json;q=0.9)",
    mutation: refuse(406, (c) => String(c.headers.accept ?? "").includes(";q=")),
    expect: { check: "explore/accept", field: "status", kind: "status" },
  },
  {
    name: "406 to an Accept list (axios's application/json, text/plain, */*)",
    mutation: refuse(406, (c) => String(c.headers.accept ?? "").includes(",")),
    expect: { check: "explore/accept", field: "status", kind: "status" },
  },
  {
    name: "gzip even when the request says gzip;q=0",
    mutation: {
      deliver: (_r, c) => (String(c.headers["accept-encoding"] ?? "").includes("gzip") ? { forcedCoding: "gzip" } : {}),
    },
    expect: { check: "explore/accept-encoding", field: "content-encoding", kind: "header" },
  },
  {
    name: "a WAF rule: 403 to curl's User-Agent",
    mutation: refuse(403, (c) => String(c.headers["user-agent"] ?? "").startsWith("curl/")),
    expect: { check: "explore/user-agent", field: "status", kind: "status" },
  },
  {
    name: "CORS middleware: 403 to a request from any Origin",
    mutation: refuse(403, (c) => c.headers.origin !== undefined),
    expect: { check: "explore/origin", field: "status", kind: "status" },
  },
  {
    name: "a cookie parser that fails on any Cookie: 500",
    mutation: respond(
      (r, c) => participant200(r, c) && c.headers.cookie !== undefined,
      (r) => ({
        status: 500,
        headers: r.headers,
        body: { code: 20500, message: "Internal", more_info: "x", status: 500 },
      }),
    ),
    expect: { check: "explore/unrelated-headers", field: "status", kind: "status" },
  },
  {
    name: "304 to any If-None-Match",
    mutation: respond(
      (r, c) => participant200(r, c) && c.headers["if-none-match"] !== undefined,
      (r) => ({ status: 304, headers: r.headers, raw: "" }),
    ),
    expect: { check: "explore/if-none-match", field: "status", kind: "status" },
  },
  {
    name: "304 to any If-Modified-Since",
    mutation: respond(
      (r, c) => participant200(r, c) && c.headers["if-modified-since"] !== undefined,
      (r) => ({ status: 304, headers: r.headers, raw: "" }),
    ),
    expect: { check: "explore/if-modified-since", field: "status", kind: "status" },
  },
  {
    name: "the auth token compared on its first 16 characters",
    mutation: acceptPassword((password, token) => password.slice(0, 16) === token.slice(0, 16)),
    expect: { check: "explore/credential-edit", field: "status", kind: "status" },
  },
  {
    name: "a token of any account accepted with any account's SID",
    mutation: acceptPassword((password, _token, c) => [...knownTokens(c).values()].includes(password)),
    expect: { check: "explore/mixed-pair", field: "status", kind: "status" },
  },
  {
    name: "account isolation skipped for browser requests (an Origin is sent)",
    mutation: find(
      (found, c) =>
        found ??
        (c.headers.origin !== undefined && c.auth.kind === "valid"
          ? c.allParticipants().find((p) => sameRef(p.ref, c.requested))
          : undefined),
    ),
    expect: { check: "explore/other-account", field: "status", kind: "status" },
  },
  {
    name: "the participant SID compared on its first 20 characters",
    mutation: findAmongCallers(
      (held, requested) =>
        held.serviceSid === requested.serviceSid &&
        held.sessionSid === requested.sessionSid &&
        held.participantSid.slice(0, 20) === requested.participantSid.slice(0, 20),
    ),
    expect: { check: "explore/sid-edit", field: "status", kind: "status" },
  },
  {
    name: "a session SID one character longer served (compared by prefix)",
    mutation: findAmongCallers(
      (held, requested) =>
        held.serviceSid === requested.serviceSid &&
        held.participantSid === requested.participantSid &&
        requested.sessionSid.length === held.sessionSid.length + 1 &&
        requested.sessionSid.startsWith(held.sessionSid),
    ),
    expect: { check: "explore/sid-length", field: "status", kind: "status" },
  },
  {
    name: "the participant found by its SID alone when the session is another known one",
    mutation: findAmongCallers(
      (held, requested, c) =>
        held.participantSid === requested.participantSid &&
        callersParticipants(c).some((p) => p.ref.sessionSid === requested.sessionSid),
    ),
    expect: { check: "explore/sid-swap", field: "status", kind: "status" },
  },
  {
    name: "a kept-alive connection answers the previous request's participant after an error",
    mutation: (() => {
      const previous = new WeakMap<object, string>();
      return respond(anyParticipantRoute, (r, c) => {
        const last = previous.get(c.connection);
        previous.set(c.connection, r.status === 200 ? JSON.stringify(r.body) : (last ?? ""));
        return r.status === 200 && last ? { ...r, body: JSON.parse(last) } : r;
      });
    })(),
    expect: { check: "explore/kept-alive-order", field: "sid" },
  },
  {
    name: "date_updated moves on every read",
    mutation: setField("date_updated", () => new Date().toISOString()),
    expect: { check: "explore/repeated-reads", field: "date_updated" },
  },
  {
    name: "401 and 404 answers name the owner's account SID and phone number in a header",
    mutation: respond(
      (r, c) => c.route === "participant" && (r.status === 401 || r.status === 404),
      (r, c) => ({ ...r, headers: { ...r.headers, "x-owner": `${c.fixtures.accountSid} +14155551212` } }),
    ),
    expect: { check: "probe/no-credentials", field: "x-owner", kind: "header" },
  },
  {
    name: "a 404 that suggests the participant a SID one digit away names",
    mutation: respond(
      (r, c) => statusIs(404)(r, c) && c.wellFormed && c.auth.kind === "valid",
      (r, c) => {
        const near = callersParticipants(c).find(
          (p) => c.requested && p.ref.participantSid.slice(0, 30) === c.requested.participantSid.slice(0, 30),
        );
        return near ? { ...r, body: { ...(r.body as Body), message: `Did you mean ${near.ref.participantSid}?` } } : r;
      },
    ),
    expect: { check: "explore/sid-edit", field: "(body)", kind: "body" },
  },
];

const upperHex = (sid: string) => sid.slice(0, 2) + sid.slice(2).toUpperCase();

export const genuine: GenuineVariant[] = [
  { name: "the reference provider itself", mutation: {} },
  {
    name: "the reference provider, participants created on request (--state-setup-url)",
    mutation: {},
    viaStateSetup: true,
  },
  { name: "friendly_name null", mutation: setField("friendly_name", () => null) },
  {
    // Every value the reference types `| null`; links is an object the reference never lists, so it stays.
    name: "null in every scalar field (the reference makes them all nullable)",
    mutation: editBody(participant200, (b) =>
      Object.fromEntries(Object.entries(b).map(([k, v]) => [k, k === "links" ? v : null])),
    ),
  },
  {
    name: "date_deleted set, as in the reference's examples",
    mutation: setField("date_deleted", () => "2015-07-30T20:00:00Z"),
  },
  {
    name: "unknown extra fields at the top level",
    mutation: editBody(participant200, (b) => {
      b.proxy_identifier_type = "phone";
      b.date_expiry = null;
    }),
  },
  {
    name: "an unknown extra link",
    mutation: setField("links", (b) => ({ ...(b.links as object), participant_logs: `${str(b.url)}/Logs` })),
  },
  {
    name: "keys in reverse order",
    mutation: respond(participant200, (r) => ({
      ...r,
      body: Object.fromEntries(Object.entries(r.body as object).reverse()),
    })),
  },
  {
    name: "Content-Type application/json without charset",
    mutation: setHeader("content-type", "application/json", anyParticipantRoute),
  },
  {
    name: "Content-Type in upper case (media types are case-insensitive)",
    mutation: setHeader("content-type", "Application/JSON; Charset=UTF-8", anyParticipantRoute),
  },
  {
    name: "dates with a lower-case t and z (RFC 3339 allows them)",
    mutation: editBody(participant200, (b) =>
      mapStrings(b, (s) => (/T\d\d:\d\d:\d\dZ$/.test(s) ? s.replace("T", "t").replace(/Z$/, "z") : s)),
    ),
  },
  {
    name: "dates with fractional seconds",
    mutation: editBody(participant200, (b) => mapStrings(b, (s) => s.replace(/:00Z$/, ":00.123Z"))),
  },
  {
    name: "dates with a +00:00 offset",
    mutation: editBody(participant200, (b) => mapStrings(b, (s) => s.replace(/Z$/, "+00:00"))),
  },
  {
    name: "a short code as the phone participant's proxy_identifier",
    mutation: setField("proxy_identifier", () => "89898", variantOnly("phone")),
  },
  {
    name: "GET-only router answers HEAD 404 (behind the authentication, which answers 401 first)",
    mutation: respond(
      (r, c) => anyParticipantRoute(r, c) && c.method === "HEAD" && r.status === 200,
      (r, c) => ({ ...r, status: 404, body: notFoundError(c.path) }),
    ),
  },
  {
    // Another CORS middleware's way: a 200 (with an empty object) rather than the reference's 204.
    name: "the CORS preflight answered 200, not 204",
    mutation: respond(preflightAnswer, (r) => ({
      status: 200,
      headers: { ...r.headers, "content-type": "application/json" },
      body: {},
    })),
  },
  {
    name: "no API key in the fixtures (the key checks skipped, not failed)",
    mutation: {},
    fixtures: ({ apiKey: _key, ...seed }) => seed,
  },
  {
    // No CORS support at all: no headers, and OPTIONS refused as by a router that knows only GET.
    name: "no CORS headers at all, OPTIONS answered 405",
    mutation: respond(anyParticipantRoute, (r, c) => {
      const headers = Object.fromEntries(
        Object.entries(r.headers).filter(([name]) => !name.startsWith("access-control-")),
      );
      if (c.method !== "OPTIONS") return { ...r, headers };
      const body = {
        code: 20004,
        message: "Method not allowed",
        more_info: "https://www.twilio.com/docs/errors/20004",
        status: 405,
      };
      return { status: 405, headers: { ...headers, "content-type": "application/json", allow: "GET, HEAD" }, body };
    }),
  },
  {
    name: "url and links on another host (https://proxy.example.com)",
    mutation: editBody(participant200, (b, c) =>
      mapStrings(b, (s) => s.replace(c.baseUrl, "https://proxy.example.com")),
    ),
  },
  {
    name: "SIDs with upper-case hex digits",
    mutation: {},
    fixtures: (seed) => ({
      ...seed,
      accountSid: upperHex(seed.accountSid),
      phone: {
        serviceSid: upperHex(seed.phone.serviceSid),
        sessionSid: upperHex(seed.phone.sessionSid),
        participantSid: upperHex(seed.phone.participantSid),
      },
      messenger: {
        serviceSid: upperHex(seed.messenger.serviceSid),
        sessionSid: upperHex(seed.messenger.sessionSid),
        participantSid: upperHex(seed.messenger.participantSid),
      },
    }),
  },
  {
    name: "error bodies with Twilio's extra details key",
    mutation: setField(
      "details",
      () => ({ more: "context" }),
      (r, c) => anyParticipantRoute(r, c) && r.status >= 400,
    ),
  },
  {
    name: "malformed SID answered 400 with a Twilio error body",
    mutation: respond(malformedSid404, (r) => ({
      ...r,
      status: 400,
      body: { code: 20001, message: "Invalid Sid", more_info: "https://www.twilio.com/docs/errors/20001", status: 400 },
    })),
  },
  {
    // Twilio looks each parent up in turn, so its 404 may name the service or the session.
    name: "a 404 naming the unknown service or session, not the participant",
    mutation: respond(unknownParticipant404, (r, c) => {
      const held = c.allParticipants().map((p) => p.ref);
      const asked = c.requested;
      if (!asked) return r;
      const service = `/v1/Services/${asked.serviceSid}`;
      const session = `${service}/Sessions/${asked.sessionSid}`;
      if (!held.some((ref) => ref.serviceSid === asked.serviceSid)) return { ...r, body: notFoundError(service) };
      if (!held.some((ref) => ref.sessionSid === asked.sessionSid)) return { ...r, body: notFoundError(session) };
      return r;
    }),
  },
  { name: "an informational 103 Early Hints before every answer", mutation: deliver({ earlyHints: true }) },
  { name: "chunked bodies (no Content-Length)", mutation: deliver({ framing: "chunked" }) },
  { name: "close-delimited bodies (no Content-Length, Connection: close)", mutation: deliver({ framing: "close" }) },
  { name: "gzip when the request accepts it", mutation: deliver({ gzip: true }) },
  {
    // 150 ms against the verifier's 5000 ms: slow, and 30 times inside the limit.
    name: "a slow but timely answer (150 ms each)",
    mutation: deliver({ delayMs: 150 }),
  },
  {
    name: "no second account in the fixtures (account isolation and the other account's key checks skipped, not failed)",
    mutation: {},
    fixtures: ({ otherAccount: _left, ...seed }) => seed,
  },
  {
    name: "both participants in one session (the other-session probe skipped, not failed)",
    mutation: {},
    fixtures: (seed) => ({ ...seed, messenger: { ...seed.messenger, sessionSid: seed.phone.sessionSid } }),
  },
  {
    name: "pretty-printed JSON",
    mutation: respond(
      (r, c) => anyParticipantRoute(r, c) && r.body !== undefined,
      (r) => ({ ...r, raw: `${JSON.stringify(r.body, null, 2)}\n` }),
    ),
  },
  // Issue 17: what real providers do that the contract allows.
  {
    name: "a rate limit: 429 with Twilio's 20429 and Retry-After: 1, once per request",
    mutation: rateLimitedOnce(() => "1"),
  },
  {
    name: "a rate limit: 429 with Retry-After as an HTTP-date",
    mutation: rateLimitedOnce(() => new Date(Date.now() + 1000).toUTCString()),
  },
  {
    // The reference gives no answer for a lower-case prefix; a lookup that ignores case and serves the canonical participant is honest.
    name: "SIDs looked up in any letter case, the canonical participant served",
    mutation: findAmongCallers(
      (held, asked) =>
        held.serviceSid.toLowerCase() === asked.serviceSid.toLowerCase() &&
        held.sessionSid.toLowerCase() === asked.sessionSid.toLowerCase() &&
        held.participantSid.toLowerCase() === asked.participantSid.toLowerCase(),
    ),
  },
  { name: "br when the request accepts it", mutation: deliver({ coding: "br" }) },
  { name: "deflate when the request accepts it", mutation: deliver({ coding: "deflate" }) },
  { name: "HTTP/1.0 answers (Content-Length, then close)", mutation: deliver({ http10: true }) },
  {
    name: "a slow first answer (300 ms), then quick ones",
    mutation: (() => {
      let first = true;
      return waitEach(() => {
        const ms = first ? 300 : 0;
        first = false;
        return ms;
      });
    })(),
  },
  { name: "one request at a time", mutation: oneAtATime() },
  { name: "answers out of order (each after 0 to 15 ms)", mutation: waitEach(() => Math.floor(Math.random() * 16)) },
  {
    name: "validators: an ETag on every participant, 304 only to a matching If-None-Match with credentials",
    mutation: respond(participant200, (r, c) => {
      const etag = etagOf(r.body);
      const headers = { ...r.headers, etag, "cache-control": "private, max-age=0" };
      return c.headers["if-none-match"] === etag ? { status: 304, headers, raw: "" } : { ...r, headers };
    }),
  },
  {
    name: "Cache-Control: private, max-age=60 on the participant (only the caller's own cache keeps it)",
    mutation: setHeader("cache-control", "private, max-age=60"),
  },
  {
    name: "Cache-Control: no-store, no-cache, must-revalidate on every answer",
    mutation: setHeader("cache-control", "no-store, no-cache, must-revalidate", anyParticipantRoute),
  },
  {
    name: "406 only when Accept excludes JSON",
    mutation: respond(
      (_r, c) => c.route === "participant" && !acceptsJson(c.headers.accept as string | undefined),
      (r) => ({
        ...r,
        status: 406,
        body: {
          code: 20406,
          message: "Not Acceptable",
          more_info: "https://www.twilio.com/docs/errors/20406",
          status: 406,
        },
      }),
    ),
  },
  {
    name: "error bodies in German, with extra keys",
    mutation: editBody(
      (r, c) => anyParticipantRoute(r, c) && r.status >= 400,
      (b) => {
        b.message =
          b.status === 401 ? "Authentifizierung erforderlich" : "Die angeforderte Ressource wurde nicht gefunden";
        b.request_id = "RQ1";
      },
    ),
  },
  {
    // A fake that links its own docs: only a Twilio error page must name the body's code.
    name: "errors whose more_info links the implementation's own docs",
    mutation: editBody(
      (r, c) => anyParticipantRoute(r, c) && r.status >= 400,
      (b) => {
        b.more_info = `https://fake.example/docs/errors/${String(b.code)}.html`;
      },
    ),
  },

  // Liberties real stacks take that the generated part must not mistake for defects.
  {
    name: "every / and non-ASCII character escaped as \\uXXXX in the JSON",
    mutation: respond(anyParticipantRoute, (r) =>
      r.body === undefined
        ? r
        : {
            ...r,
            raw: JSON.stringify(r.body)
              .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
              .replace(/\//g, "\\/"),
          },
    ),
  },
  {
    name: "an X-RateLimit-Remaining, a request id and a Server-Timing that change on every answer",
    mutation: (() => {
      let remaining = 100_000;
      return respond(anyParticipantRoute, (r) => ({
        ...r,
        headers: {
          ...r.headers,
          "x-ratelimit-remaining": String(remaining--),
          "x-request-id": Math.random().toString(16).slice(2),
          "server-timing": `app;dur=${(Math.random() * 5).toFixed(2)}`,
        },
      }));
    })(),
  },
  {
    name: "Last-Modified from date_updated, 304 to an If-Modified-Since at or after it, with credentials",
    mutation: respond(participant200, (r, c) => {
      const modified = new Date(String((r.body as Body).date_updated)).toUTCString();
      const headers = { ...r.headers, "last-modified": modified };
      const since = Date.parse(String(c.headers["if-modified-since"] ?? ""));
      return since >= Date.parse(modified) ? { status: 304, headers, raw: "" } : { ...r, headers };
    }),
  },
  {
    name: "CORS echoing the request's Origin, with Vary: Origin, on every answer",
    mutation: respond(anyParticipantRoute, (r, c) =>
      c.headers.origin === undefined
        ? r
        : { ...r, headers: { ...r.headers, "access-control-allow-origin": String(c.headers.origin), vary: "Origin" } },
    ),
  },
  {
    name: "a trailing slash redirected (301) to the canonical path, relative Location",
    mutation: respond(
      (_r, c) => c.target.includes("/Participants/") && c.target.endsWith("/"),
      (_r, c) => ({ status: 301, headers: { location: c.target.slice(0, -1) }, raw: "" }),
    ),
  },
];
