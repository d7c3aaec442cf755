/**
 * The seams where a variant of the reference provider may differ from it. The
 * suite's mutation test (tests/mutation/) breaks the reference one defect at a time
 * through these hooks; the reference itself runs with none of them.
 */
import type { VariantName } from "../cases.js";
import type { Fixtures } from "../fixtures.js";
import type { ParticipantRef } from "../resource.js";

/** Who the caller turned out to be. */
export type AuthVerdict =
  | { kind: "none" }
  /** Credentials were sent but do not name an account with that token (username may be ""). */
  | { kind: "wrong"; username: string }
  | { kind: "valid"; accountSid: string };

/** A participant the provider holds, in the account that owns it. */
export interface StoredParticipant {
  accountSid: string;
  ref: ParticipantRef;
  variant: VariantName;
}

export type Route = "participant" | "providerState" | "other";

/** What the provider knows about one request while it answers it. */
export interface RequestContext {
  method: string;
  /** The path as requested, without the query string. */
  path: string;
  /** scheme://host the request came to; the body's url is built on it. */
  baseUrl: string;
  route: Route;
  /** The three SIDs of a participant path, whatever they hold. */
  requested?: ParticipantRef;
  /** Every SID in the participant path fits its pattern. */
  wellFormed: boolean;
  auth: AuthVerdict;
  /** What the lookup found in the caller's account (after the `find` hook). */
  participant?: StoredParticipant;
  /** The seed the provider started from, so a variant can reach the known participants. */
  fixtures: Fixtures;
}

/** The response before it is written: a mutation may rewrite any part of it. */
export interface ProviderResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** A JSON value, serialised on the way out. */
  body?: unknown;
  /** Bytes sent instead of `body` (for answers that are not JSON). */
  raw?: string | Buffer;
}

/**
 * One defect (or one harmless difference), as optional hooks run in request order:
 * who the caller is, which participant the path names, and the finished response.
 */
export interface Mutation {
  authenticate?(verdict: AuthVerdict, context: RequestContext): AuthVerdict;
  find?(found: StoredParticipant | undefined, context: RequestContext): StoredParticipant | undefined;
  respond?(response: ProviderResponse, context: RequestContext): ProviderResponse;
}
