/**
 * The third party's pact, verified by this suite as a provider team would: from a file
 * and through a Pact Broker, with the reference provider setting its states up itself
 * (Pact's convention, per interaction, with the pact's params), and in fixtures mode
 * with a `states` map. What the state endpoint received is asserted, in order.
 */
import { isDeepStrictEqual } from "node:util";
import { expect } from "chai";
import { PACT_PROVIDER } from "../../../src/core/cases.js";
import { defaultFixtures, type RunningProvider, STATE_SETUP_PATH, startProvider } from "../../../src/provider/index.js";
import { startBrokerDouble } from "../../support/broker-double.js";
import { runCli, serve, type TestServer, writeFixtures, wrongSid } from "../../support/verify.js";
import { CONSUMER, THIRD_PARTY_PARAMS, THIRD_PARTY_STATES, writeThirdPartyPact } from "./consumer.js";

interface StateCall {
  state: string;
  params: Record<string, unknown>;
  action: string;
}

/** A state endpoint that records each call, then hands it to the reference provider's own. */
async function recordingStates(provider: RunningProvider, calls: StateCall[]): Promise<TestServer> {
  return serve((req, res) => {
    let text = "";
    req.on("data", (d) => (text += d));
    req.on("end", async () => {
      calls.push(JSON.parse(text) as StateCall);
      const answer = await fetch(`${provider.url}${STATE_SETUP_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" },
        body: text,
      });
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(await answer.text());
    });
  });
}

describe("a third party's pact, verified by this suite", () => {
  const fixtures = defaultFixtures();
  const credentials = { TWILIO_ACCOUNT_SID: fixtures.accountSid, TWILIO_AUTH_TOKEN: fixtures.authToken };
  let pactFile: string;
  let provider: RunningProvider;

  before(async () => {
    pactFile = await writeThirdPartyPact();
    provider = await startProvider({ fixtures });
  });
  after(() => provider.close());

  /** The calls the pact phase makes: those with the third party's own params (the live checks use the suite's). */
  const pactPhaseCalls = (calls: StateCall[]) => {
    const theirs = Object.values(THIRD_PARTY_PARAMS);
    return calls.filter((c) => theirs.some((params) => isDeepStrictEqual(params, c.params)));
  };
  // In the pact file's order: pact-js sorts interactions by description ("a lookup of a m…" < "… a r…" < "… an a…").
  const expectedPactPhase: StateCall[] = (["messenger", "gone", "active"] as const).flatMap((key) => [
    { state: THIRD_PARTY_STATES[key], params: THIRD_PARTY_PARAMS[key], action: "setup" },
    { state: THIRD_PARTY_STATES[key], params: THIRD_PARTY_PARAMS[key], action: "teardown" },
  ]);

  it("from a file, with the implementation's state endpoint: setup and teardown around each interaction", async () => {
    const calls: StateCall[] = [];
    const states = await recordingStates(provider, calls);
    try {
      const run = await runCli(
        ["--base-url", provider.url, "--pacts", pactFile, "--state-setup-url", `${states.url}/state`, "--verbose"],
        credentials,
      );
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(run.stdout).to.include(`PASS  pact        ${CONSUMER}: a lookup of an active phone participant`);
      // In the pact file's order (Pact sorts interactions by description).
      expect(pactPhaseCalls(calls).map((c) => c.state)).to.deep.equal(expectedPactPhase.map((c) => c.state));
      expect(pactPhaseCalls(calls)).to.have.deep.members(expectedPactPhase);
      for (let i = 0; i < expectedPactPhase.length; i += 2) {
        expect(
          pactPhaseCalls(calls)
            .slice(i, i + 2)
            .map((c) => c.action),
        ).to.deep.equal(["setup", "teardown"]);
      }
    } finally {
      await states.close();
    }
  });

  it("from a Pact Broker, with the implementation's state endpoint", async () => {
    const broker = await startBrokerDouble({ mainBranch: "main" });
    const calls: StateCall[] = [];
    const states = await recordingStates(provider, calls);
    try {
      const { readFileSync } = await import("node:fs");
      broker.seedPact(JSON.parse(readFileSync(pactFile, "utf8")), "acme-sha-1", "main");
      const run = await runCli(
        [
          "--base-url",
          provider.url,
          "--state-setup-url",
          `${states.url}/state`,
          "--broker-url",
          broker.url,
          "--provider-version",
          "provider-sha-1",
          "--provider-branch",
          "main",
          "--publish",
        ],
        credentials,
      );
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(pactPhaseCalls(calls)).to.deep.equal(expectedPactPhase);
      expect(broker.verifications.map((v) => [v.consumer, v.success])).to.deep.equal([[CONSUMER, true]]);
    } finally {
      await states.close();
      await broker.close();
    }
  });

  it("in fixtures mode, with a states map naming the SIDs to use", async () => {
    const map = {
      [THIRD_PARTY_STATES.active]: { ...fixtures.phone },
      [THIRD_PARTY_STATES.messenger]: { ...fixtures.messenger },
      [THIRD_PARTY_STATES.gone]: { ...fixtures.phone, participantSid: `KP${"9".repeat(32)}` },
    };
    const run = await runCli([
      "--base-url",
      provider.url,
      "--pacts",
      pactFile,
      "--fixtures",
      writeFixtures({ ...fixtures, states: map }),
      "--verbose",
    ]);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.include(`PASS  pact        ${CONSUMER}: a lookup of a messenger participant`);
  });

  it("in fixtures mode without a map: exit 2, naming the state and the fix", async () => {
    const run = await runCli(["--base-url", provider.url, "--pacts", pactFile, "--fixtures", writeFixtures(fixtures)]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(
      new RegExp(
        `^error: the pacts name provider state "${THIRD_PARTY_STATES.messenger}", which the fixtures cannot resolve: give --state-setup-url`,
      ),
    );
    expect(run.stdout).not.to.include("FAIL");
  });

  it(`catches a ${PACT_PROVIDER} that breaks what the third party relies on`, async () => {
    const broken = await startProvider({ fixtures, mutation: wrongSid });
    try {
      const run = await runCli(
        [
          "--base-url",
          broken.url,
          "--pacts",
          pactFile,
          "--state-setup-url",
          `${broken.url}${STATE_SETUP_PATH}`,
          "--verbose",
        ],
        credentials,
      );
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(
        new RegExp(`FAIL  pact        ${CONSUMER}: a lookup of an active phone participant\\n.*sid`),
      );
    } finally {
      await broken.close();
    }
  });
});
