/**
 * Property-based: participants generated from the schema's own patterns and limits all
 * validate; breaking any single field is always caught, and the violation names that
 * field and no other.
 */
import { expect } from "chai";
import fc from "fast-check";
import { formatViolation } from "../../../src/core/violation.js";
import { validate } from "../../../src/schema/validate.js";
import { numberKeyword, propertyOf, type SchemaNode, SID_FIELDS, schemaFile, sidDefOf } from "../../support/schema.js";

const PARTICIPANT = "participant.schema.json";
const RUNS = { numRuns: 200 };
const CORRUPTION_RUNS = { numRuns: 60 };

const participantSchema = schemaFile(PARTICIPANT);
const defs = participantSchema.$defs ?? {};
const matching = (node: SchemaNode | undefined) => fc.stringMatching(new RegExp(String(node?.pattern)));
const maxLengthOf = (key: string) => numberKeyword(propertyOf(PARTICIPANT, key), "maxLength");
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 6 });

type SidField = (typeof SID_FIELDS)[number];
const sid = (key: SidField) => matching(sidDefOf(key));

/** Any instant, written the ways RFC 3339 allows with the given offsets, with or without fractions. */
const dateTimeIn = (zones: string[]) =>
  fc
    .tuple(
      fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2999-12-31T23:59:59Z"), noInvalidDate: true }),
      fc.constantFrom(...zones),
      fc.boolean(),
    )
    .map(([date, zone, fraction]) => {
      const iso = date.toISOString();
      return (fraction ? iso : iso.replace(/\.\d+Z$/, "Z")).replace(/Z$/, zone);
    });
/** date_created and date_updated are in GMT (the reference); date_deleted may carry any offset. */
const gmtDateTime = dateTimeIn(["Z", "z", "+00:00"]);
const dateTime = dateTimeIn(["Z", "+00:00", "-07:00", "+05:30"]);

/**
 * Strings of any Unicode code points, counted as the schema counts them. Built from code
 * points rather than fc.string's "binary" unit, whose first use costs about 0.8 s.
 */
const codePoint = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff);
const codePoints = (length: { minLength?: number; maxLength: number }) =>
  fc.array(codePoint, length).map((points) => String.fromCodePoint(...points));
/** Any length up to the field's maxLength, with the boundary itself always in reach. */
const text = (key: string) =>
  fc.oneof(
    codePoints({ maxLength: maxLengthOf(key) }),
    codePoints({ minLength: maxLengthOf(key) - 2, maxLength: maxLengthOf(key) }),
  );
/** Absolute http(s) URLs; fc.webUrl would do, but its first use costs about 0.8 s. */
const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/);
const absoluteUrl = fc
  .tuple(fc.constantFrom("https", "http"), fc.domain(), fc.array(segment, { maxLength: 6 }))
  .map(([scheme, host, path]) => `${scheme}://${host}/${path.join("/")}`);

/** One generator per key of the resource; the first test checks it covers the schema's keys. */
const fields: Record<string, fc.Arbitrary<unknown>> = {
  sid: nullable(sid("sid")),
  session_sid: nullable(sid("session_sid")),
  service_sid: nullable(sid("service_sid")),
  account_sid: nullable(sid("account_sid")),
  friendly_name: nullable(text("friendly_name")),
  identifier: nullable(text("identifier")),
  proxy_identifier: nullable(codePoints({ maxLength: 40 })),
  proxy_identifier_sid: nullable(sid("proxy_identifier_sid")),
  date_deleted: nullable(dateTime),
  date_created: nullable(gmtDateTime),
  date_updated: nullable(gmtDateTime),
  url: nullable(absoluteUrl),
  links: nullable(absoluteUrl.map((url) => ({ message_interactions: url }))),
};

const participant = fc.record(fields) as fc.Arbitrary<Record<string, unknown>>;
const phone = fc
  .tuple(participant, matching(defs.e164), fc.oneof(matching(defs.e164), matching(defs.shortCode)))
  .map(([body, identifier, proxyIdentifier]) => ({ ...body, identifier, proxy_identifier: proxyIdentifier }));
const messenger = fc
  .tuple(participant, matching(defs.messengerAddress), matching(defs.messengerAddress))
  .map(([body, identifier, proxyIdentifier]) => ({ ...body, identifier, proxy_identifier: proxyIdentifier }));

const shown = (schema: Parameters<typeof validate>[0], body: unknown) => validate(schema, body).map(formatViolation);

describe("properties: generated valid participants", () => {
  it("the generators cover exactly the schema's keys", () =>
    expect(Object.keys(fields)).to.have.members(Object.keys(participantSchema.properties ?? {})));

  const cases = [
    ["participant", participant],
    ["strict", participant],
    ["phone", phone],
    ["messenger", messenger],
  ] as const;
  for (const [schema, arbitrary] of cases) {
    it(`every generated ${schema === "strict" ? "participant" : schema} body fits ${schema}`, () =>
      fc.assert(
        fc.property(arbitrary, (body) => {
          expect(shown(schema, body)).to.deep.equal([]);
        }),
        RUNS,
      ));
  }
});

