/**
 * The edges of the schemas, as edits of the reference's examples: per field each JSON
 * type, null and a missing key; lengths at the limits counted in code points (ASCII,
 * astral, combining marks); date shapes and ranges; URL shapes and hosts; identifier
 * shapes; Unicode whitespace; surrogates; byte-order marks and raw bytes; extra keys and
 * nesting. Each edit names its cause (what it probes), which the reports group by.
 */
import { exampleAccountSid, exampleRef, type VariantName, variants } from "../../../src/core/cases.js";
import {
  messageInteractionsUrl,
  type ParticipantRef,
  participantBody,
  participantPath,
  TWILIO_PROXY_BASE_URL,
} from "../../../src/core/resource.js";

export type Body = Record<string, unknown>;

export interface Edit {
  /** What the edit probes, e.g. `date_created: date ranges`; reports group by it. */
  cause: string;
  /** One line naming the edit, e.g. `date_created: 30 February`. */
  name: string;
  /** The variants it applies to; both when absent. */
  variants?: readonly VariantName[];
  /** Changes the body before it is written as JSON (delete a key for a missing one). */
  change?: (body: Body, variant: VariantName) => void;
  /** Changes the JSON text or bytes after it is written. */
  bytes?: (bytes: Buffer) => Buffer;
}

export const REFERENCE_DATE = "2015-07-30T20:00:00Z";

/** The reference's example of a variant (its date_deleted set, as in the reference). */
export function referenceBody(variant: VariantName): Body {
  return {
    ...participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, {
      ...variants[variant].traits,
      dateDeleted: REFERENCE_DATE,
    }),
  };
}

const PATH = participantPath(exampleRef);
const HOST = "proxy.twilio.com";
const otherRef: ParticipantRef = {
  serviceSid: `KS${"b".repeat(32)}`,
  sessionSid: `KC${"b".repeat(32)}`,
  participantSid: `KP${"b".repeat(32)}`,
};

const ASTRAL = "\u{1F600}"; // one code point, two UTF-16 units
const COMBINING = "e\u0301"; // two code points, one grapheme
const repeat = (unit: string, codePoints: number) => {
  const units = [...unit];
  return Array.from({ length: codePoints }, (_, i) => units[i % units.length]).join("");
};

const SID_FIELDS = {
  sid: "KP",
  session_sid: "KC",
  service_sid: "KS",
  account_sid: "AC",
  proxy_identifier_sid: "PN",
} as const;
const DATE_FIELDS = ["date_created", "date_updated", "date_deleted"] as const;
const ALL_FIELDS = [
  ...Object.keys(SID_FIELDS),
  "friendly_name",
  "identifier",
  "proxy_identifier",
  ...DATE_FIELDS,
  "url",
  "links",
] as const;

function set(field: string, value: unknown): Edit["change"] {
  return (body) => {
    if (value === undefined) delete body[field];
    else body[field] = value;
  };
}

/** A url edit keeps links consistent with it, so that only the URL's own form is probed. */
function setUrl(url: string): Edit["change"] {
  return (body) => {
    body.url = url;
    body.links = { message_interactions: messageInteractionsUrl(url) };
  };
}

function setLink(url: unknown): Edit["change"] {
  return (body) => {
    body.links = { message_interactions: url };
  };
}

function edit(cause: string, name: string, change: Edit["change"], variantsOnly?: readonly VariantName[]): Edit {
  return { cause, name, change, ...(variantsOnly ? { variants: variantsOnly } : {}) };
}

/** Each JSON type, null and a missing key, for every field of the resource. */
function typeEdits(): Edit[] {
  const values: [string, unknown][] = [
    ["null", null],
    ["a missing key", undefined],
    ["the number 894546", 894546],
    ["the number 1.5", 1.5],
    ["true", true],
    ["an empty array", []],
    ["an empty object", {}],
    ["the empty string", ""],
  ];
  return ALL_FIELDS.flatMap((field) =>
    values.map(([what, value]) => edit(`${field}: JSON types`, `${field}: ${what}`, set(field, value))),
  );
}

