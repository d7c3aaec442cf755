/**
 * Our typed client as a Pact consumer: each provider state of the contract, one test,
 * the client run against the mock server and its result checked.
 */
import { expect } from "chai";
import { ParticipantClient, TwilioApiError } from "../../../src/client/participant-client.js";
import { exampleAccountSid, exampleRef, PACT_CONSUMERS, type VariantName, variants } from "../../../src/core/cases.js";
import { addParticipantInteraction, participantContract } from "../../../src/pact/kit.js";
import { describeConsumerContract, recorded } from "../../support/contract-run.js";

const params = { ...exampleRef };

function clientFor(baseUrl: string, password = "example-auth-token"): ParticipantClient {
  return new ParticipantClient({ baseUrl, username: exampleAccountSid, password, timeoutMs: 2_000 });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail("expected the call to fail");
}

describeConsumerContract(PACT_CONSUMERS.client, (pact) => {
  for (const variant of ["phone", "messenger"] as const satisfies VariantName[]) {
    const spec = participantContract[variant];
    it(`${spec.state}: returns the ${variant} participant, checked by the schemas and rules`, () =>
      addParticipantInteraction(pact(), variant).executeTest(async (mock) => {
        const participant = await clientFor(mock.url).fetchParticipant(params, { variant });

        expect(participant.sid).to.equal(exampleRef.participantSid);
        expect(participant.identifier).to.equal(variants[variant].traits.identifier);
        expect(participant.proxy_identifier).to.equal(variants[variant].traits.proxyIdentifier);
        expect(participant.friendly_name).to.equal(variants[variant].traits.friendlyName);
        // All 13 keys are in the contract: the reference's examples are removed participants.
        expect(participant.date_deleted).to.match(/^\d{4}-\d{2}-\d{2}T/);
        await recorded(mock);
      }));
  }

  const errors = [
    { name: "notFound", password: "example-auth-token", status: 404, code: 20404 },
    { name: "unauthorized", password: "wrong-auth-token", status: 401, code: 20003 },
  ] as const;
  for (const { name, password, status, code } of errors) {
    it(`${participantContract[name].state}: throws TwilioApiError ${status} / ${code}`, () =>
      addParticipantInteraction(pact(), name).executeTest(async (mock) => {
        const error = await rejection(clientFor(mock.url, password).fetchParticipant(params));

        expect(error).to.be.instanceOf(TwilioApiError);
        expect(error).to.include({ status, code });
        expect((error as TwilioApiError).moreInfo).to.match(/^https:\/\//);
        expect((error as Error).message).to.not.include(password);
        await recorded(mock);
      }));
  }
});
