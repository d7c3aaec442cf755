/**
 * Every constraint in schemas/ accepts a value it should and rejects one it should not.
 * Limits, prefixes and patterns are read from the schema files, so a row tests the
 * constraint as written rather than a copy of it.
 */
import { expect } from "chai";
import { exampleRef } from "../../../src/core/cases.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import { notFoundError, participantPath, unauthorizedError } from "../../../src/core/resource.js";
import { formatViolation } from "../../../src/core/violation.js";
import { loadFixtures, parseFixtures } from "../../../src/net/fixtures.js";
import { type SchemaName, validate, validators } from "../../../src/schema/validate.js";
import {
  accept,
  type Case,
  numberKeyword,
  propertyOf,
  reject,
  runCases,
  type SchemaNode,
  SID_FIELDS,
  schemaFile,
  sidDefOf,
  sidDefs,
  validParticipant,
  without,
} from "../../support/schema.js";
import { missingPath } from "../../support/temp.js";

const HEX_LOWER = "0123456789abcdef".repeat(2);
const HEX_UPPER = HEX_LOWER.toUpperCase();

function prefixOf(def: SchemaNode): string {
  const prefix = /^\^([A-Z]{2})\[/.exec(String(def.pattern))?.[1];
  if (!prefix) throw new Error(`no two-letter prefix in ${String(def.pattern)}`);
  return prefix;
}

/** The rows every SID definition must pass, with the field name a violation carries. */
function sidRows(def: SchemaNode, field: string, wrap: (sid: unknown) => unknown, otherPrefix: string): Case[] {
  const prefix = prefixOf(def);
  const length = numberKeyword(def, "minLength");
  const pattern = `must be ${String(def["x-words"])}`;
  return [
    accept(`${prefix} + 32 lower-case hex digits`, wrap(prefix + HEX_LOWER)),
    accept(`${prefix} + 32 upper-case hex digits`, wrap(prefix + HEX_UPPER)),
    reject(`another SID type's prefix ${otherPrefix}`, wrap(otherPrefix + HEX_LOWER), field, pattern),
    reject("an unknown prefix ZZ", wrap(`ZZ${HEX_LOWER}`), field, pattern),
    reject(`lower-case prefix ${prefix.toLowerCase()}`, wrap(prefix.toLowerCase() + HEX_LOWER), field, pattern),
    reject("33 characters", wrap(prefix + HEX_LOWER.slice(1)), field, `must be at least ${length} characters`),
    reject("35 characters", wrap(`${prefix + HEX_LOWER}a`), field, `must be at most ${length} characters`),
    reject("a non-hex digit g", wrap(`${prefix}g${HEX_LOWER.slice(1)}`), field, pattern),
    reject("the empty string", wrap(""), field, `must be at least ${length} characters`),
    reject("a number", wrap(1234), field, "must be string"),
  ];
}

/** sid.schema.json's AccountSid is validators.accountSid, and so on. */
const validatorOf = (defName: string) => `${defName.charAt(0).toLowerCase()}${defName.slice(1)}`;

describe("schemas: sid.schema.json", () => {
  it("defines exactly the six SID types this API uses (AC, KS, KC, KP, PN, and SK for API keys)", () => {
    expect(sidDefs().map(([, def]) => prefixOf(def))).to.have.members(["AC", "KS", "KC", "KP", "PN", "SK"]);
  });

  const defs = sidDefs();
  defs.forEach(([name, def], i) => {
    const validator = validatorOf(name);
    const other = defs[(i + 1) % defs.length]?.[1] ?? def;
    describe(`${name} (${prefixOf(def)})`, () => {
      it(`has the validator ${validator}`, () => expect(validators).to.have.property(validator));
      if (validator in validators) {
        runCases(
          validator as SchemaName,
          sidRows(def, "(body)", (sid) => sid, prefixOf(other)),
        );
      }
    });
  });
});

const PARTICIPANT = "participant.schema.json";
const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...validParticipant(),
  ...overrides,
});
const requiredKeys = schemaFile(PARTICIPANT).required ?? [];
const propertyKeys = Object.keys(schemaFile(PARTICIPANT).properties ?? {});

