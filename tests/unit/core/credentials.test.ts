/** core/credentials.ts: the one Basic parser and the base64 check under it, linear in the input's length. */
import { expect } from "chai";
import { basicAuthorization, isBase64, parseBasic } from "../../../src/core/credentials.js";

describe("core/credentials.ts: isBase64", () => {
  const rows: [name: string, text: string, padded: boolean, unpadded: boolean][] = [
    ["empty", "", true, true],
    ["a whole quantum", "QUJD", true, true],
    ["two padding characters", "QQ==", true, true],
    ["one padding character", "QUI=", true, true],
    ["two left over, unpadded", "QQ", false, true],
    ["three left over, unpadded", "QUI", false, true],
    ["one left over: never", "QUJDR", false, false],
    ["three padding characters", "Q===", false, false],
    ["padding where none is due", "QUJD=", false, false],
    ["padding inside", "QU=D", false, false],
    ["a character of the URL-safe alphabet", "QU-_", false, false],
    ["a blank", "QU JD", false, false],
    ["8 MiB of it (a regex's repeated group overflowed here)", "QUJD".repeat(2 * 1024 * 1024), true, true],
  ];
  for (const [name, text, padded, unpadded] of rows)
    it(`${name}: ${padded ? "valid" : "not valid"} padded, ${unpadded ? "valid" : "not valid"} unpadded`, () => {
      expect(isBase64(text)).to.equal(padded);
      expect(isBase64(text, true)).to.equal(unpadded);
    });
});

describe("core/credentials.ts: parseBasic", () => {
  const rows: [name: string, header: string, pair: { username: string; password: string } | undefined][] = [
    ["the builder's own", basicAuthorization("AC1", "tok:en"), { username: "AC1", password: "tok:en" }],
    [
      "any letter case of the scheme",
      `bAsIc ${Buffer.from("u:p").toString("base64")}`,
      { username: "u", password: "p" },
    ],
    ["no colon", `Basic ${Buffer.from("up").toString("base64")}`, undefined],
    ["not base64", "Basic not*base64", undefined],
    ["another scheme", "Bearer abc", undefined],
    ["a megabyte of base64 that is no pair", `Basic ${"QUJD".repeat(256 * 1024)}`, undefined],
  ];
  for (const [name, header, pair] of rows) it(name, () => expect(parseBasic(header)).to.deep.equal(pair));
});
