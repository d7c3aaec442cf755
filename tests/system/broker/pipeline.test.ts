/**
 * The CI pipeline's broker steps in order, each step reading what the previous one left
 * in the broker: publish (real CLI) → pacts for verification → results published →
 * record-deployment (real CLI) → can-i-deploy (real CLI). The verification itself is
 * src/verify's job; here its outcome is given: the provider passes the client's pact
 * and fails the SDK's.
 */
import { expect } from "chai";
import { fetchPactsForVerification, publishVerificationResult } from "../../../src/broker/verification.js";
import { canIDeploy } from "../../../src/cli/can-i-deploy.js";
import { publish } from "../../../src/cli/publish.js";
import { recordDeployment } from "../../../src/cli/record-deployment.js";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../../../src/core/cases.js";
import { brokerEnv, expectNoSecret, FAKE_TOKEN, pactDirectory, run } from "../../support/broker.js";
import { type BrokerDouble, startBrokerDouble } from "../../support/broker-double.js";

const PROVIDER_VERSION = "fedcba9876543210fedcba9876543210fedcba98";

describe("the pipeline's broker steps, end to end against the broker double", () => {
  let broker: BrokerDouble;
  const pacts = pactDirectory();
  before(async () => {
    broker = await startBrokerDouble({ token: FAKE_TOKEN });
  });
  after(async () => {
    pacts.remove();
    await broker.close();
  });

  it("publish → verify from the broker → record-deployment → can-i-deploy", async () => {
    const consumerEnv = brokerEnv(broker.url, { GIT_BRANCH: "main" });
    const providerEnv = brokerEnv(broker.url, { GIT_COMMIT: PROVIDER_VERSION, GIT_BRANCH: "main" });
    const settings = { baseUrl: broker.url, token: FAKE_TOKEN };

    const published = await run(publish, ["--dir", pacts.dir], consumerEnv);
    expect(published.code, published.err).to.equal(0);

    const toVerify = await fetchPactsForVerification(
      settings,
      { provider: PACT_PROVIDER, providerVersionBranch: "main", enablePending: true },
      2000,
    );
    expect(toVerify.map((p) => [p.consumer, p.pending]).sort()).to.deep.equal([
      [PACT_CONSUMERS.client, true],
      [PACT_CONSUMERS.sdk, true],
    ]);
    for (const pact of toVerify) {
      const success = pact.consumer === PACT_CONSUMERS.client;
      await publishVerificationResult(
        settings,
        pact,
        { success, providerVersion: PROVIDER_VERSION, providerBranch: "main" },
        2000,
      );
    }

    const deployed = await run(
      recordDeployment,
      ["--environment", "production", "--pacticipant", PACT_PROVIDER],
      providerEnv,
    );
    expect(deployed.code, deployed.err).to.equal(0);

    const client = await run(
      canIDeploy,
      ["--to-environment", "production", "--pacticipant", PACT_CONSUMERS.client],
      consumerEnv,
    );
    const sdk = await run(
      canIDeploy,
      ["--to-environment", "production", "--pacticipant", PACT_CONSUMERS.sdk],
      consumerEnv,
    );
    expect([client.code, sdk.code]).to.deep.equal([0, 1]);
    expect(sdk.out).to.include(`version ${PROVIDER_VERSION} of ${PACT_PROVIDER} failed`);
    for (const result of [published, deployed, client, sdk]) expectNoSecret(result);
  });
});