function sidEdits(): Edit[] {
  return Object.entries(SID_FIELDS).flatMap(([field, prefix]) => {
    const hex = "a".repeat(32);
    const rows: [string, string, string][] = [
      ["SID shapes", "upper-case hex digits", `${prefix}${"A".repeat(32)}`],
      ["SID shapes", "another SID type's prefix", `ZZ${hex}`],
      ["SID shapes", "33 characters", `${prefix}${hex.slice(1)}`],
      ["SID shapes", "35 characters", `${prefix}${hex}a`],
      ["SID shapes", "a non-hex letter g", `${prefix}g${hex.slice(1)}`],
      ["SID shapes", "an Arabic-Indic digit", `${prefix}\u0663${hex.slice(1)}`],
      ["SID shapes", "a full-width letter", `${prefix}\uFF41${hex.slice(1)}`],
      ["SID shapes", "a trailing newline", `${prefix}${hex}\n`],
      ["SID shapes", "an escaped NUL inside", `${prefix}\u0000${hex.slice(1)}`],
      ["cross-field: SIDs", "another valid SID", `${prefix}${"b".repeat(32)}`],
    ];
    return rows.map(([cause, what, value]) => edit(`${field}: ${cause}`, `${field}: ${what}`, set(field, value)));
  });
}

function friendlyNameEdits(): Edit[] {
  const rows: [string, string, string][] = [
    ["lengths", "255 ASCII characters", repeat("n", 255)],
    ["lengths", "256 ASCII characters", repeat("n", 256)],
    ["lengths", "255 astral characters (510 UTF-16 units)", repeat(ASTRAL, 255)],
    ["lengths", "256 astral characters", repeat(ASTRAL, 256)],
    ["lengths", "255 code points of combining marks", repeat(COMBINING, 255)],
    ["lengths", "256 code points of combining marks", repeat(COMBINING, 256)],
    ["lengths", "254 ASCII and one astral character", `${repeat("n", 254)}${ASTRAL}`],
    ["lengths", "255 ASCII and one astral character", `${repeat("n", 255)}${ASTRAL}`],
    ["Unicode", "only an ideographic space", "\u3000"],
    ["Unicode", "a NEL and a BOM inside", "a\u0085b\uFEFFc"],
    ["Unicode", "an escaped NUL", "a\u0000b"],
    ["Unicode", "a line separator", "a\u2028b"],
    ["Unicode", "a surrogate pair, escaped by the encoder", "\uD83D\uDE00"],
  ];
  return rows.map(([cause, what, value]) =>
    edit(`friendly_name: ${cause}`, `friendly_name: ${what}`, set("friendly_name", value)),
  );
}

const WHITESPACE: [string, string][] = [
  ["an ASCII space", " "],
  ["a tab", "\t"],
  ["U+0085 (NEL)", "\u0085"],
  ["U+FEFF (BOM)", "\uFEFF"],
  ["U+00A0 (NBSP)", "\u00A0"],
  ["U+2028 (line separator)", "\u2028"],
  ["U+3000 (ideographic space)", "\u3000"],
  ["U+180E (Mongolian vowel separator)", "\u180E"],
  ["U+200B (zero-width space)", "\u200B"],
  ["a DEL control character", "\u007F"],
];

