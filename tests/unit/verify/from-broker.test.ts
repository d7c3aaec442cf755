/**
 * The verify command in broker mode, against the broker double (tests/broker): it
 * verifies the pacts the broker selects, publishes one result per pact with the
 * provider version and branch, keeps a pending pact's failure out of the exit code,
 * and fails (exit 2) when a result does not reach the broker.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../../../src/core/cases.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import type { Fixtures } from "../../../src/net/fixtures.js";
import { defaultFixtures, type RunningProvider, startProvider } from "../../../src/provider/index.js";
import { brokerSources, MAX_BROKER_PACTS_BYTES } from "../../../src/verify/from-broker.js";
import { DEFAULT_PACTS_DIR } from "../../../src/verify/index.js";
import { type BrokerDouble, startBrokerDouble } from "../../support/broker-double.js";
import { missingPath, runCli, writeFixtures, wrongSid } from "../../support/verify.js";

const TOKEN = "broker-token-that-must-never-be-printed";
const pactOf = (consumer: string) =>
  JSON.parse(readFileSync(join(DEFAULT_PACTS_DIR, `${consumer}-${PACT_PROVIDER}.json`), "utf8")) as Record<
    string,
    unknown
  >;

describe("verify --broker-url", () => {
  let fixtures: Fixtures;
  let fixturesFile: string;
  let good: RunningProvider;
  let broken: RunningProvider;
  let broker: BrokerDouble;

  before(async () => {
    fixtures = defaultFixtures();
    fixturesFile = writeFixtures(fixtures);
    [good, broken] = await Promise.all([startProvider({ fixtures }), startProvider({ fixtures, mutation: wrongSid })]);
  });
  after(() => Promise.all([good.close(), broken.close()]));
  beforeEach(async () => {
    broker = await startBrokerDouble({ token: TOKEN, mainBranch: "main" });
    broker.seedPact(pactOf(PACT_CONSUMERS.client), "client-sha-1", "main");
    broker.seedPact(pactOf(PACT_CONSUMERS.sdk), "sdk-sha-1", "main");
  });
  afterEach(() => broker.close());

  const args = (provider: RunningProvider, ...extra: string[]) => [
    "--base-url",
    provider.url,
    "--fixtures",
    fixturesFile,
    "--broker-url",
    broker.url,
    "--provider-version",
    "provider-sha-1",
    "--provider-branch",
    "main",
    ...extra,
  ];
  const env = { PACT_BROKER_TOKEN: TOKEN };

  it("verifies the selected pacts and publishes a passing result for each, with version and branch", async () => {
    const run = await runCli(args(good, "--publish", "--verbose"), env);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.include(`PASS  pact        ${PACT_CONSUMERS.client}: a request for a phone participant`);
    expect(broker.forVerification).to.have.length(1);
    expect(broker.forVerification[0]).to.deep.include({ providerVersionBranch: "main", includePendingStatus: true });
    expect(broker.verifications.map((v) => [v.consumer, v.providerVersion, v.success]).sort()).to.deep.equal([
      [PACT_CONSUMERS.client, "provider-sha-1", true],
      [PACT_CONSUMERS.sdk, "provider-sha-1", true],
    ]);
    expect(broker.branchVersions).to.deep.include({
      pacticipant: PACT_PROVIDER,
      branch: "main",
      version: "provider-sha-1",
    });
    expect(run.stdout + run.stderr).not.to.include(TOKEN);
  });

  it("publishes nothing without --publish", async () => {
    const run = await runCli(args(good), env);
    expect(run.code, run.stderr).to.equal(0);
    expect(broker.verifications).to.deep.equal([]);
  });

  describe("the provider version: needed only to publish", () => {
    /** Where git cannot tell a commit either: no version from anywhere. */
    const noGit = async <T>(fn: () => Promise<T>): Promise<T> => {
      const before = process.env.GIT_DIR;
      process.env.GIT_DIR = missingPath(".git");
      try {
        return await fn();
      } finally {
        if (before === undefined) delete process.env.GIT_DIR;
        else process.env.GIT_DIR = before;
      }
    };
    const withoutVersion = (...extra: string[]) => [
      "--base-url",
      good.url,
      "--fixtures",
      fixturesFile,
      "--broker-url",
      broker.url,
      ...extra,
    ];

    it("verifies the pacts the broker selects with no version known anywhere", async () => {
      const run = await noGit(() => runCli(withoutVersion(), env));
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(broker.forVerification).to.have.length(1);
      expect(broker.verifications).to.deep.equal([]);
    });

    it("with --publish and no version known: exit 2 before any request, saying how to give one", async () => {
      const run = await noGit(() => runCli(withoutVersion("--publish"), env));
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^error: cannot tell the version: set GIT_COMMIT \(or GITHUB_SHA\)/);
      expect(broker.requests).to.deep.equal([]);
    });
  });

  it("exits 1 against a broken provider and publishes failing results", async () => {
    // Verified once on main before, so these pacts are no longer pending and their failure counts.
    for (const pact of broker.pacts) broker.recordVerification(pact, "provider-sha-0", true);
    broker.versions
      .find((v) => v.pacticipant === PACT_PROVIDER && v.number === "provider-sha-0")
      ?.branches.push("main");
    const run = await runCli(args(broken, "--publish", "--verbose"), env);
    expect(run.code).to.equal(1);
    expect(run.stdout, run.stdout).to.match(/FAIL {2}pact .*\n.*✗ body sid: must be KP followed by 32 hex digits/);
    const published = broker.verifications.filter((v) => v.providerVersion === "provider-sha-1");
    expect(published.map((v) => v.success)).to.deep.equal([false, false]);
  });

  it("reports a pending pact's failure without failing on it", async () => {
    const run = await runCli(args(broken), env);
    expect(run.stdout).to.include("PEND  pact");
    // The live checks still judge the implementation itself.
    expect(run.stdout).to.match(/FAIL {2}conformance/);
    expect(run.stdout).not.to.match(/FAIL {2}pact/);
  });

  const environmentErrors: [name: string, arrange: () => void, extra: string[], message: RegExp][] = [
    [
      "a verification result the broker refuses",
      () => broker.failNext({ method: "POST", path: /\/verification-results$/, status: 500 }),
      ["--publish"],
      /cannot publish the verification result for .*500/,
    ],
    [
      "a broker that selects no pacts",
      () => broker.pacts.splice(0),
      [],
      /selected no pacts for twilio-proxy-participants/,
    ],
    ["a wrong token", () => undefined, [], /cannot fetch the pacts to verify/],
  ];
  for (const [name, arrange, extra, message] of environmentErrors) {
    it(`exits 2 with one line for ${name}`, async () => {
      arrange();
      const run = await runCli(
        args(good, ...extra),
        name === "a wrong token" ? { PACT_BROKER_TOKEN: "wrong-broker-token" } : env,
      );
      expect(run.code, run.stdout).to.equal(2);
      expect(run.stderr).to.match(message);
      expect(run.stderr.split("\n")).to.have.length(1);
      expect(run.stdout + run.stderr).not.to.include(TOKEN);
    });
  }

  it("exits 2 fast when the broker is down", async () => {
    const down = broker.url;
    await broker.close();
    const run = await runCli(
      ["--base-url", good.url, "--fixtures", fixturesFile, "--broker-url", down, "--provider-version", "v1"],
      env,
    );
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/cannot fetch the pacts to verify/);
    expect(run.ms).to.be.below(5000);
    broker = await startBrokerDouble({ token: TOKEN });
  });

  const misuse: [argv: string[], message: RegExp][] = [
    [["--publish"], /--publish needs --broker-url/],
    [["--broker-url", "http://127.0.0.1:9", "--pacts", "contracts"], /exclude each other/],
    [["--broker-url", "http://127.0.0.1:9", "--include-wip-pacts-since", "someday"], /must be a date/],
  ];
  for (const [extra, message] of misuse) {
    it(`refuses ${extra.join(" ")}`, async () => {
      const run = await runCli(["--base-url", good.url, "--fixtures", fixturesFile, ...extra], env);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(message);
    });
  }

  describe("pacts kept on disk, within a total cap", () => {
    const verification = () => ({
      settings: { baseUrl: broker.url, token: TOKEN },
      providerVersion: "provider-sha-1",
      publish: false,
    });
    const rows: { name: string; cap: number; expected: "kept" | RegExp }[] = [
      { name: "under the cap: each pact on disk, none in memory", cap: MAX_BROKER_PACTS_BYTES, expected: "kept" },
      {
        name: "over the cap: exit 2 naming it",
        cap: 1000,
        expected: /take over 1000 bytes, the cap on pacts from a broker/,
      },
    ];
    for (const row of rows) {
      it(row.name, async () => {
        const fetched = brokerSources(verification(), 5000, row.cap);
        if (row.expected !== "kept") {
          const error = await fetched.catch((e) => e);
          expect(error).to.be.instanceOf(EnvironmentError);
          expect(error.message).to.match(row.expected);
          return;
        }
        const { sources, cleanup } = await fetched;
        try {
          expect(sources).to.have.length(2);
          for (const source of sources) {
            expect(source.content, "held in memory").to.equal(undefined);
            expect(existsSync(source.file ?? "")).to.equal(true);
          }
        } finally {
          cleanup();
        }
        for (const source of sources) expect(existsSync(source.file ?? ""), "removed by cleanup").to.equal(false);
      });
    }
  });
});
