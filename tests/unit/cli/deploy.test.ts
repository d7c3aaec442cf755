import { expect } from "chai";
import { canIDeploy } from "../../../src/cli/can-i-deploy.js";
import { recordDeployment } from "../../../src/cli/record-deployment.js";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../../../src/core/cases.js";
import {
  brokerEnv,
  CONSUMER_VERSION,
  deadPort,
  expectNoSecret,
  FAKE_TOKEN,
  pactDirectory,
  pactOf,
  run,
} from "../../support/broker.js";
import { type BrokerDouble, type PactRecord, startBrokerDouble } from "../../support/broker-double.js";

/** The provider version already in production. */
const LIVE_PROVIDER = "live-provider-1";
const PRODUCTION = "production";

/**
 * The state after a green pipeline run: both consumers' pacts published at this commit,
 * verified by this commit's provider and by the provider version that is live.
 */
async function pipelineBroker(): Promise<{ broker: BrokerDouble; pacts: Record<string, PactRecord> }> {
  const broker = await startBrokerDouble({ token: FAKE_TOKEN });
  const pacts: Record<string, PactRecord> = {};
  for (const consumer of Object.values(PACT_CONSUMERS)) {
    pacts[consumer] = broker.seedPact(pactOf(consumer), CONSUMER_VERSION, "main");
  }
  for (const pact of Object.values(pacts)) {
    broker.recordVerification(pact, CONSUMER_VERSION, true);
    broker.recordVerification(pact, LIVE_PROVIDER, true);
  }
  broker.recordDeployment(PACT_PROVIDER, LIVE_PROVIDER, PRODUCTION);
  return { broker, pacts };
}