function identifierEdits(): Edit[] {
  const phone: [string, string, string][] = [
    ["E.164 shapes", "+ and one digit", "+1"],
    ["E.164 shapes", "+ and two digits", "+12"],
    ["E.164 shapes", "15 digits", "+123456789012345"],
    ["E.164 shapes", "16 digits", "+1234567890123456"],
    ["E.164 shapes", "a leading zero", "+04155551212"],
    ["E.164 shapes", "no plus sign", "14155551212"],
    ["E.164 shapes", "spaces inside", "+1 415 555 1212"],
    ["E.164 shapes", "Arabic-Indic digits", "+\u0661\u0664\u0661\u0665"],
    ["E.164 shapes", "full-width digits", "+\uFF11\uFF14\uFF11\uFF15"],
    ["E.164 shapes", "a trailing newline", "+14155551212\n"],
    ["variant", "a messenger address", "messenger:14155551212"],
  ];
  const messenger: [string, string, string][] = [
    ["messenger shapes", "nothing after messenger:", "messenger:"],
    ["messenger shapes", "one character after messenger:", "messenger:x"],
    ["messenger shapes", "an upper-case prefix", "Messenger:x"],
    ["variant", "an E.164 number", "+14155551212"],
    ["lengths", "191 ASCII characters", `messenger:${repeat("1", 181)}`],
    ["lengths", "192 ASCII characters", `messenger:${repeat("1", 182)}`],
    ["lengths", "191 code points, astral", `messenger:${repeat(ASTRAL, 181)}`],
    ["lengths", "192 code points, astral", `messenger:${repeat(ASTRAL, 182)}`],
    ["lengths", "191 code points, combining marks", `messenger:${repeat(COMBINING, 181)}`],
    ["lengths", "192 code points, combining marks", `messenger:${repeat(COMBINING, 182)}`],
    ...WHITESPACE.map(([what, ws]): [string, string, string] => ["whitespace", `${what} inside`, `messenger:1${ws}2`]),
  ];
  const proxyPhone: [string, string, string][] = [
    ["short codes", "2 digits", "12"],
    ["short codes", "3 digits", "123"],
    ["short codes", "8 digits", "12345678"],
    ["short codes", "9 digits", "123456789"],
    ["E.164 shapes", "16 digits", "+1234567890123456"],
    ["E.164 shapes", "Arabic-Indic digits", "\u0661\u0662\u0663"],
  ];
  const proxyMessenger: [string, string, string][] = [
    ["lengths", "192 ASCII characters (no limit here)", `messenger:${repeat("1", 182)}`],
    ["lengths", "1,000 astral characters", `messenger:${repeat(ASTRAL, 1000)}`],
    ...WHITESPACE.map(([what, ws]): [string, string, string] => ["whitespace", `${what} inside`, `messenger:1${ws}2`]),
  ];
  const rows = (field: string, variant: VariantName, list: [string, string, string][]) =>
    list.map(([cause, what, value]) =>
      edit(`${field} (${variant}): ${cause}`, `${field} (${variant}): ${what}`, set(field, value), [variant]),
    );
  return [
    ...rows("identifier", "phone", phone),
    ...rows("identifier", "messenger", messenger),
    ...rows("proxy_identifier", "phone", proxyPhone),
    ...rows("proxy_identifier", "messenger", proxyMessenger),
    edit(
      "proxy_identifier (phone): JSON types",
      "proxy_identifier (phone): the number 12345",
      set("proxy_identifier", 12345),
      ["phone"],
    ),
  ];
}

function dateEdits(): Edit[] {
  const rows: [string, string, string][] = [
    ["valid forms", "+00:00", "2015-07-30T20:00:00+00:00"],
    ["valid forms", "lower-case t and z", "2015-07-30t20:00:00z"],
    ["valid forms", "a tenth of a second", "2015-07-30T20:00:00.1Z"],
    ["valid forms", "nanoseconds", "2015-07-30T20:00:00.123456789Z"],
    ["valid forms", "year 0000", "0000-01-01T00:00:00Z"],
    ["offsets", "-00:00", "2015-07-30T20:00:00-00:00"],
    ["offsets", "+05:30", "2015-07-30T20:00:00+05:30"],
    ["offsets", "-07:00", "2015-07-30T13:00:00-07:00"],
    ["offsets", "+0000 (no colon)", "2015-07-30T20:00:00+0000"],
    ["offsets", "+00 (no minutes)", "2015-07-30T20:00:00+00"],
    ["offsets", "no offset", "2015-07-30T20:00:00"],
    ["offsets", "+24:00", "2015-07-30T20:00:00+24:00"],
    ["offsets", "+23:59", "2015-07-30T20:00:00+23:59"],
    ["offsets", "-00:60", "2015-07-30T20:00:00-00:60"],
    ["separators", "a space", "2015-07-30 20:00:00Z"],
    ["separators", "a tab", "2015-07-30\t20:00:00Z"],
    ["separators", "a newline", "2015-07-30\n20:00:00Z"],
    ["separators", "an NBSP", "2015-07-30\u00A020:00:00Z"],
    ["separators", "an underscore", "2015-07-30_20:00:00Z"],
    ["ranges", "month 00", "2015-00-30T20:00:00Z"],
    ["ranges", "month 13", "2015-13-30T20:00:00Z"],
    ["ranges", "day 00", "2015-07-00T20:00:00Z"],
    ["ranges", "day 32", "2015-07-32T20:00:00Z"],
    ["ranges", "30 February", "2016-02-30T20:00:00Z"],
    ["ranges", "31 April", "2015-04-31T20:00:00Z"],
    ["ranges", "31 December", "2015-12-31T20:00:00Z"],
    ["ranges", "29 February of a common year", "2015-02-29T20:00:00Z"],
    ["ranges", "29 February of a leap year", "2016-02-29T20:00:00Z"],
    ["ranges", "29 February 1900 (not a leap year)", "1900-02-29T20:00:00Z"],
    ["ranges", "29 February 2000 (a leap year)", "2000-02-29T20:00:00Z"],
    ["ranges", "hour 24", "2015-07-30T24:00:00Z"],
    ["ranges", "minute 60", "2015-07-30T20:60:00Z"],
    ["ranges", "second 60 at 23:59 UTC (a leap second)", "2016-12-31T23:59:60Z"],
    ["ranges", "second 61", "2015-07-30T20:00:61Z"],
    ["shapes", "a date only", "2015-07-30"],
    ["shapes", "no seconds", "2015-07-30T20:00Z"],
    ["shapes", "a dot and no digits", "2015-07-30T20:00:00.Z"],
    ["shapes", "a comma before the fraction", "2015-07-30T20:00:00,5Z"],
    ["shapes", "RFC 2822", "Thu, 30 Jul 2015 20:00:00 +0000"],
    ["shapes", "a five-digit year", "10000-07-30T20:00:00Z"],
    ["shapes", "Arabic-Indic digits in the year", "\u0662\u0660\u0661\u0665-07-30T20:00:00Z"],
    ["shapes", "a trailing newline", "2015-07-30T20:00:00Z\n"],
  ];
  return DATE_FIELDS.flatMap((field) =>
    rows.map(([cause, what, value]) => edit(`${field}: ${cause}`, `${field}: ${what}`, set(field, value))),
  );
}

