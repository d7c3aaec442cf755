/**
 * The suite's mutation catalog: variants of the reference provider, one change each.
 * A BROKEN variant breaks the contract and `verify` must exit 1, for the reason named
 * in `expect` (a failing check whose id starts with `check` holds a finding on
 * `field`), so a variant killed by accident does not count. A GENUINE variant differs
 * from the reference in a way real providers do and the contract allows: `verify`
 * must exit 0, or the suite raises false alarms.
 */

import type { FindingKind } from "../../../src/core/findings.js";
import { messageInteractionsUrl, notFoundError, participantUrl } from "../../../src/core/resource.js";
import type { Fixtures } from "../../../src/net/fixtures.js";
import type { Mutation } from "../../../src/provider/index.js";
import {
  anyParticipantRoute,
  callersParticipants,
  deliver,
  editBody,
  find,
  findAmongCallers,
  letThrough,
  malformedAt,
  malformedSid404,
  mapStrings,
  neighbour,
  notFoundBeforeAuth,
  otherParticipant,
  participant200,
  pretendExists,
  respond,
  sameRef,
  setField,
  setHeader,
  setStatus,
  statusIs,
  unknownParticipant404,
  variantOnly,
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
    name: "SIDs compared in any letter case: a lower-case 'kc' session prefix served",
    mutation: findAmongCallers(
      (held, asked) =>
        held.serviceSid === asked.serviceSid &&
        held.sessionSid.toLowerCase() === asked.sessionSid.toLowerCase() &&
        held.participantSid === asked.participantSid,
    ),
    expect: probe("malformed-sid/session/lower-case-prefix", "status", "status"),
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
    name: "no CORS headers at all",
    mutation: respond(anyParticipantRoute, (r) => ({
      ...r,
      headers: Object.fromEntries(Object.entries(r.headers).filter(([name]) => !name.startsWith("access-control-"))),
    })),
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
    name: "no second account in the fixtures (account isolation skipped, not failed)",
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
];
