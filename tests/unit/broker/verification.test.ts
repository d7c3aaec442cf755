import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import packageJson from "../../../package.json" with { type: "json" };
import type { BrokerSettings } from "../../../src/broker/config.js";
import {
  type BrokerPact,
  defaultSelectors,
  fetchPactsForVerification,
  publishVerificationResult,
  VERIFIER_NAME,
} from "../../../src/broker/verification.js";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../../../src/core/cases.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import { deadPort, FAKE_TOKEN, pactOf } from "../../support/broker.js";
import { type BrokerDouble, startBrokerDouble } from "../../support/broker-double.js";

const TIMEOUT_MS = 2000;
const PROVIDER_VERSION = "fedcba9876543210fedcba9876543210fedcba98";
const WIP_SINCE = "2020-01-01";

describe("verification from the broker (fetchPactsForVerification, publishVerificationResult)", () => {
  let broker: BrokerDouble;
  let settings: BrokerSettings;
  beforeEach(async () => {
    broker = await startBrokerDouble({ token: FAKE_TOKEN });
    settings = { baseUrl: broker.url, token: FAKE_TOKEN };
    // The client's pact is on main; the SDK's only on a feature branch (work in progress).
    broker.seedPact(pactOf(PACT_CONSUMERS.client), "c-main-1", "main");
    broker.seedPact(pactOf(PACT_CONSUMERS.sdk, "/v1/Services/KS2/Sessions/KC2/Participants/KP2"), "s-feat-1", "feat/x");
  });
  afterEach(() => broker.close());

  const fetchMain = () =>
    fetchPactsForVerification(
      settings,
      { provider: PACT_PROVIDER, providerVersionBranch: "main", enablePending: true, includeWipPactsSince: WIP_SINCE },
      TIMEOUT_MS,
    );
  const clientPact = (pacts: BrokerPact[]) => pacts.find((p) => p.consumer === PACT_CONSUMERS.client) as BrokerPact;

  it("posts the default selectors, pending and WIP, and answers the pacts the broker chose", async () => {
    const pacts = await fetchMain();

    expect(broker.forVerification).to.deep.equal([
      {
        consumerVersionSelectors: defaultSelectors,
        includePendingStatus: true,
        providerVersionBranch: "main",
        includeWipPactsSince: WIP_SINCE,
      },
    ]);
    const byConsumer = Object.fromEntries(pacts.map((p) => [p.consumer, p]));
    expect(Object.keys(byConsumer).sort()).to.deep.equal(Object.values(PACT_CONSUMERS).sort());
    expect(byConsumer[PACT_CONSUMERS.client]).to.deep.include({ pending: true, wip: false });
    expect(byConsumer[PACT_CONSUMERS.client]?.description).to.include("main branch");
    expect(byConsumer[PACT_CONSUMERS.sdk]).to.deep.include({ pending: true, wip: true });
    for (const pact of pacts) {
      expect(pact.url).to.match(new RegExp(`^${broker.url}/pacts/provider/${PACT_PROVIDER}/consumer/`));
      expect(pact.publishResultsUrl).to.equal(`${pact.url}/verification-results`);
    }
    expect(broker.requests.every((r) => r.authorization === `Bearer ${FAKE_TOKEN}`)).to.equal(true);
  });

  it("publishes a result: the provider version joins its branch, the result is stored, the pact is no longer pending", async () => {
    const pact = clientPact(await fetchMain());

    await publishVerificationResult(
      settings,
      pact,
      {
        success: true,
        providerVersion: PROVIDER_VERSION,
        providerBranch: "main",
        buildUrl: "https://ci.example/run/2",
      },
      TIMEOUT_MS,
    );

    expect(broker.branchVersions).to.deep.equal([
      { pacticipant: PACT_PROVIDER, branch: "main", version: PROVIDER_VERSION },
    ]);
    expect(broker.verifications.map((v) => [v.consumer, v.providerVersion, v.body])).to.deep.equal([
      [
        PACT_CONSUMERS.client,
        PROVIDER_VERSION,
        {
          success: true,
          providerApplicationVersion: PROVIDER_VERSION,
          buildUrl: "https://ci.example/run/2",
          verifiedBy: { implementation: VERIFIER_NAME, version: packageJson.version },
        },
      ],
    ]);
    expect(clientPact(await fetchMain()).pending).to.equal(false);
  });

  it("a failed verification is published as such, without a branch when none is given", async () => {
    const pact = clientPact(await fetchMain());

    await publishVerificationResult(settings, pact, { success: false, providerVersion: PROVIDER_VERSION }, TIMEOUT_MS);

    expect(broker.branchVersions).to.deep.equal([]);
    expect(broker.verifications.map((v) => v.body.success)).to.deep.equal([false]);
    expect(clientPact(await fetchMain()).pending).to.equal(true);
  });

  it("without a provider branch, leaves out the matchingBranch selector (nothing to match)", async () => {
    await fetchPactsForVerification(settings, { provider: PACT_PROVIDER }, TIMEOUT_MS);

    expect(broker.forVerification[0]?.consumerVersionSelectors).to.deep.equal([
      { mainBranch: true },
      { deployedOrReleased: true },
    ]);
  });

  it("refuses WIP pacts without a provider branch, before any request", async () => {
    const error = await fetchPactsForVerification(
      settings,
      { provider: PACT_PROVIDER, includeWipPactsSince: WIP_SINCE },
      TIMEOUT_MS,
    ).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(EnvironmentError);
    expect((error as Error).message).to.match(/includeWipPactsSince needs the provider version's branch/);
    expect(broker.requests).to.deep.equal([]);
  });

  it("sends Basic auth when given a username and password", async () => {
    const open = await startBrokerDouble();
    try {
      await fetchPactsForVerification(
        { baseUrl: open.url, username: "alice", password: "hunter2" },
        { provider: PACT_PROVIDER },
        TIMEOUT_MS,
      );
      expect(open.requests[0]?.authorization).to.equal(`Basic ${btoa("alice:hunter2")}`);
    } finally {
      await open.close();
    }
  });

  const publishFailures: { name: string; arrange: (b: BrokerDouble) => void; cause: RegExp }[] = [
    {
      name: "the broker answers 500 to the result",
      arrange: (b) => b.failNext({ method: "POST", path: /\/verification-results$/, status: 500 }),
      cause: /refused POST http:\/\/127\.0\.0\.1:\d+\/pacts\/\S+\/verification-results: HTTP 500: injected failure$/,
    },
    {
      name: "the broker refuses the branch version",
      arrange: (b) => b.failNext({ method: "PUT", path: /\/branches\//, status: 403 }),
      cause: /refused PUT \S+\/pacticipants\/twilio-proxy-participants\/branches\/main\/versions\/\w+: HTTP 403/,
    },
  ];
  for (const { name, arrange, cause } of publishFailures) {
    it(`publishing fails with a one-line EnvironmentError when ${name}`, async () => {
      const pact = clientPact(await fetchMain());
      arrange(broker);

      const error = await publishVerificationResult(
        settings,
        pact,
        { success: true, providerVersion: PROVIDER_VERSION, providerBranch: "main" },
        TIMEOUT_MS,
      ).catch((e: unknown) => e);

      expect(error).to.be.instanceOf(EnvironmentError);
      const message = (error as Error).message;
      expect(message).to.match(/^cannot publish the verification result for participant-client: /);
      expect(message).to.match(cause).and.not.include("\n").and.not.include(FAKE_TOKEN);
      expect(broker.verifications).to.deep.equal([]);
    });
  }

  const fetchFailures: { name: string; settings: () => Promise<BrokerSettings>; cause: RegExp }[] = [
    {
      name: "the token is wrong",
      settings: async () => ({ baseUrl: broker.url, token: "pbtok-wrong" }),
      cause: /refused GET http:\/\/127\.0\.0\.1:\d+\/: HTTP 401/,
    },
    {
      name: "the broker is down",
      settings: async () => ({ baseUrl: `http://127.0.0.1:${await deadPort()}`, token: FAKE_TOKEN }),
      cause: /unreachable: cannot reach the Pact Broker \(GET http:\/\/127\.0\.0\.1:\d+\/\): connection refused$/,
    },
  ];
  for (const { name, settings: brokerSettings, cause } of fetchFailures) {
    it(`fetching fails with a one-line EnvironmentError when ${name}`, async () => {
      const error = await fetchPactsForVerification(
        await brokerSettings(),
        { provider: PACT_PROVIDER },
        TIMEOUT_MS,
      ).catch((e: unknown) => e);

      expect(error).to.be.instanceOf(EnvironmentError);
      expect((error as Error).message).to.match(
        /^cannot fetch the pacts to verify for twilio-proxy-participants: Pact Broker /,
      );
      expect((error as Error).message)
        .to.match(cause)
        .and.not.include(FAKE_TOKEN);
    });
  }

  it("a broker that never answers fails at the deadline, not later", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const started = performance.now();
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const error = await fetchPactsForVerification({ baseUrl: url }, { provider: PACT_PROVIDER }, 150).catch(
        (e: unknown) => e,
      );

      expect(error).to.be.instanceOf(EnvironmentError);
      expect((error as Error).message).to.match(
        /unreachable: the Pact Broker \(GET \S+\) did not answer within \d+ ms$/,
      );
      expect(performance.now() - started).to.be.within(140, 1000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
