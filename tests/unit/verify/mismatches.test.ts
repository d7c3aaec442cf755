/**
 * The verifier's mismatches read into findings in the schema's words: a table of what the
 * Rust verifier writes, and every regex this suite's pacts hold has words.
 */
import { readdirSync, readFileSync } from "node:fs";
import { expect } from "chai";
import type { Finding } from "../../../src/core/findings.js";
import { CONTENT_TYPE_PATTERN } from "../../../src/pact/patterns.js";
import { mismatchesToFindings, pactRegexWords, type VerifierMismatch } from "../../../src/verify/pact/mismatches.js";

const GMT =
  "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?(?:[Zz]|\\+00:00)$";

const rows: [name: string, mismatches: VerifierMismatch[], findings: Finding[]][] = [
  [
    "a status",
    [{ type: "StatusMismatch", actual: 200, expected: 404, mismatch: "expected 404 but was 200" }],
    [
      {
        kind: "status",
        field: "status",
        rule: "must be 404",
        actual: 200,
        expected: { keyword: "status", value: 404 },
      },
    ],
  ],
  [
    "the body type and the Content-Type header: one finding",
    [
      {
        type: "BodyTypeMismatch",
        actual: "text/html",
        expected: "application/json",
        mismatch: "Expected a body of 'application/json' but the actual content type was 'text/html'",
      },
      {
        type: "HeaderMismatch",
        key: "Content-Type",
        actual: "text/html",
        expected: "application/json",
        mismatch: `Mismatch with header 'Content-Type': Expected 'text/html' to match '${CONTENT_TYPE_PATTERN}'`,
      },
    ],
    [
      {
        kind: "header",
        field: "content-type",
        rule: "must be application/json (any letter case, charset allowed)",
        actual: "text/html",
        expected: { keyword: "pattern", value: CONTENT_TYPE_PATTERN },
      },
    ],
  ],
  [
    "a date without its zone, its null alternative dropped",
    [
      {
        type: "BodyMismatch",
        path: "$.date_updated",
        actual: '"2015-07-30T20:00:00"',
        expected: '"2015-07-30T20:00:00Z"',
        mismatch: `Expected '2015-07-30T20:00:00' to match '${GMT}'`,
      },
      {
        type: "BodyMismatch",
        path: "$.date_updated",
        actual: '"2015-07-30T20:00:00"',
        mismatch: "Expected '2015-07-30T20:00:00' (String) to be a null value",
      },
    ],
    [
      {
        kind: "body",
        field: "date_updated",
        pointer: "/date_updated",
        rule: "must be an RFC 3339 date-time in GMT (Z or +00:00)",
        actual: "2015-07-30T20:00:00",
        expected: { keyword: "pattern", value: GMT },
      },
    ],
  ],
  [
    "missing keys: one finding each, as the schema says it",
    [{ type: "BodyMismatch", path: "$", mismatch: "Actual map is missing the following keys: sid, url" }],
    [
      { kind: "body", field: "sid", pointer: "/sid", rule: "is required" },
      { kind: "body", field: "url", pointer: "/url", rule: "is required" },
    ],
  ],
  [
    "a regex nobody wrote: never quoted",
    [{ type: "BodyMismatch", path: "$.x", actual: '"a"', mismatch: "Expected 'a' to match '^b+$'" }],
    [
      {
        kind: "body",
        field: "x",
        pointer: "/x",
        rule: "must be in the form the pact's pattern gives",
        actual: "a",
        expected: { keyword: "pattern", value: "^b+$" },
      },
    ],
  ],
];

describe("pact mismatches: one vocabulary", () => {
  for (const [name, mismatches, findings] of rows) {
    it(name, () => expect(mismatchesToFindings(mismatches)).to.deep.equal(findings));
  }
});

describe("pact mismatches: every regex in this suite's pacts has the schema's words", () => {
  const regexes = new Set<string>();
  const visit = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "regex" && typeof value === "string") regexes.add(value);
      else visit(value);
    }
  };
  const dir = new URL("../../../contracts/", import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")))
    visit(JSON.parse(readFileSync(new URL(file, dir), "utf8")));
  for (const regex of regexes) {
    it(`${regex.length > 50 ? `${regex.slice(0, 49)}…` : regex}`, () =>
      expect(pactRegexWords(regex)).to.be.a("string"));
  }
});