/** A JSON value of another type than a string (nor null). */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);

/** A valid SID broken in one way: a non-hex character, another prefix, or the wrong length. */
const brokenSid = (key: SidField) =>
  fc.oneof(
    fc
      .tuple(sid(key), fc.integer({ min: 2, max: 33 }), fc.constantFrom("g", "Z", "-", " ", "é"))
      .map(([s, at, bad]) => s.slice(0, at) + bad + s.slice(at + 1)),
    fc
      .tuple(sid(key), fc.stringMatching(/^[A-Z]{2}$/))
      .filter(([s, p]) => !s.startsWith(p))
      .map(([s, p]) => p + s.slice(2)),
    fc.tuple(sid(key), fc.integer({ min: 1, max: 33 })).map(([s, keep]) => s.slice(0, keep)),
    fc.tuple(sid(key), fc.stringMatching(/^[0-9a-f]{1,5}$/)).map(([s, more]) => s + more),
  );

const tooLong = (key: string) => codePoints({ minLength: maxLengthOf(key) + 1, maxLength: maxLengthOf(key) + 20 });

/** Dates that lose what RFC 3339 requires: the zone, the time, the T, the offset's colon, or the format itself. */
const brokenDateTime = fc.oneof(
  dateTime.map((d) => d.slice(0, 19)),
  dateTime.map((d) => d.slice(0, 10)),
  dateTime.map((d) => d.replace("T", " ")),
  dateTime.map((d) => d.replace(/Z$|[+-]\d\d:\d\d$/, "+0000")),
  fc.constantFrom("yesterday", "", "1438286400", "2015-02-29T00:00:00Z", "2016-12-31T23:59:60Z"),
);
/** Valid date-times, but not in GMT. */
const notGmt = dateTimeIn(["-07:00", "+05:30", "-00:00"]);

const relativeUrl = fc.array(segment, { maxLength: 6 }).map((path) => `/${path.join("/")}`);

/** Per key: the ways to break it, and the field the violation must name. */
const corruptions: Record<string, { field: string; value: fc.Arbitrary<unknown> }[]> = {
  ...Object.fromEntries(
    SID_FIELDS.map((key) => [
      key,
      [
        { field: key, value: notAString },
        { field: key, value: brokenSid(key) },
      ],
    ]),
  ),
  friendly_name: [
    { field: "friendly_name", value: notAString },
    { field: "friendly_name", value: tooLong("friendly_name") },
  ],
  identifier: [
    { field: "identifier", value: notAString },
    { field: "identifier", value: tooLong("identifier") },
  ],
  proxy_identifier: [{ field: "proxy_identifier", value: notAString }],
  date_deleted: [
    { field: "date_deleted", value: notAString },
    { field: "date_deleted", value: brokenDateTime },
  ],
  ...Object.fromEntries(
    ["date_created", "date_updated"].map((key) => [
      key,
      [
        { field: key, value: notAString },
        { field: key, value: brokenDateTime },
        { field: key, value: notGmt },
      ],
    ]),
  ),
  url: [
    { field: "url", value: notAString },
    { field: "url", value: relativeUrl },
  ],
  links: [
    { field: "links", value: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(fc.integer())) },
    { field: "links.message_interactions", value: fc.constant({}) },
    { field: "links.message_interactions", value: relativeUrl.map((url) => ({ message_interactions: url })) },
    { field: "links.message_interactions", value: notAString.map((v) => ({ message_interactions: v })) },
  ],
};

describe("properties: one corrupted field is rejected, naming that field only", () => {
  it("every key of the schema has corruptions", () =>
    expect(Object.keys(corruptions)).to.have.members(Object.keys(participantSchema.properties ?? {})));

  for (const [key, ways] of Object.entries(corruptions)) {
    it(key, () =>
      fc.assert(
        fc.property(
          participant,
          fc.oneof(
            fc.constant({ field: key, value: undefined }),
            ...ways.map(({ field, value }) => value.map((v) => ({ field, value: v }))),
          ),
          (body, corruption) => {
            const broken = { ...body };
            // undefined stands for the key removed: every key is required.
            if (corruption.value === undefined) delete broken[key];
            else broken[key] = corruption.value;
            const found = validate("participant", broken);
            expect(found, "rejected").not.to.deep.equal([]);
            expect(
              found.map((v) => v.field),
              found.map(formatViolation).join("; "),
            ).to.satisfy((names: string[]) => names.every((name) => name === corruption.field));
          },
        ),
        CORRUPTION_RUNS,
      ),
    );
  }
});
