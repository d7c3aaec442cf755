/**
 * A consumer of the endpoint written the way another team would write it: its own small
 * client (fetch, only the fields it uses), its own provider-state names and params, and
 * a pact-js consumer test whose pact this suite then verifies (provider.test.ts). What it
 * takes from the suite is what a team would import from the package: the consumer kit's
 * request and response matchers, so its pact promises exactly what schemas/ says.
 */
import "../../support/pact-env.js";
import { join } from "node:path";
import { PactV4 } from "@pact-foundation/pact";
import { expect } from "chai";
import {
  completePactFile,
  type InteractionName,
  PACT_PROVIDER,
  participantContract,
  STATES,
} from "../../../src/index.js";
import { recorded } from "../../support/contract-run.js";
import { tempDir } from "../../support/verify.js";

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
  const body = (await response.json()) as { friendly_name: string | null; identifier: string };
  return { name: body.friendly_name, address: body.identifier };
}

const credentials = { accountSid: `AC${"a".repeat(32)}`, authToken: "example-token-of-the-team" };

/** One of the team's interactions: its own state and description, the kit's request and response. */
function interaction(pact: PactV4, key: keyof typeof THIRD_PARTY_STATES, kit: InteractionName, description: string) {
  const { request, response } = participantContract[kit];
  return pact
    .addInteraction()
    .given(THIRD_PARTY_STATES[key], THIRD_PARTY_PARAMS[key])
    .uponReceiving(description)
    .withRequest(request.method, request.path, (b) => b.headers(request.headers))
    .willRespondWith(response.status, (b) => b.headers(response.headers).jsonBody(response.body));
}

/**
 * Runs the team's consumer test and returns the pact file it wrote (in a fresh directory:
 * Pact merges into an existing file), completed with the kit's "or null" rules.
 */
export async function writeThirdPartyPact(): Promise<string> {
  const dir = tempDir();
  const pact = new PactV4({ consumer: CONSUMER, provider: PACT_PROVIDER, dir, logLevel: "error" });

  await interaction(pact, "active", "phone", "a lookup of an active phone participant").executeTest(async (mock) => {
    const contact = await fetchContact(mock.url, credentials, THIRD_PARTY_PARAMS.active);
    expect(contact).to.deep.equal({ name: "friendly_name", address: "+14155551212" });
    await recorded(mock);
  });
  await interaction(pact, "messenger", "messenger", "a lookup of a messenger participant").executeTest(async (mock) => {
    const contact = await fetchContact(mock.url, credentials, THIRD_PARTY_PARAMS.messenger);
    expect(contact).to.deep.equal({ name: "a facebook user", address: "messenger:14155551212" });
  });
  await interaction(pact, "gone", "notFound", "a lookup of a removed participant").executeTest(async (mock) => {
    expect(await fetchContact(mock.url, credentials, THIRD_PARTY_PARAMS.gone)).to.equal(undefined);
    await recorded(mock);
  });

  const file = join(dir, `${CONSUMER}-${PACT_PROVIDER}.json`);
  completePactFile(file, [THIRD_PARTY_STATES.active, THIRD_PARTY_STATES.messenger]);
  return file;
}
