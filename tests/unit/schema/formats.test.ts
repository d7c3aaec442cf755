/**
 * The date-time format is our own (src/formats.ts): RFC 3339 exactly, without leap
 * seconds, where ajv-formats' is lenient. The schemas write the same format out as
 * patterns (the form the Pact verifier runs); property tests hold the readable code and
 * the patterns to the same verdicts on values drawn around every edge.
 */
import { fullFormats } from "ajv-formats/dist/formats.js";
import { expect } from "chai";
import fc from "fast-check";
import { compareInstants, dateTime, instantOf } from "../../../src/schema/formats.js";
import { dateTimeLike, schemaFile } from "../../support/schema.js";

const defs = schemaFile("participant.schema.json").$defs ?? {};
// The u flag, as ajv compiles patterns; the patterns use ASCII classes, so Rust's engine reads them alike.
const anyOffset = new RegExp(String(defs.DateTimeOrNull?.pattern), "u");
const gmt = new RegExp(String(defs.GmtDateTimeOrNull?.pattern), "u");
const lenient = (fullFormats["date-time"] as { validate: (s: string) => boolean }).validate;

/** Every instant from 0001 to 9999, as toISOString writes it (real dates, leap days included). */
const realInstant = fc
  .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());

describe("src/formats.ts date-time, and the schemas' date-time patterns", () => {
  const properties: [name: string, arbitrary: fc.Arbitrary<string>, holds: (s: string) => boolean][] = [
    ["the any-offset pattern gives the format's verdict", dateTimeLike, (s) => anyOffset.test(s) === dateTime(s)],
    [
      "the GMT pattern is the format with Z or +00:00",
      dateTimeLike,
      (s) => gmt.test(s) === (dateTime(s) && /(?:[Zz]|\+00:00)$/.test(s)),
    ],
    [
      "every real instant is valid, in both patterns",
      realInstant,
      (s) => dateTime(s) && anyOffset.test(s) && gmt.test(s),
    ],
    ["the format accepts nothing ajv-formats' lenient one rejects", dateTimeLike, (s) => !dateTime(s) || lenient(s)],
    ["on any string too, the pattern and the format agree", fc.string(), (s) => anyOffset.test(s) === dateTime(s)],
  ];
  for (const [name, arbitrary, holds] of properties) {
    it(name, () => fc.assert(fc.property(arbitrary, holds), { numRuns: 2000 }));
  }

  const samples: [value: string, valid: boolean, why: string][] = [
    ["2015-07-30T20:00:00Z", true, "the reference's form"],
    ["2015-07-30t20:00:00z", true, "RFC 3339 allows a lower-case t and z"],
    ["2015-07-30T13:00:00.123456-07:00", true, "fractions and an offset"],
    ["2016-02-29T00:00:00Z", true, "29 February of a leap year"],
    ["2000-02-29T00:00:00Z", true, "2000 is a leap year (divisible by 400)"],
    ["1900-02-29T00:00:00Z", false, "1900 is not (divisible by 100)"],
    ["2015-02-29T00:00:00Z", false, "29 February of a common year"],
    ["2015-04-31T00:00:00Z", false, "31 April"],
    ["2015-07-30T24:00:00Z", false, "hour 24"],
    ["2016-12-31T23:59:60Z", false, "a leap second: Unix time, where Twilio's dates come from, has none"],
    ["2015-07-30T20:00:00+24:00", false, "offset +24:00"],
    ["2015-07-30 20:00:00Z", false, "a space for the T: ajv-formats accepts it"],
    ["2015-07-30T20:00:00+0000", false, "an offset without a colon: ajv-formats accepts it"],
    ["2015-07-30T20:00:00+00", false, "an offset without minutes: ajv-formats accepts it"],
    ["2015-07-30T20:00:00", false, "no offset"],
  ];
  for (const [value, valid, why] of samples) {
    it(`${JSON.stringify(value)} is ${valid ? "valid" : "invalid"}: ${why}`, () => {
      expect([dateTime(value), anyOffset.test(value)]).to.deep.equal([valid, valid]);
    });
  }
});

describe("src/formats.ts instantOf: the order of two dates, offsets applied (the date rules compare with it)", () => {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  /** An instant written at an offset of whole minutes, as RFC 3339 writes it, and its time in ms. */
  const written = fc
    .tuple(
      fc.date({ min: new Date("1970-01-02T00:00:00Z"), max: new Date("9998-12-30T23:59:59Z"), noInvalidDate: true }),
      fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    )
    .map(([date, offsetMinutes]) => {
      const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().replace(/Z$/, "");
      const abs = Math.abs(offsetMinutes);
      const zone = `${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
      return { text: `${local}${zone}`, ms: date.getTime() };
    });
  it(`two dates at any offsets order as the instants they name (seed ${seed})`, () =>
    fc.assert(
      fc.property(written, written, (a, b) => {
        const [ia, ib] = [instantOf(a.text), instantOf(b.text)];
        expect(ia && ib, `${a.text} ${b.text}`).to.be.ok;
        expect(Math.sign(compareInstants(ia as never, ib as never))).to.equal(Math.sign(a.ms - b.ms));
      }),
      { numRuns: 500, seed },
    ));

  const cases: [string, string, string, number][] = [
    ["the same instant", "2015-07-30T20:00:00Z", "2015-07-30T20:00:00+00:00", 0],
    ["trailing zeros in a fraction", "2015-07-30T20:00:00.500Z", "2015-07-30T20:00:00.5Z", 0],
    ["a nanosecond later", "2015-07-30T20:00:00.000000001Z", "2015-07-30T20:00:00Z", 1],
    ["year 0001 before 1970", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", -1],
    ["year 0050 is not 1950", "0050-01-01T00:00:00Z", "1949-01-01T00:00:00Z", -1],
    ["+05:30 is earlier than Z for the same wall time", "2015-07-30T20:00:00+05:30", "2015-07-30T20:00:00Z", -1],
  ];
  for (const [name, a, b, sign] of cases)
    it(`${name}: ${a} ${sign < 0 ? "<" : sign > 0 ? ">" : "="} ${b}`, () =>
      expect(Math.sign(compareInstants(instantOf(a) as never, instantOf(b) as never))).to.equal(sign));
  it("not a date-time: undefined", () => expect(instantOf("2015-07-30T24:00:00Z")).to.equal(undefined));
});
