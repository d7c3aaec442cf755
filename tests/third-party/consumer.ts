/**
 * A consumer of the endpoint written the way another team would write it: its own small
 * client (fetch, only the fields it uses), its own provider-state names and params, and
 * a pact-js consumer test whose pact this suite then verifies (provider.test.ts). Nothing
 * here comes from the suite but the matchers a team would take from its consumer kit.
 */
import "../consumer/pact-env.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { expect } from "chai";
import { PACT_PROVIDER, STATES } from "../../src/cases.js";

const { regex, like, fromProviderState } = MatchersV3;

export const CONSUMER = "acme-support-desk";

/** The team's own provider states, and the participants their params name. */
export const THIRD_PARTY_STATES = {
  active: "Participant KP1 is active in a phone session",
  messenger: "a customer talks to us through Facebook Messenger",
  /** The suite's own name for a missing participant, taken from its kit: the reference provider knows it. */
  gone: STATES.notFound,
} as const;

const sids = (n: string) => ({
  serviceSid: `KS${n.repeat(32)}`,
  sessionSid: `KC${n.repeat(32)}`,
  participantSid: `KP${n.repeat(32)}`,
});
export const THIRD_PARTY_PARAMS = {
  active: sids("1"),
  messenger: { ...sids("2"), variant: "messenger" },
  gone: sids("3"),
};

/** What the support desk shows of a participant. */
export interface Contact {
  name: string | null;
  address: string;
}

/** The team's client: Basic auth, one GET, two fields read. */
export async function fetchContact(
  baseUrl: string,
  credentials: { accountSid: string; authToken: string },
  ref: { serviceSid: string; sessionSid: string; participantSid: string },
): Promise<Contact | undefined> {
  const response = await fetch(
    `${baseUrl}/v1/Services/${ref.serviceSid}/Sessions/${ref.sessionSid}/Participants/${ref.participantSid}`,
    {
      headers: {
        Authorization: `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString("base64")}`,
        Accept: "application/json",
      },
    },
  );
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`Twilio answered ${response.status}`);
  const body = (await response.json()) as { friendly_name?: string | null; identifier: string };
  return { name: body.friendly_name ?? null, address: body.identifier };
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: a Pact provider-state expression, filled in by the verifier.
const PATH = "/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants/${participantSid}";
const pathFor = (ref: { serviceSid: string; sessionSid: string; participantSid: string }) =>
  fromProviderState(
    PATH,
    `/v1/Services/${ref.serviceSid}/Sessions/${ref.sessionSid}/Participants/${ref.participantSid}`,
  );
const credentials = { accountSid: `AC${"a".repeat(32)}`, authToken: "example-token-of-the-team" };
const authorization = regex("^Basic [A-Za-z0-9+/]+={0,2}$", "Basic QUM6dG9rZW4=");

/**
 * Runs the team's consumer test and returns the pact file it wrote (in a fresh directory:
 * Pact merges into an existing file).
 */
export async function writeThirdPartyPact(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "third-party-pact-"));
  const pact = new PactV4({ consumer: CONSUMER, provider: PACT_PROVIDER, dir, logLevel: "error" });

  await pact
    .addInteraction()
    .given(THIRD_PARTY_STATES.active, THIRD_PARTY_PARAMS.active)
    .uponReceiving("a lookup of an active phone participant")
    .withRequest("GET", pathFor(THIRD_PARTY_PARAMS.active), (b) => b.headers({ Authorization: authorization }))
    .willRespondWith(200, (b) =>
      b.jsonBody({
        sid: regex("^KP[0-9a-fA-F]{32}$", THIRD_PARTY_PARAMS.active.participantSid),
        identifier: regex("^\\+[1-9][0-9]{1,14}$", "+14155551212"),
      }),
    )
    .executeTest(async (mock) => {
      const contact = await fetchContact(mock.url, credentials, THIRD_PARTY_PARAMS.active);
      expect(contact).to.deep.equal({ name: null, address: "+14155551212" });
    });

  await pact
    .addInteraction()
    .given(THIRD_PARTY_STATES.messenger, THIRD_PARTY_PARAMS.messenger)
    .uponReceiving("a lookup of a messenger participant")
    .withRequest("GET", pathFor(THIRD_PARTY_PARAMS.messenger), (b) => b.headers({ Authorization: authorization }))
    .willRespondWith(200, (b) =>
      b.jsonBody({
        friendly_name: like("a facebook user"),
        identifier: regex("^messenger:[!-~]+$", "messenger:14155551212"),
      }),
    )
    .executeTest(async (mock) => {
      const contact = await fetchContact(mock.url, credentials, THIRD_PARTY_PARAMS.messenger);
      expect(contact).to.deep.equal({ name: "a facebook user", address: "messenger:14155551212" });
    });

  await pact
    .addInteraction()
    .given(THIRD_PARTY_STATES.gone, THIRD_PARTY_PARAMS.gone)
    .uponReceiving("a lookup of a removed participant")
    .withRequest("GET", pathFor(THIRD_PARTY_PARAMS.gone), (b) => b.headers({ Authorization: authorization }))
    .willRespondWith(404, (b) => b.jsonBody({ code: 20404, status: 404 }))
    .executeTest(async (mock) => {
      expect(await fetchContact(mock.url, credentials, THIRD_PARTY_PARAMS.gone)).to.equal(undefined);
    });

  return join(dir, `${CONSUMER}-${PACT_PROVIDER}.json`);
}
