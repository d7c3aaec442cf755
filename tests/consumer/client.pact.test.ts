/**
 * Our typed client as a Pact consumer: each provider state of the contract, one test,
 * the client run against the mock server and its result checked.
 */
import { expect } from "chai";
import { exampleAccountSid, exampleRef, PACT_CONSUMERS, type VariantName, variants } from "../../src/cases.js";
import { ParticipantClient, TwilioApiError } from "../../src/client.js";
import { addInteraction, interactions } from "../../src/pact/interactions.js";
import { describeConsumerContract } from "./contract-run.js";

const params = { serviceSid: exampleRef.serviceSid, sessionSid: exampleRef.sessionSid, sid: exampleRef.participantSid };

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
    const spec = interactions[variant];
    it(`${spec.state}: returns the ${variant} participant, checked by the schemas and rules`, () =>
      addInteraction(pact(), spec).executeTest(async (mock) => {
        const participant = await clientFor(mock.url).fetchParticipant(params, { variant });

        expect(participant.sid).to.equal(exampleRef.participantSid);
        expect(participant.identifier).to.equal(variants[variant].traits.identifier);
        expect(participant.proxy_identifier).to.equal(variants[variant].traits.proxyIdentifier);
        // Left out of the contract (see FIELDS_NOT_RELIED_ON): read as null when absent.
        expect(participant.date_deleted).to.equal(null);
      }));
  }

  const errors = [
    { spec: interactions.notFound, password: "example-auth-token", status: 404, code: 20404 },
    { spec: interactions.wrongCredentials, password: "wrong-auth-token", status: 401, code: 20003 },
  ];
  for (const { spec, password, status, code } of errors) {
    it(`${spec.state}: throws TwilioApiError ${status} / ${code}`, () =>
      addInteraction(pact(), spec).executeTest(async (mock) => {
        const error = await rejection(clientFor(mock.url, password).fetchParticipant(params));

        expect(error).to.be.instanceOf(TwilioApiError);
        expect(error).to.include({ status, code });
        expect((error as TwilioApiError).moreInfo).to.match(/^https:\/\//);
        expect((error as Error).message).to.not.include(password);
      }));
  }
});
