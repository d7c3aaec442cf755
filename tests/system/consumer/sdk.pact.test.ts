/**
 * The official twilio Node SDK as a second consumer: most consumers of this endpoint
 * use it, so the contract must hold for what it sends and what it reads.
 */
import { expect } from "chai";
import twilio from "twilio";
import { exampleAccountSid, exampleRef, PACT_CONSUMERS, type VariantName, variants } from "../../../src/core/cases.js";
import type { ParticipantRef } from "../../../src/core/resource.js";
import { addParticipantInteraction, participantContract } from "../../../src/pact/kit.js";
import { defaultFixtures, type RunningProvider, startProvider } from "../../../src/provider/index.js";
import { describeConsumerContract, recorded } from "../../support/contract-run.js";

/** An API key of the example account: what Twilio recommends a production client authenticates with. */
const EXAMPLE_KEY = { sid: `SK${"a".repeat(32)}`, secret: "example-key-secret" };

/** The SDK as its users build it: with the account's SID and token, or with an API key and the account named apart. */
function clientFor(auth: "token" | "api-key" = "token", accountSid = exampleAccountSid) {
  return auth === "token"
    ? twilio(accountSid, "example-auth-token")
    : twilio(EXAMPLE_KEY.sid, EXAMPLE_KEY.secret, { accountSid });
}

function participantVia(baseUrl: string, client = clientFor(), ref: ParticipantRef = exampleRef) {
  client.proxy.baseUrl = baseUrl;
  return client.proxy.v1.services(ref.serviceSid).sessions(ref.sessionSid).participants(ref.participantSid);
}

/** Region and edge rewrite the SDK's host (127.0.0.1 would become 127.0.0.1.au1...): cleared for the block's tests. */
function withoutRegionOrEdge(): void {
  const saved = { region: process.env.TWILIO_REGION, edge: process.env.TWILIO_EDGE };
  before(() => {
    delete process.env.TWILIO_REGION;
    delete process.env.TWILIO_EDGE;
  });
  after(() => {
    if (saved.region !== undefined) process.env.TWILIO_REGION = saved.region;
    if (saved.edge !== undefined) process.env.TWILIO_EDGE = saved.edge;
  });
}

/** The rejection a fetch ends in, or undefined when it resolves. */
async function rejectionOf(fetching: Promise<unknown>): Promise<unknown> {
  try {
    await fetching;
    return undefined;
  } catch (caught) {
    return caught;
  }
}

describeConsumerContract(PACT_CONSUMERS.sdk, (pact) => {
  withoutRegionOrEdge();

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

  it(`${participantContract.phone.state}, asked with an API key: the same request, the same ParticipantInstance`, () =>
    addParticipantInteraction(pact(), "phone").executeTest(async (mock) => {
      const participant = await participantVia(mock.url, clientFor("api-key")).fetch();

      expect(participant.accountSid).to.equal(exampleAccountSid);
      expect(participant.sid).to.equal(exampleRef.participantSid);
      await recorded(mock);
    }));

  it(`${participantContract.notFound.state}: fetch() rejects with RestException 404 / 20404`, () =>
    addParticipantInteraction(pact(), "notFound").executeTest(async (mock) => {
      const error = await rejectionOf(participantVia(mock.url).fetch());

      expect(error).to.be.instanceOf(twilio.RestException);
      expect(error).to.include({ status: 404, code: 20404, moreInfo: "https://www.twilio.com/docs/errors/20404" });
      expect((error as Error).message).to.match(/was not found/);
      await recorded(mock);
    }));
});

describe("the twilio SDK with API keys against the reference provider", () => {
  const fixtures = defaultFixtures();
  const key = fixtures.apiKey as NonNullable<typeof fixtures.apiKey>;
  const otherKey = fixtures.otherAccount?.apiKey as NonNullable<typeof key>;
  let provider: RunningProvider;
  withoutRegionOrEdge();
  before(async () => {
    provider = await startProvider({ fixtures });
  });
  after(() => provider.close());

  const fetchWith = (sid: string, secret: string) =>
    participantVia(provider.url, twilio(sid, secret, { accountSid: fixtures.accountSid }), fixtures.phone).fetch();
  const cases: [
    name: string,
    sid: () => string,
    secret: () => string,
    expected: { status: number; code: number } | "served",
  ][] = [
    ["the account's key: the participant, in the account", () => key.sid, () => key.secret, "served"],
    ["the key with a wrong secret: 401 / 20003", () => key.sid, () => `${key.secret}x`, { status: 401, code: 20003 }],
    [
      "the key's SID with the account's auth token: 401 / 20003",
      () => key.sid,
      () => fixtures.authToken,
      { status: 401, code: 20003 },
    ],
    ["the other account's key: 404 / 20404", () => otherKey.sid, () => otherKey.secret, { status: 404, code: 20404 }],
  ];
  for (const [name, sid, secret, expected] of cases)
    it(name, async () => {
      if (expected === "served") {
        const participant = await fetchWith(sid(), secret());
        expect(participant).to.include({ accountSid: fixtures.accountSid, sid: fixtures.phone.participantSid });
        return;
      }
      const error = await rejectionOf(fetchWith(sid(), secret()));
      expect(error).to.be.instanceOf(twilio.RestException);
      expect(error).to.include(expected);
    });
});
