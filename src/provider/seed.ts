/**
 * The participants the reference provider starts with: the built-in seed `npm start`
 * uses, and a neighbouring account derived from any seed, so that account isolation
 * (another account's participant is a 404) is something the provider can prove.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Fixtures } from "../fixtures.js";
import type { ParticipantRef } from "../resource.js";

/** A valid SID for a prefix, stable for a seed: 32 hex digits of a hash, so unlike the reference's 'aaaa' examples. */
export function deriveSid(prefix: string, seed: string): string {
  return prefix + createHash("sha256").update(seed).digest("hex").slice(0, 32);
}

/**
 * The seed `npm start` uses: both participants in one session of one service, as in a
 * real Proxy session. The SIDs are fixed; the auth token is fresh on every call, so
 * build it once and hand the same object to the provider and to the verifier.
 */
export function defaultFixtures(): Fixtures {
  const session = {
    serviceSid: deriveSid("KS", "reference service"),
    sessionSid: deriveSid("KC", "reference session"),
  };
  return {
    accountSid: deriveSid("AC", "reference account"),
    authToken: randomBytes(16).toString("hex"),
    phone: { ...session, participantSid: deriveSid("KP", "reference phone participant") },
    messenger: { ...session, participantSid: deriveSid("KP", "reference messenger participant") },
  };
}

function neighbourRef(ref: ParticipantRef): ParticipantRef {
  return {
    serviceSid: deriveSid("KS", `neighbour of ${ref.serviceSid}`),
    sessionSid: deriveSid("KC", `neighbour of ${ref.sessionSid}`),
    participantSid: deriveSid("KP", `neighbour of ${ref.participantSid}`),
  };
}

/** Another account with its own two participants, derived from a seed (and distinct from it). */
export function neighbourFixtures(fixtures: Fixtures): Fixtures {
  return {
    accountSid: deriveSid("AC", `neighbour of ${fixtures.accountSid}`),
    authToken: createHash("sha256").update(`neighbour token of ${fixtures.accountSid}`).digest("hex").slice(0, 32),
    phone: neighbourRef(fixtures.phone),
    messenger: neighbourRef(fixtures.messenger),
  };
}

/** A well-formed participant SID in the phone participant's session that names nobody. */
export function unknownParticipantRef(fixtures: Fixtures): ParticipantRef {
  return { ...fixtures.phone, participantSid: deriveSid("KP", `nobody in ${fixtures.phone.sessionSid}`) };
}