/** A value of the wrong JSON type for each property, with the type rule it breaks. */
function wrongTypeRows(key: string): Case[] {
  if (key === "links") {
    return [
      reject("links: a string where an object is due", body({ links: "x" }), "links", "must be object or null"),
      reject("links: an array where an object is due", body({ links: [] }), "links", "must be object or null"),
    ];
  }
  return [
    reject(`${key}: a number where a string is due`, body({ [key]: 42 }), key, "must be string or null"),
    reject(`${key}: a boolean where a string is due`, body({ [key]: true }), key, "must be string or null"),
    reject(`${key}: an object where a string is due`, body({ [key]: {} }), key, "must be string or null"),
  ];
}

/** maxLength counts characters (code points), not UTF-8 bytes nor UTF-16 units. */
function maxLengthRows(key: string): Case[] {
  const max = numberKeyword(propertyOf(PARTICIPANT, key), "maxLength");
  const tooLong = `must be at most ${max} characters`;
  return [
    accept(`${key}: ${max} ASCII characters`, body({ [key]: "a".repeat(max) })),
    reject(`${key}: ${max + 1} ASCII characters`, body({ [key]: "a".repeat(max + 1) }), key, tooLong),
    accept(`${key}: ${max} two-byte UTF-8 characters (é)`, body({ [key]: "é".repeat(max) })),
    reject(`${key}: ${max + 1} two-byte UTF-8 characters (é)`, body({ [key]: "é".repeat(max + 1) }), key, tooLong),
    accept(`${key}: ${max} four-byte characters (emoji, 2 UTF-16 units each)`, body({ [key]: "😀".repeat(max) })),
    reject(`${key}: ${max + 1} four-byte characters (emoji)`, body({ [key]: "😀".repeat(max + 1) }), key, tooLong),
    accept(
      `${key}: ${max} code points of e and a combining accent`,
      body({ [key]: "e\u0301".repeat(max).slice(0, max) }),
    ),
    reject(
      `${key}: ${max + 1} code points of e and a combining accent`,
      body({ [key]: "e\u0301".repeat(max).slice(0, max + 1) }),
      key,
      tooLong,
    ),
  ];
}

/** date_created and date_updated are "in GMT" in the reference; date_deleted names no zone. */
function dateTimeRows(key: string, inGmt: boolean): Case[] {
  const bad = inGmt ? "must be an RFC 3339 date-time in GMT (Z or +00:00)" : "must be an RFC 3339 date-time";
  const notGmt = "must be an RFC 3339 date-time in GMT (Z or +00:00)";
  const offset = (name: string, value: string) =>
    inGmt
      ? reject(`${key}: ${name} (not GMT)`, body({ [key]: value }), key, notGmt)
      : accept(`${key}: ${name}`, body({ [key]: value }));
  return [
    accept(`${key}: UTC with Z`, body({ [key]: "2015-07-30T20:00:00Z" })),
    accept(`${key}: +00:00 offset`, body({ [key]: "2015-07-30T20:00:00+00:00" })),
    offset("a negative offset", "2015-07-30T13:00:00-07:00"),
    offset("-00:00 (UTC, local offset unknown)", "2015-07-30T20:00:00-00:00"),
    accept(`${key}: fractional seconds`, body({ [key]: "2015-07-30T20:00:00.123456Z" })),
    reject(`${key}: no time zone`, body({ [key]: "2015-07-30T20:00:00" }), key, bad),
    reject(`${key}: a date only`, body({ [key]: "2015-07-30" }), key, bad),
    reject(`${key}: RFC 2822 instead of ISO 8601`, body({ [key]: "Thu, 30 Jul 2015 20:00:00 +0000" }), key, bad),
    reject(`${key}: month 13`, body({ [key]: "2015-13-30T20:00:00Z" }), key, bad),
    reject(`${key}: garbage`, body({ [key]: "yesterday" }), key, bad),
    // Where ajv-formats' date-time is more lenient than RFC 3339 (and than the pact's pattern).
    reject(`${key}: a space for the T`, body({ [key]: "2015-07-30 20:00:00Z" }), key, bad),
    reject(`${key}: an offset without a colon`, body({ [key]: "2015-07-30T20:00:00+0000" }), key, bad),
    reject(`${key}: an offset without minutes`, body({ [key]: "2015-07-30T20:00:00+00" }), key, bad),
    // The calendar and clock edge cases, where a shape check and RFC 3339 disagree.
    accept(`${key}: 29 February of a leap year`, body({ [key]: "2016-02-29T00:00:00Z" })),
    reject(`${key}: 29 February of a common year`, body({ [key]: "2015-02-29T00:00:00Z" }), key, bad),
    reject(`${key}: 30 February`, body({ [key]: "2016-02-30T00:00:00Z" }), key, bad),
    reject(`${key}: a leap second (Unix time has none)`, body({ [key]: "2016-12-31T23:59:60Z" }), key, bad),
    reject(`${key}: hour 24`, body({ [key]: "2015-07-30T24:00:00Z" }), key, bad),
    reject(`${key}: offset +24:00`, body({ [key]: "2015-07-30T20:00:00+24:00" }), key, bad),
    accept(`${key}: lower-case t and z (RFC 3339 allows them)`, body({ [key]: "2015-07-30t20:00:00z" })),
  ];
}

