/**
 * The regexes the pacts use, checked against what they translate: the resource's own
 * paths and URLs, the `uri` format's host syntax, and the schemas' length limits folded
 * into patterns. (The date patterns are the schemas' own: tests/schemas/formats.test.ts.)
 */

import { expect } from "chai";
import fc from "fast-check";
import { exampleAccountSid, exampleRef, STATE_PARAMS } from "../../../src/core/cases.js";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { HTTP_ORIGIN_PATTERN, participantPath } from "../../../src/core/resource.js";
import { PATH_EXPRESSION, participantBodyMatchers, stateParams } from "../../../src/pact/kit.js";
import {
  anyStringPattern,
  BASIC_AUTH_PATTERN,
  MESSAGE_INTERACTIONS_URL_PATTERN,
  PARTICIPANT_PATH_PATTERN,
  PARTICIPANT_URL_PATTERN,
  unanchored,
  withLengthLimits,
} from "../../../src/pact/patterns.js";
import { uri } from "../../../src/schema/formats.js";

const path = participantPath(exampleRef);
const otherPrefix = participantPath({ ...exampleRef, participantSid: `KX${exampleRef.participantSid.slice(2)}` });

function table(pattern: string, accept: string[], reject: string[]): void {
  // The u flag counts code points, as Rust's regex engine (the Pact verifier's) does.
  const regex = new RegExp(pattern, "u");
  for (const value of accept) it(`accepts ${JSON.stringify(value)}`, () => expect(regex.test(value)).to.equal(true));
  for (const value of reject) it(`rejects ${JSON.stringify(value)}`, () => expect(regex.test(value)).to.equal(false));
}

