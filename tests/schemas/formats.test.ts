/**
 * src/formats.ts promises the same verdicts as ajv-formats' full `date-time` and `uri`
 * checks, only faster. Property tests hold it to that: on generated values near the
 * fast paths' edges, and on arbitrary strings, both checks must agree.
 */

import { createRequire } from "node:module";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { expect } from "chai";
import fc from "fast-check";
import { dateTime, uri } from "../../src/formats.js";
import { ucs2length } from "../../src/ucs2length.js";

const fullDateTime = (fullFormats["date-time"] as { validate: (s: string) => boolean }).validate;
const fullUri = fullFormats.uri as (s: string) => boolean;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Date-times with every part drawn from a range a little wider than valid, so both verdicts occur. */
const dateTimeLike = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.stringMatching(/^\.[0-9]{1,6}$/), { nil: undefined }),
    separator: fc.constantFrom("T", "t", " ", "_"),
    zone: fc.constantFrom("Z", "z", "+00:00", "-05:30", "+24:00", "+05", "+0530", "", "+23:59", "-00:60"),
  })
  .map(
    (p) =>
      `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}${p.separator}${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.fraction ?? ""}${p.zone}`,
  );

const urlLike = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom("http", "https", "HTTP", "ftp", "urn", ""),
      fc.constantFrom("://", ":", "//"),
      fc.stringMatching(/^[a-zA-Z0-9.\-_~%:@ []{}|^`"<>]{0,20}$/),
      fc.stringMatching(/^(\/[a-zA-Z0-9.\-_~%:@!$&'()*+,;= ?#[\]{}|^`"<>]{0,12}){0,4}$/),
    )
    .map(([scheme, sep, host, path]) => `${scheme}${sep}${host}${path}`),
);

describe("src/formats.ts: fast paths with the full checks' verdicts", () => {
  const cases: [
    name: string,
    arbitrary: fc.Arbitrary<string>,
    fast: (s: string) => boolean,
    full: (s: string) => boolean,
  ][] = [
    ["date-time on date-time-like strings", dateTimeLike, dateTime, fullDateTime],
    ["date-time on any string", fc.string(), dateTime, fullDateTime],
    ["uri on URL-like strings", urlLike, uri, fullUri],
    ["uri on any string", fc.string(), uri, fullUri],
  ];
  for (const [name, arbitrary, fast, full] of cases) {
    it(`${name}: same verdict`, () => {
      fc.assert(
        fc.property(arbitrary, (value) => fast(value) === full(value)),
        { numRuns: 2000 },
      );
    });
  }

  const samples: [value: string, valid: boolean][] = [
    ["2015-07-30T20:00:00Z", true],
    ["2016-02-29T00:00:00Z", true],
    ["2015-02-29T00:00:00Z", false],
    ["2015-04-31T00:00:00Z", false],
    ["2015-07-30T20:00:00", false],
    ["https://proxy.twilio.com/v1/Services/KSa/Sessions/KCa/Participants/KPa", true],
    ["/v1/Services", false],
  ];
  for (const [value, valid] of samples) {
    it(`${JSON.stringify(value)} is ${valid ? "valid" : "invalid"}`, () => {
      const check = value.includes(":") && /^\d/.test(value) ? dateTime : uri;
      expect(check(value)).to.equal(valid);
    });
  }
});

describe("src/ucs2length.ts: ajv's code-point count, faster", () => {
  const ajvCount = (
    createRequire(import.meta.url)("ajv/dist/runtime/ucs2length.js") as { default: (s: string) => number }
  ).default;
  const surrogates = fc.constantFrom("\uD83D", "\uDE00", "\uD83D\uDE00", "a", "é", "\uDBFF", "\uDC00");
  const cases: [name: string, arbitrary: fc.Arbitrary<string>][] = [
    ["any UTF-16 string", fc.string({ unit: "binary" })],
    ["graphemes (emoji, combining marks)", fc.string({ unit: "grapheme" })],
    ["lone and paired surrogates", fc.array(surrogates).map((parts) => parts.join(""))],
  ];
  for (const [name, arbitrary] of cases) {
    it(`${name}: the same count`, () => {
      fc.assert(
        fc.property(arbitrary, (text) => ucs2length(text) === ajvCount(text)),
        { numRuns: 1000 },
      );
    });
  }
});
