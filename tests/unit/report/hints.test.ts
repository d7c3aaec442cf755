/**
 * Hints for the user's own mistakes (src/report/hints.ts): each applies exactly when the
 * report says so; and the line above the repeat lines works as pasted into a shell, for any
 * token and any fixtures path, without ever holding the token. The seed is in the test
 * names; FC_SEED=<seed> replays a run.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import type { CheckResult, Report } from "../../../src/core/findings.js";
import type { CredentialOrigins } from "../../../src/net/fixtures.js";
import { hintIds, hintsFor, repeatSetupLine } from "../../../src/report/hints.js";
import { tempDir } from "../../support/temp.js";

const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));

function check(group: CheckResult["group"], status: number, credentials: "right" | "none" = "right"): CheckResult {
  return {
    id: `${group}/${status}/${Math.random()}`,
    title: "t",
    group,
    verdict: "fail",
    findings: [],
    durationMs: 1,
    request: { method: "GET", path: "/v1/Services/KS1/Sessions/KC1/Participants/KP1", credentials },
    response: { status, headers: {}, body: "", truncated: false },
  };
}

const report = (checks: CheckResult[]): Report => ({ baseUrl: "x", checks, durationMs: 1, exitCode: 1 });
const FROM_FILE: CredentialOrigins = {
  TWILIO_ACCOUNT_SID: { file: "f.json", field: "accountSid" },
  TWILIO_AUTH_TOKEN: { file: "f.json", field: "authToken" },
};
const FROM_ENV: CredentialOrigins = {
  TWILIO_ACCOUNT_SID: { variable: "TWILIO_ACCOUNT_SID" },
  TWILIO_AUTH_TOKEN: { variable: "TWILIO_AUTH_TOKEN" },
};

describe("hints: each applies exactly when the report says so", () => {
  const rows: [name: string, checks: CheckResult[], baseUrl: string, ids: string[]][] = [
    [
      "every participant answered 401",
      [check("conformance", 401), check("conformance", 401), check("probe", 404)],
      "http://h:1",
      ["credentials-refused"],
    ],
    [
      "one participant answered 200, the others 401",
      [check("conformance", 401), check("conformance", 200)],
      "http://h:1",
      [],
    ],
    [
      "a 401 to a request without credentials only",
      [check("conformance", 200), check("probe", 401, "none")],
      "http://h:1",
      [],
    ],
    [
      "every participant answered 404, a base URL with a path",
      [check("conformance", 404)],
      "http://h:1/v1",
      ["base-url-path"],
    ],
    ["every participant answered 404, no path", [check("conformance", 404)], "http://h:1", ["participants-not-found"]],
    ["a path, and the participants found", [check("conformance", 200), check("probe", 404)], "http://h:1/gateway", []],
    ["nothing answered (no conformance check ran)", [], "http://h:1/v1", []],
  ];
  for (const [name, checks, baseUrl, ids] of rows)
    it(`${name}: ${ids.length ? ids.join(", ") : "no hint"}`, () =>
      expect(hintIds(report(checks), { baseUrl, origins: FROM_FILE })).to.deep.equal(ids));

  const wording: [name: string, origins: CredentialOrigins, text: RegExp][] = [
    ["from a fixtures file", FROM_FILE, /check that accountSid and authToken in f\.json are credentials/],
    ["from the environment", FROM_ENV, /check that TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are credentials/],
    [
      "the SID from the file, the token from the environment",
      { ...FROM_FILE, TWILIO_AUTH_TOKEN: { variable: "TWILIO_AUTH_TOKEN" } },
      /check that accountSid in f\.json and TWILIO_AUTH_TOKEN are/,
    ],
  ];
  for (const [name, origins, text] of wording)
    it(`the credentials hint names where they came from: ${name}`, () => {
      const [line, ...more] = hintsFor(report([check("conformance", 401)]), { baseUrl: "http://h:1", origins });
      expect(more).to.deep.equal([]);
      expect(line)
        .to.match(/^hint: every request with the right credentials was answered 401: /)
        .and.match(text);
    });

  it("the path hint names the path, what it means, and the URL to give instead", () => {
    const [line] = hintsFor(report([check("conformance", 404)]), { baseUrl: "http://h:1/v1", origins: FROM_FILE });
    expect(line).to.equal(
      "hint: every participant was answered 404, and --base-url has the path /v1, which is used as the API's prefix: " +
        "requests went to /v1/v1/Services/…; if the implementation serves /v1/Services/… at its root, give http://h:1",
    );
  });
});

describe("the line above the repeat lines", () => {
  it("says nothing when every variable is set in the environment already", () =>
    expect(repeatSetupLine(["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"], FROM_ENV)).to.equal(undefined));

  it("names only the variables the lines read", () => {
    const line = repeatSetupLine(["TWILIO_AUTH_TOKEN"], FROM_FILE) ?? "";
    expect(line).to.match(/^to repeat a request, first: export TWILIO_AUTH_TOKEN=/);
    expect(line).not.to.include("TWILIO_ACCOUNT_SID");
  });

  const awkward = fc.constantFrom("'", '"', "$", "`", "\\", " ", "!", ";", "&", "|", "*", "é", "😀", "$(id)", "%?");
  const text = fc.array(fc.oneof(awkward, fc.string({ minLength: 1, maxLength: 4 })), { minLength: 8, maxLength: 12 });
  it(`pasted into bash, sets each variable to the file's value, for any token and any path; the line never holds the token (seed ${SEED})`, function () {
    this.timeout(60_000);
    const root = tempDir();
    let n = 0;
    fc.assert(
      fc.property(text, text, (tokenParts, folderParts) => {
        const token = `tok${tokenParts.join("").replace(/\0/g, "")}`;
        const folder = join(root, `${n++}-${folderParts.join("").replace(/[\0/]/g, "")}`.slice(0, 80));
        mkdirSync(folder, { recursive: true });
        const file = join(folder, "fixtures.json");
        const accountSid = `AC${"0".repeat(32)}`;
        writeFileSync(file, JSON.stringify({ accountSid, authToken: token }));
        const origins: CredentialOrigins = {
          TWILIO_ACCOUNT_SID: { file, field: "accountSid" },
          TWILIO_AUTH_TOKEN: { file, field: "authToken" },
        };
        const line = repeatSetupLine(["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"], origins) ?? "";
        expect(line).not.to.include(token);
        const shown = execFileSync(
          "bash",
          [
            "-c",
            `${line.replace(/^to repeat a request, first: /, "")}; printf '%s\\n%s' "$TWILIO_ACCOUNT_SID" "$TWILIO_AUTH_TOKEN"`,
          ],
          // A HOME of its own: no start-up file of the machine's user runs.
          { encoding: "utf8", env: { PATH: process.env.PATH, HOME: root } },
        );
        expect(shown).to.equal(`${accountSid}\n${token}`);
      }),
      // Each run starts bash and two node processes: a few runs, each with a dozen awkward characters.
      { numRuns: 5, seed: SEED },
    );
  });
});
