/**
 * Edits with generated values, for the fuzz run: strings of code points around the
 * length limits, dates with every part drawn a little wider than valid, URLs with hosts
 * and forms drawn from what parsers repair, identifiers with every kind of Unicode
 * whitespace, SIDs near their shape, and any JSON value in any field.
 */
import fc from "fast-check";
import { exampleRef } from "../../../src/core/cases.js";
import { messageInteractionsUrl, participantPath } from "../../../src/core/resource.js";
import { dateTimeLike as dateTime } from "../../support/schema.js";
import type { Body, Edit } from "./edges.js";

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 50 ? `${text.slice(0, 49)}…` : text;
};

function setting(cause: string, field: string, value: unknown, change?: (body: Body) => void): Edit {
  return {
    cause,
    name: `${field}: ${shown(value)}`,
    change:
      change ??
      ((body) => {
        body[field] = value;
      }),
  };
}

/** Code points a validator may count or class differently: ASCII, astral, combining, whitespace, controls. */
const unicodeUnit = fc.constantFrom(
  "a",
  "1",
  " ",
  "\t",
  "\n",
  "\u0000",
  "\u007F",
  "\u0085",
  "\u00A0",
  "\u00E9",
  "e\u0301",
  "\u1680",
  "\u180E",
  "\u2000",
  "\u200B",
  "\u2028",
  "\u2029",
  "\u202F",
  "\u205F",
  "\u3000",
  "\uFEFF",
  "\uFFFD",
  "\u{1F600}",
  "\u{10FFFF}",
  "\uD800",
  "\uDC00",
);
const codePoints = (min: number, max: number) =>
  fc.array(unicodeUnit, { minLength: min, maxLength: max }).map((units) => units.join(""));

const PATH = participantPath(exampleRef);
const hostUnit = fc.constantFrom(
  "a",
  "Z",
  "0",
  ".",
  "-",
  "_",
  "~",
  "%41",
  "%zz",
  "%",
  "!",
  "'",
  "ø",
  "\\",
  "@",
  ":",
  "[",
  "]",
  " ",
);
const host = fc.oneof(
  fc.array(hostUnit, { minLength: 0, maxLength: 8 }).map((units) => units.join("")),
  fc.constantFrom("[::1]", "[::ffff:127.0.0.1]", "[v1.x]", "[zz]", "[1::2::3]", "127.0.0.1", "256.1.1.1"),
);
const url = fc
  .record({
    scheme: fc.constantFrom("https", "http", "HTTPS", "ftp"),
    slashes: fc.constantFrom("://", ":/", ":", ":///", ":\\\\"),
    host,
    port: fc.constantFrom("", ":", ":8080", ":443", ":65536", ":x"),
    path: fc.constantFrom(PATH, PATH.replace("/Sessions", "/./Sessions"), PATH.toLowerCase(), `${PATH}/`),
    suffix: fc.constantFrom("", "", "?", "#", "?a=b"),
  })
  .map((p) => `${p.scheme}${p.slashes}${p.host}${p.port}${p.path}${p.suffix}`);

const sid = (prefix: string) =>
  fc
    .tuple(
      fc.constantFrom(prefix, prefix.toLowerCase(), "ZZ"),
      fc.array(fc.constantFrom("a", "F", "0", "9", "g", "\u0663", " "), { minLength: 31, maxLength: 33 }),
    )
    .map(([p, digits]) => p + digits.join(""));

const digits = fc.array(fc.constantFrom("0", "1", "5", "9", "\u0661", "\uFF11"), { minLength: 0, maxLength: 17 });
const phoneNumber = fc.tuple(fc.constantFrom("+", "", " +"), digits).map(([plus, ds]) => plus + ds.join(""));
const messengerAddress = fc
  .tuple(fc.constantFrom("messenger:", "Messenger:", "messenger"), codePoints(0, 4), fc.integer({ min: 0, max: 190 }))
  .map(([prefix, odd, filler]) => `${prefix}${"1".repeat(filler)}${odd}`);

const FIELDS = [
  "sid",
  "session_sid",
  "service_sid",
  "account_sid",
  "friendly_name",
  "identifier",
  "proxy_identifier",
  "proxy_identifier_sid",
  "date_deleted",
  "date_created",
  "date_updated",
  "url",
  "links",
];

/** Generated edits, each on one field, each naming its cause after the field and the kind of value. */
export function generatedEdits(): fc.Arbitrary<Edit> {
  return fc.oneof(
    codePoints(250, 260).map((v) => setting("friendly_name: generated strings", "friendly_name", v)),
    fc
      .tuple(fc.constantFrom("date_created", "date_updated", "date_deleted"), dateTime)
      .map(([field, v]) => setting(`${field}: generated dates`, field, v)),
    url.map((v) =>
      setting("url: generated URLs", "url", v, (body) => {
        body.url = v;
        body.links = { message_interactions: messageInteractionsUrl(v) };
      }),
    ),
    fc
      .tuple(
        fc.constantFrom(["sid", "KP"], ["session_sid", "KC"], ["account_sid", "AC"], ["proxy_identifier_sid", "PN"]),
      )
      .chain(([[field, prefix]]) => sid(prefix ?? "").map((v) => setting(`${field}: generated SIDs`, field ?? "", v))),
    fc
      .tuple(fc.constantFrom("identifier", "proxy_identifier"), fc.oneof(phoneNumber, messengerAddress))
      .map(([field, v]) => setting(`${field}: generated identifiers`, field, v)),
    fc
      .tuple(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 2 }))
      .map(([field, v]) => setting(`${field}: generated JSON values`, field, v)),
  );
}
