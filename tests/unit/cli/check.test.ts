/**
 * The traffic commands' arguments and callers: who made a request (the account from its
 * Basic username, else --account-sid or TWILIO_ACCOUNT_SID; the role a report names), the
 * flags check and proxy refuse, and the note that says where account_sid went unchecked.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { main } from "../../../src/cli/main.js";
import { callerOf, fallbackAccount } from "../../../src/cli/traffic.js";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { participantPath } from "../../../src/core/resource.js";
import { defaultFixtures } from "../../../src/provider/index.js";
import { writeHar } from "../../support/har-recorder.js";
import { tempDir } from "../../support/verify.js";

const ACCOUNT = `AC${"a".repeat(32)}`;

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, colour: false });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
const FLAG = `AC${"b".repeat(32)}`;

describe("callerOf: the account and the role of a request's credentials", () => {
  const rows: [
    name: string,
    authorization: string | undefined,
    fallback: string | undefined,
    account: string | undefined,
    role: string,
  ][] = [
    ["Basic with an account SID", basicAuthorization(ACCOUNT, "token-123456"), FLAG, ACCOUNT, "right"],
    [
      "Basic with an API key as username: the fallback",
      basicAuthorization("SK123", "secret-123456"),
      FLAG,
      FLAG,
      "right",
    ],
    ["Basic with an empty password", basicAuthorization(ACCOUNT, ""), undefined, ACCOUNT, "empty-password"],
    ["no Authorization", undefined, FLAG, FLAG, "none"],
    ["an empty Authorization", " ", undefined, undefined, "none"],
    ["Basic without a colon", `Basic ${Buffer.from("nocolon").toString("base64")}`, undefined, undefined, "no-colon"],
    ["Basic that is not base64", "Basic not*base64", undefined, undefined, "not-base64"],
    ["Bearer", "Bearer abc.def.ghi", FLAG, FLAG, "other-scheme"],
  ];
  for (const [name, authorization, fallback, account, role] of rows)
    it(name, () => expect(callerOf(authorization, fallback)).to.deep.equal({ accountSid: account, credentials: role }));
});

describe("fallbackAccount: --account-sid, else TWILIO_ACCOUNT_SID", () => {
  it("the flag wins", () => expect(fallbackAccount(FLAG, { TWILIO_ACCOUNT_SID: ACCOUNT })).to.equal(FLAG));
  it("the environment otherwise", () =>
    expect(fallbackAccount(undefined, { TWILIO_ACCOUNT_SID: ACCOUNT })).to.equal(ACCOUNT));
  it("neither: unknown", () => expect(fallbackAccount(undefined, {})).to.equal(undefined));
  it("refuses a flag that is no account SID, naming the flag", () =>
    expect(() => fallbackAccount("KS123", {})).to.throw(/^--account-sid must be an account SID/));
  it("refuses a variable that is no account SID, naming it", () =>
    expect(() => fallbackAccount(undefined, { TWILIO_ACCOUNT_SID: "x" })).to.throw(/^TWILIO_ACCOUNT_SID must be/));
});

describe("check and proxy: arguments", () => {
  const fixtures = defaultFixtures();
  const url = `https://proxy.twilio.com${participantPath(fixtures.phone)}`;
  const har = (authorization?: string) =>
    writeHar(join(tempDir(), "one.har"), {
      log: {
        version: "1.2",
        entries: [
          {
            startedDateTime: "2024-05-01T10:00:00.000Z",
            request: {
              method: "GET",
              url,
              headers: authorization ? [{ name: "Authorization", value: authorization }] : [],
            },
            response: {
              status: 401,
              headers: [
                { name: "Content-Type", value: "application/json" },
                { name: "WWW-Authenticate", value: 'Basic realm="Twilio API"' },
              ],
              content: {
                text: JSON.stringify({
                  code: 20003,
                  message: "Authenticate",
                  more_info: "https://www.twilio.com/docs/errors/20003",
                  status: 401,
                }),
              },
            },
          },
        ],
      },
    });

  it("check names the exchanges whose account is unknown, and passes them on the rest", async () => {
    const result = await run(["check", har(), "--verbose"]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include(
      "account_sid not compared for log.entries[0] of one.har: no account SID in their Authorization; give --account-sid or set TWILIO_ACCOUNT_SID",
    );
    expect(result.stdout).to.include(
      `GET ${participantPath(fixtures.phone)} at 2024-05-01T10:00:00.000Z (log.entries[0] of one.har)`,
    );
  });

  it("check with --account-sid has no such note", async () => {
    const result = await run(["check", "--account-sid", FLAG, har()]);
    expect(result.code).to.equal(0);
    expect(result.stdout).not.to.include("account_sid not compared");
  });

  it("check --help", async () => {
    const result = await run(["check", "--help"]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include("Usage: participant-contract check FILE…");
  });

  it("check writes reports redacted as data: a token a provider echoed is in no report", async () => {
    const token = "Zq9xW3vB7nM2kL8pR4tY6uI1oP5aS0dF";
    const file = writeHar(join(tempDir(), "echo.har"), {
      log: {
        version: "1.2",
        entries: [
          {
            startedDateTime: "2024-05-01T10:00:00.000Z",
            request: {
              method: "GET",
              url,
              headers: [{ name: "Authorization", value: basicAuthorization(ACCOUNT, token) }],
            },
            response: {
              status: 500,
              headers: [{ name: "Content-Type", value: "text/plain" }],
              content: { text: `bad token ${token} for ${basicAuthorization(ACCOUNT, token)}` },
            },
          },
        ],
      },
    });
    const dir = tempDir();
    const result = await run([
      "check",
      file,
      "--json",
      join(dir, "r.json"),
      "--html",
      join(dir, "r.html"),
      "--verbose",
    ]);
    expect(result.code, result.stderr).to.equal(1);
    for (const text of [
      result.stdout,
      result.stderr,
      readFileSync(join(dir, "r.json"), "utf8"),
      readFileSync(join(dir, "r.html"), "utf8"),
    ]) {
      expect(text).not.to.include(token);
      expect(text).not.to.include(Buffer.from(`${ACCOUNT}:${token}`).toString("base64"));
    }
  });

  it("check refuses a report path that is a directory before reading any file (exit 2, naming it)", async () => {
    const dir = tempDir();
    const result = await run(["check", join(dir, "missing.har"), "--json", dir]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include(`cannot write the JSON report to ${dir}: it is a directory`);
  });

  const errors: [name: string, argv: string[], message: RegExp][] = [
    ["check: an unknown flag", ["check", "--nope"], /unknown option --nope \(see participant-contract check --help\)/],
    ["check: a bad --account-sid", ["check", "--account-sid", "AC1", "x.har"], /--account-sid must be an account SID/],
    ["proxy: no --upstream", ["proxy"], /--upstream is required/],
    ["proxy: an --upstream that is no URL", ["proxy", "--upstream", "nope"], /--upstream has no scheme: add http:\/\//],
    ["proxy: an --upstream that is not http", ["proxy", "--upstream", "ftp://h"], /--upstream must be http or https/],
    ["proxy: a port out of range", ["proxy", "--upstream", "http://h", "--port", "70000"], /--port must be a TCP port/],
    ["proxy: an operand", ["proxy", "--upstream", "http://h", "file.har"], /unexpected argument "file\.har"/],
  ];
  for (const [name, argv, message] of errors)
    it(`exit 2: ${name}`, async () => {
      const result = await run(argv);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(message);
    });
});
