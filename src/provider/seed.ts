/**
 * The participants the reference provider starts with: the built-in seed `npm start`
 * uses, and the second account's participants, so that account isolation (another
 * account's participant is a 404) is something the provider can prove.
 */
import { createHash, randomBytes } from "node:crypto";
import type { VariantName } from "../core/cases.js";
import type { ParticipantRef } from "../core/resource.js";
import type { Fixtures } from "../net/fixtures.js";

/** A valid SID for a prefix, stable for a seed: 32 hex digits of a hash, so unlike the reference's 'aaaa' examples. */
export function deriveSid(prefix: string, seed: string): string {
  return prefix + createHash("sha256").update(seed).digest("hex").slice(0, 32);
}

/** A token no one can guess from anything public: the SIDs are fixed, so the token must not come from them. */
function freshToken(): string {
  return randomBytes(16).toString("hex");
}

/**
 * The seed `npm start` uses: one service with the two participants in sessions of
 * their own (so that the verifier can ask for one participant under the other's
 * session), and a second account, each with an API key. The SIDs are fixed; the auth
 * tokens and key secrets are fresh on every call, so build it once and hand the same
 * object to the provider and to the verifier.
 */
export function defaultFixtures(): Fixtures {
  const serviceSid = deriveSid("KS", "reference service");
  return {
    accountSid: deriveSid("AC", "reference account"),
    authToken: freshToken(),
    phone: {
      serviceSid,
      sessionSid: deriveSid("KC", "reference phone session"),
      participantSid: deriveSid("KP", "reference phone participant"),
    },
    messenger: {
      serviceSid,
      sessionSid: deriveSid("KC", "reference messenger session"),
      participantSid: deriveSid("KP", "reference messenger participant"),
    },
    // Each account's API key: the SIDs fixed, the secrets fresh, like the tokens.
    apiKey: { sid: deriveSid("SK", "reference api key"), secret: freshToken() },
    otherAccount: {
      accountSid: deriveSid("AC", "reference other account"),
      authToken: freshToken(),
      apiKey: { sid: deriveSid("SK", "reference other api key"), secret: freshToken() },
    },
  };
}

/**
 * The participants of an account the fixtures give only credentials for (the second
 * account): derived from its SID, one service and one session per participant, sharing
 * no SID with any other account's derived participants.
 */
export function derivedParticipants(accountSid: string): Record<VariantName, ParticipantRef> {
  const ref = (variant: VariantName): ParticipantRef => ({
    serviceSid: deriveSid("KS", `${variant} service of ${accountSid}`),
    sessionSid: deriveSid("KC", `${variant} session of ${accountSid}`),
    participantSid: deriveSid("KP", `${variant} participant of ${accountSid}`),
  });
  return { phone: ref("phone"), messenger: ref("messenger") };
}
