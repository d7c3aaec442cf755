/**
 * The regexes the pacts use, checked against what they translate: the schemas' formats
 * (via ajv) and the resource's own paths and URLs.
 */
import { expect } from "chai";
import { exampleAccountSid, exampleRef, STATE_PARAMS } from "../../src/cases.js";
import { PATH_EXPRESSION, participantBodyTemplate, stateParams } from "../../src/pact/interactions.js";
import {
  BASIC_AUTH_PATTERN,
  DATE_TIME_PATTERN,
  MESSAGE_INTERACTIONS_URL_PATTERN,
  PARTICIPANT_PATH_PATTERN,
  PARTICIPANT_URL_PATTERN,
  unanchored,
} from "../../src/pact/patterns.js";
import { participantPath } from "../../src/resource.js";
import { createAjv } from "../../src/schemas.js";

const path = participantPath(exampleRef);
const otherPrefix = participantPath({ ...exampleRef, participantSid: `KX${exampleRef.participantSid.slice(2)}` });

function table(pattern: string, accept: string[], reject: string[]): void {
  const regex = new RegExp(pattern);
  for (const value of accept) it(`accepts ${JSON.stringify(value)}`, () => expect(regex.test(value)).to.equal(true));
  for (const value of reject) it(`rejects ${JSON.stringify(value)}`, () => expect(regex.test(value)).to.equal(false));
}

describe("pact patterns", () => {
  describe("DATE_TIME_PATTERN (format: date-time)", () => {
    const accept = [
      "2015-07-30T20:00:00Z",
      "2015-07-30T20:00:00+00:00",
      "2015-07-30T20:00:00.123Z",
      "2015-07-30T13:00:00.123456-07:00",
      "2015-07-30t20:00:00z",
    ];
    const reject = [
      "2015-07-30 20:00:00Z",
      "2015-07-30",
      "2015-07-30T20:00:00",
      "2015-07-30T20:00Z",
      "Thu, 30 Jul 2015 20:00:00 +0000",
      "2015-07-30T20:00:00+0000",
      "",
      "null",
    ];
    table(DATE_TIME_PATTERN, accept, reject);

    it("accepts nothing that ajv's date-time format rejects", () => {
      const ajvDateTime = createAjv().compile({ type: "string", format: "date-time" });
      const regex = new RegExp(DATE_TIME_PATTERN);
      const samples = [...accept, ...reject, "2015-02-30T20:00:00Z", "2015-07-30T25:00:00Z", "2015-07-30T20:61:00Z"];
      const wider = samples.filter((s) => regex.test(s) && !ajvDateTime(s));
      // Calendar and clock ranges are beyond a regex; the schema layer rejects them.
      expect(wider).to.deep.equal(["2015-02-30T20:00:00Z", "2015-07-30T25:00:00Z", "2015-07-30T20:61:00Z"]);
      expect(accept.every((s) => ajvDateTime(s))).to.equal(true);
    });
  });

  describe("PARTICIPANT_PATH_PATTERN", () => {
    table(PARTICIPANT_PATH_PATTERN, [path], [otherPrefix, `${path}/`, `/v2${path.slice(3)}`, `${path}?x=1`]);
  });

  describe("PARTICIPANT_URL_PATTERN (url: the resource's own URL, any host)", () => {
    table(
      PARTICIPANT_URL_PATTERN,
      [`https://proxy.twilio.com${path}`, `http://127.0.0.1:8080${path}`],
      [path, `ftp://proxy.twilio.com${path}`, `https://proxy.twilio.com${otherPrefix}`, `https://h${path}?a=b`, ""],
    );
  });

  describe("MESSAGE_INTERACTIONS_URL_PATTERN", () => {
    table(
      MESSAGE_INTERACTIONS_URL_PATTERN,
      [`https://proxy.twilio.com${path}/MessageInteractions`],
      [`https://proxy.twilio.com${path}`, `https://proxy.twilio.com${path}/MessageInteractions/`],
    );
  });

  describe("BASIC_AUTH_PATTERN", () => {
    const basic = `Basic ${Buffer.from(`${exampleAccountSid}:token`).toString("base64")}`;
    table(BASIC_AUTH_PATTERN, [basic], ["Bearer abc", "Basic", `${basic} extra`, `basic ${basic.slice(6)}`]);
  });

  it("the phone proxy_identifier accepts E.164 and short codes, and nothing else", () => {
    const matcher = participantBodyTemplate("phone").proxy_identifier as { regex: string };
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