describe("pact patterns", () => {
  describe("PARTICIPANT_PATH_PATTERN", () => {
    table(PARTICIPANT_PATH_PATTERN, [path], [otherPrefix, `${path}/`, `/v2${path.slice(3)}`, `${path}?x=1`]);
  });

  describe("PARTICIPANT_URL_PATTERN (url: the resource's own URL as a server writes it, any host)", () => {
    table(
      PARTICIPANT_URL_PATTERN,
      [
        `https://proxy.twilio.com${path}`,
        `http://127.0.0.1:8080${path}`,
        `http://[::1]:3000${path}`,
        `https://PROXY.twilio.com${path}`,
        `https://%70roxy.example${path}`,
      ],
      [
        path,
        "",
        `ftp://proxy.twilio.com${path}`,
        `HTTPS://proxy.twilio.com${path}`,
        `https://proxy.twilio.com${otherPrefix}`,
        `https://h${path}?a=b`,
        `https://h${path}?`,
        `https://h${path}#`,
        `https:/proxy.twilio.com${path}`,
        `https:proxy.twilio.com${path}`,
        `https:///proxy.twilio.com${path}`,
        `https://proxy.twilio.com:${path}`,
        `https://user@proxy.twilio.com${path}`,
        `https://pr\u00F8xy.twilio.com${path}`,
        `https://%zz.twilio.com${path}`,
        `https://[zz]${path}`,
        `https://proxy\\twilio.com${path}`,
        `https://proxy.twilio.com${path.replace("/Sessions", "/./Sessions")}`,
      ],
    );
  });

  describe("MESSAGE_INTERACTIONS_URL_PATTERN", () => {
    table(
      MESSAGE_INTERACTIONS_URL_PATTERN,
      [`https://proxy.twilio.com${path}/MessageInteractions`],
      [`https://proxy.twilio.com${path}`, `https://proxy.twilio.com${path}/MessageInteractions/`],
    );
  });

  describe("HTTP_ORIGIN_PATTERN: the uri format's host syntax", () => {
    const origin = new RegExp(`^${HTTP_ORIGIN_PATTERN}$`, "u");
    const hostUnit = fc.constantFrom(
      "a",
      "Z",
      "0",
      ".",
      "-",
      "_",
      "~",
      "!",
      "'",
      "%41",
      "%zz",
      "%",
      "ø",
      "\\",
      "@",
      " ",
    );
    const host = fc.oneof(
      fc.array(hostUnit, { minLength: 1, maxLength: 6 }).map((units) => units.join("")),
      fc.constantFrom("[::1]", "[::ffff:127.0.0.1]", "[2001:db8::8a2e:370:7334]", "[v1.x]", "[zz]", "[1::2::3]", "[]"),
    );
    const port = fc.constantFrom("", ":8080", ":1");

    it("accepts exactly the hosts the uri format accepts (with an optional port, no user info)", () => {
      fc.assert(
        fc.property(host, port, (h, p) => {
          const url = `https://${h}${p}`;
          // `@` would make the host user info, which a resource URL does not carry.
          const expected = !h.includes("@") && uri(`${url}/x`);
          return origin.test(url) === expected;
        }),
        { numRuns: 500 },
      );
    });
  });

  describe("BASIC_AUTH_PATTERN", () => {
    const basic = basicAuthorization(exampleAccountSid, "token");
    table(BASIC_AUTH_PATTERN, [basic], ["Bearer abc", "Basic", `${basic} extra`, `basic ${basic.slice(6)}`]);
  });

  describe("withLengthLimits: a schema's length limits folded into its pattern", () => {
    const rows: [
      name: string,
      pattern: string,
      limits: { minLength?: number; maxLength?: number },
      expected: string,
    ][] = [
      ["no limits: unchanged", "^a+$", {}, "^a+$"],
      [
        "an open repeat after a prefix",
        "^messenger:[^\\x00-\\x20\\x7F]+$",
        { maxLength: 191 },
        "^messenger:[^\\x00-\\x20\\x7F]{1,181}$",
      ],
      ["an open repeat of zero or more", "^x[0-9]*$", { maxLength: 5 }, "^x[0-9]{0,4}$"],
      ["a pattern already within the limit", "^\\+[1-9][0-9]{1,14}$", { maxLength: 191 }, "^\\+[1-9][0-9]{1,14}$"],
      [
        "a SID: its fixed length is its limits",
        "^KP[0-9a-fA-F]{32}$",
        { minLength: 34, maxLength: 34 },
        "^KP[0-9a-fA-F]{32}$",
      ],
    ];
    for (const [name, pattern, limits, expected] of rows) {
      it(name, () => expect(withLengthLimits(pattern, limits)).to.equal(expected));
    }

    const refused: [name: string, pattern: string, limits: { minLength?: number; maxLength?: number }][] = [
      ["a group beyond the limit", "^(?:ab)+$", { maxLength: 4 }],
      ["two open repeats", "^a+b+$", { maxLength: 4 }],
      ["an open repeat beside a varying part", "^a?b+$", { maxLength: 4 }],
      ["a minimum the pattern does not guarantee", "^a{1,3}$", { minLength: 2 }],
    ];
    for (const [name, pattern, limits] of refused) {
      it(`refuses ${name}, rather than lose the limit`, () =>
        expect(() => withLengthLimits(pattern, limits)).to.throw(/cannot fold/));
    }
  });

  describe("anyStringPattern: a length limit on any string, in code points", () => {
    table(
      anyStringPattern(3),
      ["", "abc", "\u{1F600}\u{1F600}\u{1F600}", "a\nb"],
      ["abcd", "\u{1F600}\u{1F600}\u{1F600}\u{1F600}", "e\u0301e\u0301"],
    );
  });

  it("the phone proxy_identifier accepts E.164 and short codes, and nothing else", () => {
    const matcher = participantBodyMatchers("phone").proxy_identifier as { regex: string };
    const regex = new RegExp(matcher.regex);
    expect(["+14155559999", "12345", "+1", "messenger:1", "0123456789012"].map((v) => regex.test(v))).to.deep.equal([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it("the path expression is the participant path with a provider-state expression per state param", () => {
    const filled = STATE_PARAMS.reduce(
      (text, param) => text.replace(`\${${param}}`, stateParams[param]),
      PATH_EXPRESSION,
    );
    expect(filled).to.equal(path);
  });

  it("unanchored refuses a pattern Pact would read differently", () => {
    expect(() => unanchored("KP[0-9a-f]{32}")).to.throw(/not anchored/);
  });
});