const messageInteractions = (value: unknown) => body({ links: { message_interactions: value } });

describe("schemas: participant.schema.json", () => {
  it("requires all 13 keys, and every key it describes is required", () => {
    expect(requiredKeys).to.have.length(13);
    expect(requiredKeys).to.have.members(propertyKeys);
  });

  describe("valid bodies", () =>
    runCases("participant", [
      accept("the phone example", validParticipant("phone")),
      accept("the messenger example", validParticipant("messenger")),
      accept("an unknown extra key (Twilio adds fields over time)", body({ date_archived: null })),
      accept(
        "an unknown extra key inside links",
        body({ links: { ...validParticipant().links, calls: "https://x.example/c" } }),
      ),
    ]));

  describe("each required key missing", () =>
    runCases(
      "participant",
      requiredKeys.map((key) => reject(`${key} missing`, without(validParticipant(), key), key, "is required")),
    ));

  describe("null is accepted for every key", () =>
    runCases(
      "participant",
      propertyKeys.map((key) => accept(`${key}: null`, body({ [key]: null }))),
    ));

  describe("types", () =>
    runCases("participant", [
      ...propertyKeys.flatMap(wrongTypeRows),
      reject("the body is an array", [], "(body)", "must be object"),
      reject("the body is null", null, "(body)", "must be object"),
      reject("the body is a string", "{}", "(body)", "must be object"),
    ]));

  describe("SIDs in the body", () => {
    for (const key of SID_FIELDS) {
      const def = sidDefOf(key);
      const other = sidDefOf(key === "sid" ? "session_sid" : "sid");
      describe(key, () =>
        runCases(
          "participant",
          sidRows(def, key, (sid) => body({ [key]: sid }), prefixOf(other)),
        ),
      );
    }
  });

  describe("lengths", () =>
    runCases("participant", [...maxLengthRows("friendly_name"), ...maxLengthRows("identifier")]));

  describe("date-time formats", () =>
    runCases("participant", [
      ...dateTimeRows("date_created", true),
      ...dateTimeRows("date_updated", true),
      ...dateTimeRows("date_deleted", false),
    ]));

  describe("url and links", () =>
    runCases("participant", [
      accept("url: absolute https", body({ url: "https://proxy.twilio.com/v1/Services/x" })),
      accept("url: absolute http on another host", body({ url: "http://127.0.0.1:8080/v1/x" })),
      reject("url: relative path", body({ url: "/v1/Services/x" }), "url", "must be an absolute URI"),
      reject("url: no scheme", body({ url: "proxy.twilio.com/v1" }), "url", "must be an absolute URI"),
      reject("url: the empty string", body({ url: "" }), "url", "must be an absolute URI"),
      accept("url: an IPv6 host", body({ url: "http://[::1]:8080/v1/x" })),
      accept("url: an upper-case scheme and host", body({ url: "HTTPS://PROXY.TWILIO.COM/v1/x" })),
      reject("url: a raw space", body({ url: "https://proxy.twilio.com/v1/a b" }), "url", "must be an absolute URI"),
      reject("url: a broken percent-escape", body({ url: "https://proxy.twilio.com/%zz" }), "url", "URI"),
      reject("url: a raw non-ASCII character (an IRI)", body({ url: "https://proxy.twilio.com/é" }), "url", "URI"),
      accept("links: null", body({ links: null })),
      accept("links.message_interactions: absolute", messageInteractions("https://proxy.twilio.com/v1/x/MI")),
      reject("links.message_interactions: relative", messageInteractions("/x/MI"), "links.message_interactions", "URI"),
      reject("links.message_interactions: null", messageInteractions(null), "links.message_interactions", "string"),
      reject("links: an empty object", body({ links: {} }), "links.message_interactions", "is required"),
    ]));
});

