/**
 * The user's own mistakes, as `participant-contract verify` reports them: a hint after the
 * verdict (credentials the implementation refuses, a base URL whose path doubles /v1,
 * fixtures naming no participant), a base URL's path used as the API's prefix (a gateway
 * mounted under a path passes), and one line for a missing scheme or https against plain
 * http. Against the reference provider, in-process.
 */
import { expect } from "chai";
import type { Fixtures } from "../../../src/net/fixtures.js";
import { createProvider, defaultFixtures } from "../../../src/provider/index.js";
import { runCli, serve, type TestServer, writeFixtures } from "../../support/verify.js";

describe("verify: hints for the user's own mistakes", () => {
  const fixtures = defaultFixtures();
  let reference: TestServer;
  /** The reference provider mounted under /gateway, as behind a gateway that strips its prefix. */
  let gateway: TestServer;
  before(async () => {
    const provider = createProvider({ fixtures });
    reference = await serve((req, res) => provider.emit("request", req, res));
    gateway = await serve((req, res) => {
      if (!req.url?.startsWith("/gateway/")) return void res.writeHead(404).end();
      req.url = req.url.slice("/gateway".length);
      provider.emit("request", req, res);
    });
  });
  after(async () => Promise.all([reference.close(), gateway.close()]));

  const unknown = `KP${"0".repeat(32)}`;
  const rows: {
    name: string;
    url: () => string;
    fixtures: Partial<Fixtures>;
    code: number;
    hint?: RegExp;
    /** What the opening line must say. */
    opening?: string;
    /** The line above the repeat lines, exporting the variables they read from the fixtures file. */
    repeatSetup?: boolean;
  }[] = [
    {
      name: "a gateway mounted under /gateway: the path is the API's prefix, said up front; every check passes",
      url: () => `${gateway.url}/gateway`,
      fixtures,
      code: 0,
      opening: "(its path /gateway is the API's prefix: requests go to /gateway/v1/Services/…)",
    },
    {
      name: "an auth token the implementation does not accept",
      url: () => reference.url,
      fixtures: { ...fixtures, authToken: "not-the-implementation-token" },
      code: 1,
      hint: /^hint: every request with the right credentials was answered 401: check that accountSid and authToken in \S+fixtures\.json are credentials the implementation accepts$/m,
      repeatSetup: true,
    },
    {
      name: "--base-url ending in /v1",
      url: () => `${reference.url}/v1`,
      fixtures,
      code: 1,
      hint: /^hint: every participant was answered 404, and --base-url has the path \/v1, which is used as the API's prefix: requests went to \/v1\/v1\/Services\/…/m,
    },
    {
      name: "fixtures naming participants that do not exist",
      url: () => reference.url,
      fixtures: {
        ...fixtures,
        phone: { ...fixtures.phone, participantSid: unknown },
        messenger: { ...fixtures.messenger, participantSid: unknown.replace(/0$/, "1") },
      },
      code: 1,
      hint: /^hint: every participant the fixtures name was answered 404: check that the SIDs in \S+ name participants/m,
    },
  ];
  for (const row of rows) {
    it(`${row.name}: exit ${row.code}${row.hint ? ", one hint after the verdict" : ", no hint"}`, async () => {
      const file = writeFixtures(row.fixtures);
      const run = await runCli(["--base-url", row.url(), "--fixtures", file]);
      expect(run.code, run.stdout + run.stderr).to.equal(row.code);
      const lines = run.stdout.split("\n");
      if (row.opening) expect(lines[0]).to.include(row.opening);
      if (row.repeatSetup) {
        // The repeat lines work as pasted: once, above the first, the variables they read, from the file.
        const setup = lines.findIndex((line) => line.startsWith("  to repeat a request, first: export "));
        expect(setup, run.stdout).to.be.greaterThan(0);
        expect(setup).to.be.lessThan(lines.findIndex((line) => line.includes("repeat:  curl ")));
        expect(lines.filter((line) => line.includes("to repeat a request, first:"))).to.have.length(1);
        expect(lines[setup]).to.include(file).and.include("TWILIO_ACCOUNT_SID=").and.include("TWILIO_AUTH_TOKEN=");
      }
      expect(run.stdout).not.to.include("not-the-implementation-token");
      const hints = lines.filter((line) => line.startsWith("hint: "));
      if (!row.hint) return void expect(hints).to.deep.equal([]);
      expect(hints).to.have.length(1);
      expect(run.stdout).to.match(row.hint);
      // After the verdict: below the summary line, the last thing printed.
      const summary = lines.findIndex((line) => /^\d+ checks: /.test(line));
      expect(lines.indexOf(hints[0] ?? ""), "the hint follows the summary").to.be.greaterThan(summary);
    });
  }

  it("credentials from the environment: no export line (the variables are set)", async () => {
    const { accountSid, authToken, ...participants } = fixtures;
    const run = await runCli(
      [
        "--base-url",
        reference.url,
        "--fixtures",
        writeFixtures({ ...participants, phone: { ...fixtures.phone, participantSid: unknown } }),
      ],
      { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken },
    );
    expect(run.code).to.equal(1);
    expect(run.stdout).to.include("repeat:  curl ").and.not.include("to repeat a request, first:");
  });

  const refused: [name: string, url: () => string, message: RegExp][] = [
    [
      "a host and port without a scheme",
      () => "127.0.0.1:3000",
      /^error: --base-url has no scheme: add http:\/\/ \(or https:\/\/\)$/,
    ],
    [
      "localhost:3000, which a URL parser reads as a scheme",
      () => "localhost:3000",
      /^error: --base-url has no scheme: add http:\/\//,
    ],
    [
      "https:// against a plain-http server",
      () => reference.url.replace(/^http:/, "https:"),
      /^error: cannot reach the provider at https:\/\/127\.0\.0\.1:\d+: TLS failed \([A-Z_]+\): it does not answer in TLS; if it serves plain HTTP, use http:\/\/$/,
    ],
  ];
  for (const [name, url, message] of refused)
    it(`${name}: exit 2, one line saying what to do`, async () => {
      const run = await runCli(["--base-url", url(), "--fixtures", writeFixtures(fixtures)]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(message);
    });
});
