/**
 * The table every layer reads: the two response variants and the error cases, with
 * the provider state that produces each. Consumer tests, pact generation, the
 * reference provider's seed data and the mutation catalog all start from these rows,
 * so a change here is a change to the contract.
 */
import type { ParticipantRef, ParticipantTraits } from "./resource.js";

export type VariantName = "phone" | "messenger";

export interface VariantCase {
  name: VariantName;
  /** The Pact provider state that makes this participant exist. */
  state: string;
  /** The participant's traits, from the reference's example for this variant. */
  traits: ParticipantTraits;
}

/** The params every participant provider state carries; the verifier injects their values into the request path. */
export const STATE_PARAMS = ["serviceSid", "sessionSid", "participantSid"] as const;

export const variants: Record<VariantName, VariantCase> = {
  phone: {
    name: "phone",
    state: "a participant with a phone number identifier exists",
    traits: {
      friendlyName: "friendly_name",
      identifier: "+14155551212",
      proxyIdentifier: "+14155559999",
      proxyIdentifierSid: "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      dateCreated: "2015-07-30T20:00:00Z",
      dateUpdated: "2015-07-30T20:00:00Z",
      // The reference's example is a removed participant; an active one has null here.
      dateDeleted: null,
    },
  },
  messenger: {
    name: "messenger",
    state: "a participant with a messenger identifier exists",
    traits: {
      friendlyName: "a facebook user",
      identifier: "messenger:14155551212",
      proxyIdentifier: "messenger:14155559999",
      proxyIdentifierSid: "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      dateCreated: "2015-07-30T20:00:00Z",
      dateUpdated: "2015-07-30T20:00:00Z",
      dateDeleted: null,
    },
  },
};

export const errorCases = {
  notFound: { name: "notFound", state: "no participant with this SID exists", status: 404, code: 20404 },
  unauthorized: { name: "unauthorized", state: "the caller's credentials are wrong", status: 401, code: 20003 },
} as const;

/** The SIDs of the reference's own examples: every SID is its prefix and 32 'a's. */
export const exampleAccountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
export const exampleRef: ParticipantRef = {
  serviceSid: "KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  sessionSid: "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  participantSid: "KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

/** Pact pacticipant names: stable, because brokers and pact file names key on them. */
export const PACT_PROVIDER = "twilio-proxy-participants";
export const PACT_CONSUMERS = {
  /** This suite's own typed client (src/client.ts). */
  client: "participant-client",
  /** The official twilio Node SDK. */
  sdk: "twilio-node",
} as const;

/** Provider states the pacts name; the verifier resolves each from the fixtures. */
export const STATES = {
  phone: variants.phone.state,
  messenger: variants.messenger.state,
  notFound: errorCases.notFound.state,
  /** The request is for an existing participant but carries credentials that are wrong. */
  wrongCredentials: errorCases.unauthorized.state,
} as const;