describe("schemas: participant.schema.json#/$defs/strict", () =>
  runCases("strict", [
    accept("the phone example", validParticipant("phone")),
    accept("links: null", body({ links: null })),
    reject("an unknown top-level key", body({ date_archived: null }), "date_archived", "is not a field"),
    reject(
      "an unknown key inside links",
      body({ links: { ...validParticipant().links, calls: "https://x.example/c" } }),
      "links.calls",
      "is not a field",
    ),
    reject("still a participant: a broken sid", body({ sid: "nope" }), "sid", "followed by 32 hex digits"),
  ]));

const e164 = `must be ${String(schemaFile(PARTICIPANT).$defs?.e164?.["x-words"])}`;
const messengerAddress = `must be ${String(schemaFile(PARTICIPANT).$defs?.messengerAddress?.["x-words"])}`;

describe("schemas: participant.schema.json#/$defs/phone", () =>
  runCases("phone", [
    accept("the phone example", validParticipant("phone")),
    accept("identifier: 15 digits, the most E.164 allows", body({ identifier: "+123456789012345" })),
    reject("identifier: 16 digits", body({ identifier: "+1234567890123456" }), "identifier", e164),
    reject("identifier: no plus sign", body({ identifier: "14155551212" }), "identifier", e164),
    reject("identifier: leading zero after the plus", body({ identifier: "+04155551212" }), "identifier", e164),
    reject("identifier: spaces", body({ identifier: "+1 415 555 1212" }), "identifier", e164),
    reject("identifier: a messenger address", body({ identifier: "messenger:14155551212" }), "identifier", e164),
    accept("proxy_identifier: E.164", body({ proxy_identifier: "+442071838750" })),
    accept("proxy_identifier: a 3-digit short code", body({ proxy_identifier: "123" })),
    accept("proxy_identifier: an 8-digit short code", body({ proxy_identifier: "12345678" })),
    reject("proxy_identifier: 2 digits", body({ proxy_identifier: "12" }), "proxy_identifier", "or a short code"),
    reject(
      "proxy_identifier: 9 digits, no plus",
      body({ proxy_identifier: "123456789" }),
      "proxy_identifier",
      "or a short code",
    ),
    reject(
      "proxy_identifier: a messenger address",
      body({ proxy_identifier: "messenger:14155559999" }),
      "proxy_identifier",
      e164,
    ),
    reject("still a participant: a broken sid", body({ sid: "nope" }), "sid", "followed by 32 hex digits"),
  ]));

const messengerBody = (overrides: Record<string, unknown>) => ({ ...validParticipant("messenger"), ...overrides });

describe("schemas: participant.schema.json#/$defs/messenger", () =>
  runCases("messenger", [
    accept("the messenger example", validParticipant("messenger")),
    accept("identifier: a non-numeric page-scoped id", messengerBody({ identifier: "messenger:a.b-c_d" })),
    reject("identifier: a phone number", messengerBody({ identifier: "+14155551212" }), "identifier", messengerAddress),
    reject(
      "identifier: nothing after messenger:",
      messengerBody({ identifier: "messenger:" }),
      "identifier",
      "followed by a page-scoped id",
    ),
    reject(
      "identifier: a space in the id",
      messengerBody({ identifier: "messenger:12 34" }),
      "identifier",
      "followed by a page-scoped id",
    ),
    reject(
      "identifier: a tab in the id",
      messengerBody({ identifier: "messenger:12\t34" }),
      "identifier",
      "followed by a page-scoped id",
    ),
    reject(
      "identifier: a control character",
      messengerBody({ identifier: "messenger:12\u007F" }),
      "identifier",
      "followed by a page-scoped id",
    ),
    // ASCII classes: JavaScript's \s and Rust's (where the Pact verifier runs) disagree on these two.
    accept("identifier: U+0085 (\\s in Rust, not in JavaScript)", messengerBody({ identifier: "messenger:1\u00852" })),
    accept("identifier: U+FEFF (\\s in JavaScript, not in Rust)", messengerBody({ identifier: "messenger:1\uFEFF2" })),
    reject(
      "identifier: another channel",
      messengerBody({ identifier: "whatsapp:+14155551212" }),
      "identifier",
      "followed by a page-scoped id",
    ),
    reject(
      "proxy_identifier: a phone number",
      messengerBody({ proxy_identifier: "+14155559999" }),
      "proxy_identifier",
      "followed by a page-scoped id",
    ),
    reject(
      "proxy_identifier: messenger: only",
      messengerBody({ proxy_identifier: "messenger:" }),
      "proxy_identifier",
      "followed by a page-scoped id",
    ),
    reject("still a participant: a broken sid", messengerBody({ sid: "nope" }), "sid", "followed by 32 hex digits"),
  ]));

