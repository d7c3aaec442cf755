/** The third party's consumer test: its client against the Pact mock server, and the pact it leaves. */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { CONSUMER, THIRD_PARTY_PARAMS, THIRD_PARTY_STATES, writeThirdPartyPact } from "./consumer.js";

describe("a third-party consumer of the endpoint", () => {
  it("writes a pact with its own states and params, one interaction per test", async () => {
    const pact = JSON.parse(readFileSync(await writeThirdPartyPact(), "utf8")) as {
      consumer: { name: string };
      interactions: { providerStates: { name: string; params: Record<string, string> }[] }[];
    };
    expect(pact.consumer.name).to.equal(CONSUMER);
    expect(pact.interactions.map((i) => i.providerStates)).to.have.deep.members([
      [{ name: THIRD_PARTY_STATES.active, params: THIRD_PARTY_PARAMS.active }],
      [{ name: THIRD_PARTY_STATES.messenger, params: THIRD_PARTY_PARAMS.messenger }],
      [{ name: THIRD_PARTY_STATES.gone, params: THIRD_PARTY_PARAMS.gone }],
    ]);
  });
});
