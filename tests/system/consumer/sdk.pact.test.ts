/**
 * The official twilio Node SDK as a second consumer: most consumers of this endpoint
 * use it, so the contract must hold for what it sends and what it reads.
 */
import { expect } from "chai";
import twilio from "twilio";
import { exampleAccountSid, exampleRef, PACT_CONSUMERS, type VariantName, variants } from "../../../src/core/cases.js";
import { addParticipantInteraction, participantContract } from "../../../src/pact/kit.js";
import { describeConsumerContract, recorded } from "../../support/contract-run.js";

function participantVia(mockUrl: string) {
  const client = twilio(exampleAccountSid, "example-auth-token");
  client.proxy.baseUrl = mockUrl;
  return client.proxy.v1
    .services(exampleRef.serviceSid)
    .sessions(exampleRef.sessionSid)
    .participants(exampleRef.participantSid);
}

describeConsumerContract(PACT_CONSUMERS.sdk, (pact) => {
  // Region and edge rewrite the SDK's host (127.0.0.1 would become 127.0.0.1.au1...).
  const saved = { region: process.env.TWILIO_REGION, edge: process.env.TWILIO_EDGE };
  before(() => {
    delete process.env.TWILIO_REGION;
    delete process.env.TWILIO_EDGE;
  });
  after(() => {
    if (saved.region !== undefined) process.env.TWILIO_REGION = saved.region;
    if (saved.edge !== undefined) process.env.TWILIO_EDGE = saved.edge;
  });

  for (const variant of ["phone", "messenger"] as const satisfies VariantName[]) {
    it(`${participantContract[variant].state}: fetch() gives a ParticipantInstance`, () =>
      addParticipantInteraction(pact(), variant).executeTest(async (mock) => {
        const participant = await participantVia(mock.url).fetch();

        expect(participant.sid).to.equal(exampleRef.participantSid);
        expect(participant.sessionSid).to.equal(exampleRef.sessionSid);
        expect(participant.identifier).to.equal(variants[variant].traits.identifier);
        expect(participant.proxyIdentifier).to.equal(variants[variant].traits.proxyIdentifier);
        expect(participant.dateCreated.toISOString()).to.equal(
          new Date(variants[variant].traits.dateCreated).toISOString(),
        );
        expect(participant.links.message_interactions).to.equal(`${participant.url}/MessageInteractions`);
        // The SDK reads all 13 keys, so the contract carries them all.
        expect(participant.friendlyName).to.equal(variants[variant].traits.friendlyName);
        expect(participant.dateDeleted).to.be.instanceOf(Date);
        await recorded(mock);
      }));
  }

  it(`${participantContract.notFound.state}: fetch() rejects with RestException 404 / 20404`, () =>
    addParticipantInteraction(pact(), "notFound").executeTest(async (mock) => {
      let error: unknown;
      try {
        await participantVia(mock.url).fetch();
      } catch (caught) {
        error = caught;
      }

      expect(error).to.be.instanceOf(twilio.RestException);
      expect(error).to.include({ status: 404, code: 20404, moreInfo: "https://www.twilio.com/docs/errors/20404" });
      expect((error as Error).message).to.match(/was not found/);
      await recorded(mock);
    }));
});