const HEADERS = "headers.schema.json";
const corsHeaders = Object.entries(schemaFile(HEADERS).properties ?? {}).filter(([name]) =>
  name.startsWith("access-control-"),
);
const json = { "content-type": "application/json" };

describe("schemas: headers.schema.json", () => {
  it("describes the five CORS headers of the reference", () => expect(corsHeaders).to.have.length(5));

  runCases("headers", [
    accept("content-type application/json, no CORS headers (all optional)", json),
    accept("content-type with ; charset=utf-8", { "content-type": "application/json; charset=utf-8" }),
    accept("content-type with ;charset=UTF-8, no space", { "content-type": "application/json;charset=UTF-8" }),
    accept("an unrelated header", { ...json, "x-request-id": "abc" }),
    reject("content-type text/html", { "content-type": "text/html" }, "content-type", "must be application/json"),
    reject(
      "content-type application/jsonp",
      { "content-type": "application/jsonp" },
      "content-type",
      "must be application/json",
    ),
    reject("content-type missing", { "x-request-id": "abc" }, "content-type", "is required"),
    reject("content-type a number", { "content-type": 1 }, "content-type", "must be string"),
    ...corsHeaders.flatMap(([name, schema]): Case[] =>
      Array.isArray(schema.enum)
        ? [
            accept(`${name}: "true"`, { ...json, [name]: "true" }),
            accept(`${name}: "false"`, { ...json, [name]: "false" }),
            reject(`${name}: "yes"`, { ...json, [name]: "yes" }, name, 'must be one of "true", "false"'),
          ]
        : [
            accept(`${name}: a value`, { ...json, [name]: "*" }),
            reject(`${name}: empty`, { ...json, [name]: "" }, name, "must be at least 1 character"),
          ],
    ),
  ]);
});

describe("schemas: headers.schema.json, a 401's challenge", () => {
  const challenge = (value: string) => ({ ...json, "www-authenticate": value });
  runCases("unauthorizedHeaders", [
    accept('Twilio\'s own: Basic realm="Twilio API"', challenge('Basic realm="Twilio API"')),
    accept("the scheme in lower case (RFC 9110 §11.1)", challenge("basic")),
    accept("Basic beside another challenge", challenge('Bearer realm="x", Basic realm="y"')),
    reject("no WWW-Authenticate (RFC 9110 §11.6.1: MUST)", json, "www-authenticate", "is required"),
    reject("a Bearer challenge alone", challenge('Bearer realm="x"'), "www-authenticate", "Basic scheme"),
    reject("a scheme that only starts with Basic", challenge("Basicish"), "www-authenticate", "Basic scheme"),
  ]);
});

const ERROR = "error.schema.json";
const anError = { ...unauthorizedError() };
const notFound = notFoundError(participantPath(exampleRef));

describe("schemas: error.schema.json", () => {
  runCases("error", [
    accept("Twilio's 401 body", anError),
    accept("Twilio's 404 body", notFound),
    accept("an extra details key", { ...anError, details: { hint: "x" } }),
    ...(schemaFile(ERROR).required ?? []).map((key) =>
      reject(`${key} missing`, without(anError, key), key, "required"),
    ),
    reject("code: a string", { ...anError, code: "20003" }, "code", "must be integer"),
    reject("code: a fraction", { ...anError, code: 20003.5 }, "code", "must be integer"),
    reject("message: empty", { ...anError, message: "" }, "message", "must be at least 1 character"),
    reject("message: a number", { ...anError, message: 1 }, "message", "must be string"),
    reject(
      "more_info: relative",
      { ...anError, more_info: "/docs/errors/20003" },
      "more_info",
      "must be an absolute URI",
    ),
    reject("status: a string", { ...anError, status: "401" }, "status", "must be integer"),
    accept("status: 400, the lowest error status", { ...anError, status: 400 }),
    accept("status: 599, the highest", { ...anError, status: 599 }),
    reject("status: 399", { ...anError, status: 399 }, "status", "400"),
    reject("status: 600", { ...anError, status: 600 }, "status", "599"),
  ]);

  describe("$defs/notFound", () =>
    runCases("notFound", [
      accept("Twilio's 404 body", notFound),
      reject("code 20003", { ...notFound, code: 20003 }, "code", "must be 20404"),
      reject("status 401", { ...notFound, status: 401 }, "status", "must be 404"),
      reject("still an error body: message missing", without(notFound, "message"), "message", "is required"),
    ]));

  describe("$defs/unauthorized", () =>
    runCases("unauthorized", [
      accept("Twilio's 401 body", anError),
      reject("code 20404", { ...anError, code: 20404 }, "code", "must be 20003"),
      reject("status 404", { ...anError, status: 404 }, "status", "must be 401"),
      reject("still an error body: more_info relative", { ...anError, more_info: "x" }, "more_info", "URI"),
    ]));

  const throttled = {
    code: 20429,
    message: "Too Many Requests",
    more_info: "https://www.twilio.com/docs/errors/20429",
    status: 429,
  };
  describe("$defs/tooManyRequests", () =>
    runCases("tooManyRequests", [
      accept("Twilio's 429 body", throttled),
      reject("code 20003 (an 'Authenticate' body on a 429)", { ...throttled, code: 20003 }, "code", "must be 20429"),
      reject("status 401", { ...throttled, status: 401 }, "status", "must be 429"),
      reject("still an error body: message missing", without(throttled, "message"), "message", "is required"),
    ]));
});

