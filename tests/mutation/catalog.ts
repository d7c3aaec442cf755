/**
 * The suite's mutation catalog: variants of the reference provider, one change each.
 * A BROKEN variant breaks the contract and `verify` must exit 1, for the reason named
 * in `expect` (a failing check whose id starts with `check` holds a finding on
 * `field`), so a variant killed by accident does not count. A GENUINE variant differs
 * from the reference in a way real providers do and the contract allows: `verify`
 * must exit 0, or the suite raises false alarms.
 */
import type { Fixtures } from "../../src/fixtures.js";
import type { Mutation } from "../../src/provider/index.js";
import { messageInteractionsUrl, participantUrl } from "../../src/resource.js";
import type { FindingKind } from "../../src/verify/findings.js";
import {
  anyParticipantRoute,
  editBody,
  find,
  malformedSid404,
  mapStrings,
  neighbour,
  otherParticipant,
  participant200,
  pretendExists,
  respond,
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
    expect: probe("malformed-sid", "status", "status"),
  },
  {
    name: "malformed SID answered 500",
    mutation: setStatus(500, malformedSid404, true),
    expect: probe("malformed-sid", "status", "status"),
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
    expect: probe("no-credentials", "more_info"),
  },
  {
    name: "401 body with an empty message",
    mutation: setField("message", () => "", statusIs(401)),
    expect: probe("no-credentials", "message"),
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
    expect: probe("malformed-sid", "(body)"),
  },

  // Auth.
  {
    name: "no credentials accepted",
    mutation: {
      authenticate: (v, c) => (v.kind === "none" ? { kind: "valid", accountSid: c.fixtures.accountSid } : v),
    },
    expect: probe("no-credentials", "status", "status"),
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
    expect: probe("no-credentials", "status", "status"),
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
    name: "pretty-printed JSON",
    mutation: respond(
      (r, c) => anyParticipantRoute(r, c) && r.body !== undefined,
      (r) => ({ ...r, raw: `${JSON.stringify(r.body, null, 2)}\n` }),
    ),
  },
];