function urlEdits(): Edit[] {
  const url = (origin: string, path = PATH) => `${origin}${path}`;
  const rows: [string, string, string][] = [
    ["valid forms", "another host", url("https://example.com")],
    ["valid forms", "http and a port", url("http://127.0.0.1:8080")],
    ["valid forms", "an IPv6 host", url("http://[::1]:3000")],
    ["valid forms", "an upper-case host", url("https://PROXY.TWILIO.COM")],
    ["valid forms", "a punycode host", url("https://xn--prxy-7qa.example")],
    ["valid forms", "a percent-encoded host", url("https://%70roxy.example")],
    ["repaired by a URL parser", "https:/ (one slash)", url(`https:/${HOST}`)],
    ["repaired by a URL parser", "https: (no slashes)", url(`https:${HOST}`)],
    ["repaired by a URL parser", "three slashes", url(`https:///${HOST}`)],
    ["repaired by a URL parser", "an empty query", `${url(`https://${HOST}`)}?`],
    ["repaired by a URL parser", "an empty fragment", `${url(`https://${HOST}`)}#`],
    ["repaired by a URL parser", "a /./ segment", url(`https://${HOST}`, PATH.replace("/Sessions", "/./Sessions"))],
    ["repaired by a URL parser", "a /../ segment", url(`https://${HOST}`, PATH.replace("/Sessions", "/x/../Sessions"))],
    ["repaired by a URL parser", "an upper-case scheme", url(`HTTPS://${HOST}`)],
    ["repaired by a URL parser", "a tab inside", url(`https://proxy.\ttwilio.com`)],
    ["repaired by a URL parser", "a leading space", ` ${url(`https://${HOST}`)}`],
    ["repaired by a URL parser", "backslashes for slashes", url(`https:\\\\${HOST}`)],
    ["repaired by a URL parser", "a default port", url(`https://${HOST}:443`)],
    ["repaired by a URL parser", "an empty port", url(`https://${HOST}:`)],
    ["hosts", "a non-ASCII host (prøxy)", url("https://pr\u00F8xy.twilio.com")],
    ["hosts", "a bad percent escape (%zz)", url("https://%zz.twilio.com")],
    ["hosts", "a bracketed non-address ([zz])", url("https://[zz]")],
    ["hosts", "a backslash in the authority", url("https://proxy\\twilio.com")],
    ["hosts", "user info", url(`https://user:pass@${HOST}`)],
    ["hosts", "a letter in the port", url(`https://${HOST}:8o`)],
    ["hosts", "a space in the host", url("https://proxy twilio.com")],
    ["shapes", "a trailing slash", `${url(`https://${HOST}`)}/`],
    ["shapes", "a query", `${url(`https://${HOST}`)}?a=b`],
    ["shapes", "a fragment", `${url(`https://${HOST}`)}#x`],
    ["shapes", "a relative URL", PATH],
    ["shapes", "ftp", url(`ftp://${HOST}`)],
    ["shapes", "a percent-encoded path", url(`https://${HOST}`, PATH.replace("/v1/", "/%76%31/"))],
    ["cross-field: SIDs", "another participant's URL", url(`https://${HOST}`, participantPath(otherRef))],
  ];
  return rows.map(([cause, what, value]) => edit(`url: ${cause}`, `url: ${what}`, setUrl(value)));
}

function linkEdits(): Edit[] {
  const mi = (origin: string, path = PATH) => messageInteractionsUrl(`${origin}${path}`);
  const rows: [string, string, unknown][] = [
    ["links: JSON types", "links.message_interactions: null", null],
    ["links: JSON types", "links.message_interactions: a number", 1],
    ["links.message_interactions: shapes", "no /MessageInteractions", `https://${HOST}${PATH}`],
    ["links.message_interactions: shapes", "a trailing slash", `${mi(`https://${HOST}`)}/`],
    ["links.message_interactions: shapes", "lower-case messageinteractions", mi(`https://${HOST}`).toLowerCase()],
    ["links.message_interactions: repaired by a URL parser", "an empty query", `${mi(`https://${HOST}`)}?`],
    ["links.message_interactions: repaired by a URL parser", "https:/ (one slash)", mi(`https:/${HOST}`)],
    ["links.message_interactions: hosts", "a non-ASCII host", mi("https://pr\u00F8xy.twilio.com")],
    ["cross-field: url and links", "another host than url", mi("https://example.com")],
    ["cross-field: SIDs", "another participant's", mi(`https://${HOST}`, participantPath(otherRef))],
  ];
  return [
    ...rows.map(([cause, what, value]) => edit(cause, what, setLink(value))),
    edit("links: JSON types", "links: an extra key", (body) => {
      body.links = { ...(body.links as object), other: "x" };
    }),
    edit("links: JSON types", "links: no message_interactions", set("links", { other: "x" })),
    edit("url and links: url null", "url: null, links unchanged", set("url", null)),
    edit("cross-field: SIDs", "url: null, links another participant's", (body) => {
      body.url = null;
      body.links = { message_interactions: mi(`https://${HOST}`, participantPath(otherRef)) };
    }),
  ];
}

/** A value nested `depth` arrays deep (the outermost array is level 1). */
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** Adds an extra key whose string value holds raw bytes between "a" and "b". */
function rawInString(raw: number[] | string): (bytes: Buffer) => Buffer {
  return (bytes) =>
    Buffer.concat([
      bytes.subarray(0, bytes.length - 1),
      Buffer.from(',"extra":"a'),
      typeof raw === "string" ? Buffer.from(raw, "utf8") : Buffer.from(raw),
      Buffer.from('b"}'),
    ]);
}

/** Puts JSON text in place of the value of an extra key `extra`. */
function extraRaw(json: string): (bytes: Buffer) => Buffer {
  return (bytes) => Buffer.from(bytes.toString("utf8").replace(/}$/, `,"extra":${json}}`), "utf8");
}

function bodyEdits(): Edit[] {
  const bytes = (cause: string, name: string, transform: (b: Buffer) => Buffer): Edit => ({
    cause,
    name,
    bytes: transform,
  });
  return [
    bytes("body: byte-order mark", "a UTF-8 byte-order mark first", (b) =>
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
    ),
    bytes("body: whitespace", "spaces and newlines around the JSON", (b) => Buffer.from(` \n${b.toString()}\r\n\t`)),
    bytes("body: not JSON", "trailing text after the JSON", (b) => Buffer.from(`${b.toString()}x`)),
    bytes("body: not JSON", "a second JSON value", (b) => Buffer.from(`${b.toString()}{}`)),
    bytes("body: not JSON", "a raw tab inside a string", (b) =>
      Buffer.from(b.toString().replace("friendly", "friend\tly")),
    ),
    bytes("body: not JSON", "an empty body", () => Buffer.alloc(0)),
    bytes("body: not an object", "an array", (b) => Buffer.from(`[${b.toString()}]`)),
    bytes("body: not an object", "null", () => Buffer.from("null")),
    bytes("body: raw bytes", "a raw lone surrogate (ED A0 80) in a string", rawInString([0xed, 0xa0, 0x80])),
    bytes("body: raw bytes", "an invalid byte FF in a string", rawInString([0xff])),
    bytes("body: raw bytes", "an overlong encoding (C0 AF)", rawInString([0xc0, 0xaf])),
    bytes("body: raw bytes", "a raw U+2028 in a string", rawInString("\u2028")),
    bytes("body: surrogates", "an escaped lone high surrogate in an extra key", extraRaw('"\\ud800"')),
    bytes("body: surrogates", "an escaped lone low surrogate in an extra key", extraRaw('"a\\udc00b"')),
    bytes("body: surrogates", "two high surrogates in an extra key", extraRaw('"\\ud800\\ud800"')),
    bytes("body: surrogates", "an escaped surrogate pair in an extra key", extraRaw('"\\ud83d\\ude00"')),
    bytes("body: surrogates", "a lone surrogate in a key", (b) =>
      Buffer.from(b.toString().replace(/}$/, ',"\\ud800":1}')),
    ),
    bytes("body: nesting", "127 levels deep (the Pact verifier's limit)", extraRaw(nested(126))),
    bytes("body: nesting", "128 levels deep", extraRaw(nested(127))),
    bytes("body: nesting", "10,000 levels deep", extraRaw(nested(9_999))),
    bytes("body: nesting", "10,000 levels deep, unclosed", (b) =>
      Buffer.from(b.toString().replace(/}$/, `,"extra":${"[".repeat(10_000)}}`)),
    ),
    bytes("body: numbers", "a number beyond a double (1e400)", extraRaw("1e400")),
    bytes("body: numbers", "a number beyond a double (-1e400)", extraRaw("-1e400")),
    bytes("body: numbers", "the largest double (1.7976931348623157e308)", extraRaw("1.7976931348623157e308")),
    bytes("body: numbers", "2^64 (beyond 64-bit integers)", extraRaw("18446744073709551616")),
    bytes("body: numbers", "a tiny number (1e-400)", extraRaw("1e-400")),
    bytes("body: numbers", "minus zero", extraRaw("-0")),
    bytes("body: numbers", "a 400-digit integer", extraRaw("1".repeat(400))),
    bytes("body: duplicate keys", "sid twice, the second wrong", (b) =>
      Buffer.from(b.toString().replace(/}$/, `,"sid":"KX${"a".repeat(32)}"}`)),
    ),
    bytes("body: duplicate keys", "sid twice, the first wrong", (b) =>
      Buffer.from(`{"sid":"KX${"a".repeat(32)}",${b.toString().slice(1)}`),
    ),
    bytes("body: duplicate keys", "account_sid twice, a stale one first (both well-formed)", (b) =>
      Buffer.from(`{"account_sid":"AC${"b".repeat(32)}",${b.toString().slice(1)}`),
    ),
    bytes("body: duplicate keys", "message_interactions twice inside links, the same value", (b) =>
      Buffer.from(b.toString().replace(/"links":\{("message_interactions":"[^"]*")/, '"links":{$1,$1')),
    ),
    bytes(
      "body: duplicate keys",
      "sid inside an extra object as well: each object names it once",
      extraRaw('{"sid":1}'),
    ),
    edit("body: extra keys", "an extra key", set("extra", { nested: [1, "two", null] })),
    edit("body: extra keys", "a __proto__ key", (body) => {
      Object.defineProperty(body, "__proto__", { value: { sid: null }, enumerable: true });
    }),
  ];
}

/** Every edit of the table, in a stable order. */
export function allEdits(): Edit[] {
  return [
    ...typeEdits(),
    ...sidEdits(),
    ...friendlyNameEdits(),
    ...identifierEdits(),
    ...dateEdits(),
    ...urlEdits(),
    ...linkEdits(),
    ...bodyEdits(),
  ];
}