const PATH_PARAMS = "path-params.schema.json";
const pathParams = {
  ServiceSid: exampleRef.serviceSid,
  SessionSid: exampleRef.sessionSid,
  Sid: exampleRef.participantSid,
};

describe("schemas: path-params.schema.json", () =>
  runCases("pathParams", [
    accept("the three SIDs of the reference's example", pathParams),
    accept("upper-case hex", { ...pathParams, Sid: `KP${HEX_UPPER}` }),
    ...Object.keys(schemaFile(PATH_PARAMS).properties ?? {}).flatMap((name) => [
      reject(`${name} missing`, without(pathParams, name), name, "is required"),
      reject(
        `${name} with another SID type's prefix`,
        { ...pathParams, [name]: `AC${HEX_LOWER}` },
        name,
        "followed by 32 hex digits",
      ),
      reject(`${name} 33 characters`, { ...pathParams, [name]: `AC${HEX_LOWER.slice(1)}` }, name, "at least 34"),
    ]),
    reject(
      "an unknown parameter",
      { ...pathParams, AccountSid: `AC${HEX_LOWER}` },
      "AccountSid",
      "is not allowed here",
    ),
  ]));

const SECRET = "s3cr3t-auth-token-do-not-print";
const ACCOUNT = `AC${HEX_LOWER}`;
const fixtureRef = {
  serviceSid: exampleRef.serviceSid,
  sessionSid: exampleRef.sessionSid,
  participantSid: exampleRef.participantSid,
};
const fixtureFile = { accountSid: ACCOUNT, authToken: SECRET, phone: fixtureRef, messenger: fixtureRef };

describe("schemas: fixtures.schema.json", () =>
  runCases("fixtures", [
    accept("participants and credentials", fixtureFile),
    accept("participants only (credentials from the environment)", { phone: fixtureRef, messenger: fixtureRef }),
    accept("credentials only (for --state-setup-url)", { accountSid: ACCOUNT, authToken: SECRET }),
    accept("a second account", { ...fixtureFile, otherAccount: { accountSid: `AC${"b".repeat(32)}`, authToken: "t" } }),
    reject(
      "a second account without a token",
      { ...fixtureFile, otherAccount: { accountSid: `AC${"b".repeat(32)}` } },
      "otherAccount.authToken",
      "is required",
    ),
    reject(
      "a second account with a malformed SID",
      { ...fixtureFile, otherAccount: { accountSid: "AC1", authToken: "t" } },
      "otherAccount.accountSid",
      "at least 34",
    ),
    accept("a states map", { ...fixtureFile, states: { "a participant exists": { sid: `KP${HEX_LOWER}` } } }),
    reject(
      "a states map with a number",
      { ...fixtureFile, states: { s: { sid: 1 } } },
      "states.s.sid",
      "must be string",
    ),
    reject(
      "a phone participant without its SID",
      { ...fixtureFile, phone: without(fixtureRef, "participantSid") },
      "phone.participantSid",
      "is required",
    ),
    reject(
      "a malformed participantSid",
      { ...fixtureFile, phone: { ...fixtureRef, participantSid: "KP1" } },
      "phone.participantSid",
      "at least 34",
    ),
    reject(
      "a session SID where the service SID is due",
      { ...fixtureFile, messenger: { ...fixtureRef, serviceSid: fixtureRef.sessionSid } },
      "messenger.serviceSid",
      "must be KS followed by 32 hex digits",
    ),
    reject(
      "sessionSid missing",
      { ...fixtureFile, messenger: without(fixtureRef, "sessionSid") },
      "messenger.sessionSid",
      "is required",
    ),
    reject("accountSid malformed", { ...fixtureFile, accountSid: "ACnope" }, "accountSid", "at least 34"),
    reject("authToken empty", { ...fixtureFile, authToken: "" }, "authToken", "at least 1"),
  ]));