describe("npm run can-i-deploy (real pact CLI against the broker double)", () => {
  let broker: BrokerDouble;
  let pacts: Record<string, PactRecord>;
  beforeEach(async () => {
    ({ broker, pacts } = await pipelineBroker());
  });
  afterEach(() => broker.close());

  it("says yes (exit 0) for every pacticipant named when the live provider verified both pacts", async () => {
    const named = [PACT_PROVIDER, PACT_CONSUMERS.client, PACT_CONSUMERS.sdk].flatMap((p) => ["--pacticipant", p]);
    const result = await run(canIDeploy, ["--to-environment", PRODUCTION, ...named], brokerEnv(broker.url));

    expectNoSecret(result);
    expect(result.code, result.out + result.err).to.equal(0);
    expect(result.out.match(/Computer says yes/g)).to.have.length(3);
    expect(broker.matrixQueries.flatMap((q) => new URLSearchParams(q).getAll("q[][pacticipant]"))).to.deep.equal([
      PACT_PROVIDER,
      PACT_CONSUMERS.client,
      PACT_CONSUMERS.sdk,
    ]);
    for (const query of broker.matrixQueries.map((q) => new URLSearchParams(q))) {
      expect(query.getAll("q[][version]")).to.deep.equal([CONSUMER_VERSION]);
      expect(query.get("environment")).to.equal(PRODUCTION);
    }
  });

  it("says no (exit 1) when the live provider failed a consumer's pact", async () => {
    broker.recordVerification(pacts[PACT_CONSUMERS.sdk] as PactRecord, LIVE_PROVIDER, false);

    const result = await run(
      canIDeploy,
      ["--to-environment", PRODUCTION, "--pacticipant", PACT_CONSUMERS.sdk],
      brokerEnv(broker.url),
    );

    expectNoSecret(result);
    expect(result.code).to.equal(1);
    expect(result.out).to.include("Computer says no").and.include(LIVE_PROVIDER).and.include("failed");
  });

  const dryRuns: [string, string[], Record<string, string>][] = [
    ["--dry-run", ["--dry-run"], {}],
    [
      "PACT_BROKER_CAN_I_DEPLOY_DRY_RUN=true (the break-glass variable)",
      [],
      { PACT_BROKER_CAN_I_DEPLOY_DRY_RUN: "true" },
    ],
  ];
  for (const [name, argv, env] of dryRuns) {
    it(`${name} reports the no but exits 0`, async () => {
      broker.recordVerification(pacts[PACT_CONSUMERS.sdk] as PactRecord, LIVE_PROVIDER, false);

      const result = await run(
        canIDeploy,
        ["--to-environment", PRODUCTION, "--pacticipant", PACT_CONSUMERS.sdk, ...argv],
        brokerEnv(broker.url, env),
      );

      expect(result.code).to.equal(0);
      expect(result.out).to.include("Computer says no").and.include("Dry run");
    });
  }

  it("--retry-while-unknown polls until the missing result arrives", async () => {
    broker.recordDeployment(PACT_PROVIDER, "unverified-provider", PRODUCTION);
    const asking = run(
      canIDeploy,
      [
        "--to-environment",
        PRODUCTION,
        "--pacticipant",
        PACT_CONSUMERS.client,
        "--retry-while-unknown",
        "3",
        "--retry-interval",
        "1",
      ],
      brokerEnv(broker.url),
    );
    // The verification lands while the CLI waits between two polls.
    while (broker.matrixQueries.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    broker.recordVerification(pacts[PACT_CONSUMERS.client] as PactRecord, "unverified-provider", true);
    const result = await asking;

    expect(result.code, result.out + result.err).to.equal(0);
    expect(broker.matrixQueries).to.have.length(2);
  });

  it("without --pacticipant: the consumers the pacts in --dir name", async () => {
    const pacts = pactDirectory();
    try {
      const result = await run(canIDeploy, ["--to-environment", PRODUCTION, "--dir", pacts.dir], brokerEnv(broker.url));
      expect(result.code, result.out + result.err).to.equal(0);
      expect(broker.matrixQueries.flatMap((q) => new URLSearchParams(q).getAll("q[][pacticipant]"))).to.deep.equal([
        PACT_CONSUMERS.client,
        PACT_CONSUMERS.sdk,
      ]);
    } finally {
      pacts.remove();
    }
  });

  // Each names the broker, what was asked and the broker's own status or message, once.
  const environmentErrors: { name: string; argv: string[]; env: () => Promise<NodeJS.ProcessEnv>; cause: RegExp }[] = [
    {
      name: "a version the broker does not know: its message once, not the CLI's wrapped copy too",
      argv: ["--to-environment", PRODUCTION, "--pacticipant", PACT_PROVIDER],
      env: async () => brokerEnv(broker.url, { GIT_COMMIT: "never-published" }),
      cause:
        /^error: can-i-deploy twilio-proxy-participants never-published to production: the Pact Broker at http:\/\/127\.0\.0\.1:\d+ could not answer: No pacticipant version found for twilio-proxy-participants never-published$/,
    },
    {
      name: "a down broker",
      argv: ["--to-environment", PRODUCTION, "--pacticipant", PACT_PROVIDER],
      env: async () => brokerEnv(`http://127.0.0.1:${await deadPort()}`),
      cause:
        /^error: can-i-deploy twilio-proxy-participants \w+ to production: cannot reach the Pact Broker \(GET http:\/\/127\.0\.0\.1:\d+\/\): connection refused$/,
    },
    {
      name: "a wrong token",
      argv: ["--to-environment", PRODUCTION, "--pacticipant", PACT_PROVIDER],
      env: async () => brokerEnv(broker.url, { PACT_BROKER_TOKEN: "pbtok-wrong" }),
      cause:
        /^error: can-i-deploy twilio-proxy-participants \w+ to production: the Pact Broker at \S+ answered GET \S+ with HTTP 401: Unauthorized$/,
    },
  ];
  for (const { name, argv, env, cause } of environmentErrors) {
    it(`${name}: exit 2 (not 1), the cause on one line`, async () => {
      const result = await run(canIDeploy, argv, await env());

      expectNoSecret(result);
      expect(result.code).to.equal(2);
      expect(result.err).to.match(cause).and.not.include("\n");
      expect(result.ms).to.be.below(3000);
    });
  }

  const usageErrors: [string, string[], RegExp][] = [
    ["no --to-environment", [], /--to-environment ENV is required/],
    [
      "no --pacticipant, and no ./pacts to read names from (this repository has none)",
      ["--to-environment", PRODUCTION],
      /^error: name the pacticipant with --pacticipant NAME \(repeatable\): there is no \.\/pacts folder to read the consumer names from/,
    ],
    [
      "a retry count that is not a number",
      ["--to-environment", "x", "--retry-while-unknown", "many"],
      /--retry-while-unknown must be a whole number/,
    ],
  ];
  for (const [name, argv, message] of usageErrors) {
    it(`${name}: exit 2 before any request`, async () => {
      const result = await run(canIDeploy, argv, brokerEnv(broker.url));

      expect(result.code).to.equal(2);
      expect(result.err).to.match(message);
      expect(broker.requests).to.deep.equal([]);
    });
  }
});

describe("npm run record-deployment (real pact CLI against the broker double)", () => {
  let broker: BrokerDouble;
  beforeEach(async () => {
    ({ broker } = await pipelineBroker());
  });
  afterEach(() => broker.close());

  it("records this commit of every pacticipant named in the environment, replacing what was there", async () => {
    const named = [PACT_PROVIDER, PACT_CONSUMERS.client, PACT_CONSUMERS.sdk].flatMap((p) => ["--pacticipant", p]);
    const result = await run(recordDeployment, ["--environment", PRODUCTION, ...named], brokerEnv(broker.url));

    expectNoSecret(result);
    expect(result.code, result.out + result.err).to.equal(0);
    expect(broker.deployments.filter((d) => d.currentlyDeployed)).to.deep.equal(
      [PACT_PROVIDER, PACT_CONSUMERS.client, PACT_CONSUMERS.sdk].map((pacticipant) => ({
        pacticipant,
        version: CONSUMER_VERSION,
        environment: PRODUCTION,
        currentlyDeployed: true,
      })),
    );
    expect(result.out.match(/Recorded deployment/g)).to.have.length(3);
  });

  it("what it records is what can-i-deploy then checks against", async () => {
    await run(recordDeployment, ["--environment", "test", "--pacticipant", PACT_PROVIDER], brokerEnv(broker.url));

    const result = await run(
      canIDeploy,
      ["--to-environment", "test", "--pacticipant", PACT_CONSUMERS.client],
      brokerEnv(broker.url),
    );

    expect(result.code, result.out + result.err).to.equal(0);
    expect(result.out).to.include(CONSUMER_VERSION);
  });

  it("an environment the broker does not have: exit 2, the cause on one line", async () => {
    const result = await run(
      recordDeployment,
      ["--environment", "staging", "--pacticipant", PACT_PROVIDER],
      brokerEnv(broker.url),
    );

    expectNoSecret(result);
    expect(result.code).to.equal(2);
    expect(result.err, result.err).to.match(
      /^error: record-deployment twilio-proxy-participants \w+ to staging: the Pact Broker at http:\/\/127\.0\.0\.1:\d+ did not record it: Environment staging does not exist$/,
    );
  });

  it("a down broker: exit 2, one line naming it and why, before the CLI is run", async () => {
    const down = `http://127.0.0.1:${await deadPort()}`;
    const result = await run(
      recordDeployment,
      ["--environment", PRODUCTION, "--pacticipant", PACT_PROVIDER],
      brokerEnv(down),
    );

    expectNoSecret(result);
    expect(result.code).to.equal(2);
    expect(result.err).to.equal(
      `error: record-deployment ${PACT_PROVIDER} ${CONSUMER_VERSION} to ${PRODUCTION}: cannot reach the Pact Broker (GET ${down}/): connection refused`,
    );
  });

  it("no --environment: exit 2 before any request", async () => {
    const result = await run(recordDeployment, [], brokerEnv(broker.url));

    expect(result.code).to.equal(2);
    expect(result.err).to.match(/--environment ENV is required/);
    expect(broker.requests).to.deep.equal([]);
  });
});