/** A parseFixtures row: the file text, the environment, and what must come out. */
interface FixturesCase {
  name: string;
  text: string;
  env: Record<string, string>;
  expected: { accountSid: string; authToken: string } | { error: string };
}

const text = (value: unknown) => JSON.stringify(value);
const refsOnly = text({ phone: fixtureRef, messenger: fixtureRef });
const ENV_ACCOUNT = `AC${HEX_UPPER}`;
const ENV_SECRET = "env-s3cr3t-token-do-not-print";

const fixturesCases: FixturesCase[] = [
  {
    name: "credentials in the file",
    text: text(fixtureFile),
    env: {},
    expected: { accountSid: ACCOUNT, authToken: SECRET },
  },
  {
    name: "credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
    text: refsOnly,
    env: { TWILIO_ACCOUNT_SID: ENV_ACCOUNT, TWILIO_AUTH_TOKEN: ENV_SECRET },
    expected: { accountSid: ENV_ACCOUNT, authToken: ENV_SECRET },
  },
  {
    name: "the file wins over the environment",
    text: text(fixtureFile),
    env: { TWILIO_ACCOUNT_SID: ENV_ACCOUNT, TWILIO_AUTH_TOKEN: ENV_SECRET },
    expected: { accountSid: ACCOUNT, authToken: SECRET },
  },
  {
    name: "account from the file, token from the environment",
    text: text(without(fixtureFile, "authToken")),
    env: { TWILIO_AUTH_TOKEN: ENV_SECRET },
    expected: { accountSid: ACCOUNT, authToken: ENV_SECRET },
  },
  { name: "not JSON", text: "phone: KS...", env: {}, expected: { error: "fixtures file f.json is not JSON" } },
  {
    name: "not JSON after a token value",
    text: `{"authToken": "${SECRET}", oops}`,
    env: {},
    expected: { error: "is not JSON" },
  },
  {
    name: "not JSON: an unquoted token",
    text: `{"authToken": ${SECRET}}`,
    env: {},
    expected: { error: "is not JSON" },
  },
  { name: "a JSON array", text: "[]", env: {}, expected: { error: "is invalid: must be a JSON object" } },
  { name: "JSON null", text: "null", env: {}, expected: { error: "is invalid: must be a JSON object" } },
  {
    name: "an invalid participant SID",
    text: text({ ...fixtureFile, phone: { ...fixtureRef, participantSid: `KX${HEX_LOWER}` } }),
    env: {},
    expected: { error: "is invalid: phone.participantSid: must be KP followed by 32 hex digits" },
  },
  {
    name: "an invalid TWILIO_ACCOUNT_SID",
    text: refsOnly,
    env: { TWILIO_ACCOUNT_SID: "ACnope", TWILIO_AUTH_TOKEN: ENV_SECRET },
    expected: { error: 'is invalid: accountSid: must be at least 34 characters, got "ACnope"' },
  },
  {
    name: "no account SID anywhere",
    text: refsOnly,
    env: { TWILIO_AUTH_TOKEN: ENV_SECRET },
    expected: { error: "has no accountSid and TWILIO_ACCOUNT_SID is not set" },
  },
  {
    name: "no auth token anywhere",
    text: refsOnly,
    env: { TWILIO_ACCOUNT_SID: ENV_ACCOUNT },
    expected: { error: "has no authToken and TWILIO_AUTH_TOKEN is not set" },
  },
  {
    name: "an empty token in the file, none in the environment",
    text: text({ ...fixtureFile, authToken: "" }),
    env: {},
    expected: { error: "authToken: must be at least 1 character" },
  },
  {
    name: "a token of the wrong type is not echoed",
    text: text({ ...fixtureFile, authToken: 987654321 }),
    env: {},
    expected: { error: "authToken: must be string" },
  },
  {
    name: "a broken file with a token in the environment",
    text: text({ phone: { ...fixtureRef, sessionSid: "KC1" } }),
    env: { TWILIO_ACCOUNT_SID: ENV_ACCOUNT, TWILIO_AUTH_TOKEN: ENV_SECRET },
    expected: { error: "phone.sessionSid: must be at least 34 characters" },
  },
  {
    name: "a broken file with a token in it",
    text: text({ ...fixtureFile, messenger: { ...fixtureRef, participantSid: undefined } }),
    env: {},
    expected: { error: "messenger.participantSid: is required" },
  },
];

/** Every secret a row carries: none may appear in an error message. */
function secretsOf(row: FixturesCase): string[] {
  const fromFile = /"authToken":\s*"?([^",}]+)/.exec(row.text)?.[1];
  return [fromFile, row.env.TWILIO_AUTH_TOKEN].filter((s): s is string => Boolean(s));
}

describe("src/fixtures.ts parseFixtures", () => {
  for (const row of fixturesCases) {
    it(row.name, () => {
      let outcome: ReturnType<typeof parseFixtures> | unknown;
      try {
        outcome = parseFixtures(row.text, "f.json", row.env);
      } catch (error) {
        outcome = error;
      }
      if ("error" in row.expected) {
        expect(outcome).to.be.instanceOf(EnvironmentError);
        const message = (outcome as EnvironmentError).message;
        expect(message).to.include(row.expected.error);
        expect(message, "one line").not.to.match(/[\r\n]/);
        for (const secret of secretsOf(row)) expect(message, "leaks the auth token").not.to.include(secret);
      } else {
        expect(outcome).to.deep.include({ ...row.expected, phone: fixtureRef, messenger: fixtureRef });
      }
    });
  }

  it("loadFixtures names a missing file in one line", () => {
    const path = missingPath("fixtures.json");
    expect(() => loadFixtures(path, {}))
      .to.throw(EnvironmentError)
      .with.property("message", `cannot read fixtures file ${path}: no such file`);
  });
});

describe("src/schemas.ts validate: violations read well", () => {
  const KP = String(sidDefOf("sid")["x-words"]);
  const rows: { name: string; value: unknown; schema?: "participant" | "phone"; expected: string[] }[] = [
    { name: "a valid body has none", value: body(), expected: [] },
    {
      name: "a wrong-prefix SID: the pattern only, no 'must be null' noise",
      value: body({ sid: `KX${HEX_LOWER}` }),
      expected: [`sid: must be ${KP}, got "KX${HEX_LOWER}"`],
    },
    {
      name: "a SID of the wrong length: the length and the pattern",
      value: body({ sid: `KP${HEX_LOWER}0` }),
      expected: [
        `sid: must be at most 34 characters, got "KP${HEX_LOWER}0"`,
        `sid: must be ${KP}, got "KP${HEX_LOWER}0"`,
      ],
    },
    { name: "a number for a nullable SID", value: body({ sid: 7 }), expected: ["sid: must be string or null, got 7"] },
    {
      name: "a number for a nullable string",
      value: body({ friendly_name: 7 }),
      expected: ["friendly_name: must be string or null, got 7"],
    },
    {
      name: "a string for nullable links",
      value: body({ links: "x" }),
      expected: ['links: must be object or null, got "x"'],
    },
    { name: "a missing key", value: without(body(), "url"), expected: ["url: is required, got nothing"] },
    {
      name: "a nested missing key names its path",
      value: body({ links: {} }),
      expected: ["links.message_interactions: is required, got nothing"],
    },
    {
      name: "two broken fields: one violation each",
      value: body({ sid: null, url: "x", date_created: "x" }),
      expected: [
        'date_created: must be an RFC 3339 date-time in GMT (Z or +00:00), got "x"',
        'url: must be an absolute URI, got "x"',
      ],
    },
    {
      name: "two alternative patterns merge into one rule",
      schema: "phone",
      value: body({ proxy_identifier: "1" }),
      expected: [
        `proxy_identifier: must be ${String(schemaFile(PARTICIPANT).$defs?.e164?.["x-words"])} or ${String(schemaFile(PARTICIPANT).$defs?.shortCode?.["x-words"])}, got "1"`,
      ],
    },
    {
      name: "a long value is cut short",
      value: body({ friendly_name: "x".repeat(300) }),
      expected: [
        `friendly_name: must be at most ${numberKeyword(propertyOf(PARTICIPANT, "friendly_name"), "maxLength")} characters, got "${"x".repeat(58)}…`,
      ],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const shown = validate(row.schema ?? "participant", row.value).map(formatViolation);
      expect([...shown].sort()).to.deep.equal([...row.expected].sort());
    });
  }
});
