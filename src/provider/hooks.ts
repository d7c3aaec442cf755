/**
 * The seams where a variant of the reference provider may differ from it, and what a
 * variant sees at each. The suite's mutation test (tests/mutation/) breaks the
 * reference one defect at a time through these hooks, and proves that harmless
 * differences (how the bytes travel, not what they say) pass; the reference itself
 * runs with none of them.
 */

import type { VariantName } from "../core/cases.js";
import type { Credentials } from "../core/credentials.js";
import type { ParticipantRef } from "../core/resource.js";
import type { Fixtures } from "../net/fixtures.js";

/** Who the caller turned out to be. */
export type AuthVerdict =
  | { kind: "none" }
  /** Credentials were sent but do not name an account with that token (username may be ""). */
  | { kind: "wrong"; username: string }
  | { kind: "valid"; accountSid: string };

/** The username and password of a well-formed `Basic` header. */
export type BasicCredentials = Credentials;

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
  /** The request target as sent: the path and its query string. */
  target: string;
  /** The path the provider routes by: as requested without the query string, unless a `path` hook reads it otherwise. */
  path: string;
  /** The request's headers (lower-case names), as Node parsed them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The headers as sent, names in their own letter case (name, value, name, value…): what a careless parser reads. */
  rawHeaders: readonly string[];
  /** The same object for every request on one connection: what a per-connection cache keys on. */
  connection: object;
  /** scheme://host the request came to; the body's url is built on it. */
  baseUrl: string;
  route: Route;
  /** The three SIDs of a participant path, whatever they hold. */
  requested?: ParticipantRef;
  /** Every SID in the participant path fits its pattern. */
  wellFormed: boolean;
  /** The Authorization header as sent. */
  authorization?: string;
  /** What a `Basic` header decodes to, when it decodes at all. */
  credentials?: BasicCredentials;
  auth: AuthVerdict;
  /** What the lookup found in the caller's account (after the `find` hook). */
  participant?: StoredParticipant;
  /** The seed the provider started from, so a variant can reach the known participants. */
  fixtures: Fixtures;
  /** Every participant the provider holds, in every account: what a careless lookup could reach. */
  allParticipants(): readonly StoredParticipant[];
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
 * How a response travels, where HTTP allows more than one way. The reference sends a
 * Content-Length body at once; every other choice here is one a real server makes and
 * a client must accept.
 */
export interface Delivery {
  /** An informational `103 Early Hints` before the answer. */
  earlyHints?: boolean;
  /**
   * How the body's end is marked: `length` (Content-Length, the reference's way),
   * `chunked` (Transfer-Encoding: chunked) or `close` (no length at all, `Connection:
   * close`, the body ends when the connection does).
   */
  framing?: "length" | "chunked" | "close";
  /** gzip the body, when (and only when) the request's Accept-Encoding accepts gzip. */
  gzip?: boolean;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Compress in this coding when (and only when) the request's Accept-Encoding accepts it. */
  coding?: "gzip" | "deflate" | "br";
  /** An HTTP/1.0 answer: its status line, Content-Length, then the connection closes. */
  http10?: boolean;
  // Broken ways, for the mutation test: a provider that answers but breaks HTTP.
  /** Content-Length off by this many bytes from the body actually sent. */
  lengthOffBy?: number;
  /** A Content-Encoding header naming this coding over a body that is not in it. */
  falseCoding?: string;
  /** Compress in this coding whatever the request's Accept-Encoding says (none at all, as curl sends). */
  forcedCoding?: "gzip" | "deflate" | "br";
  /** Send only this many bytes of the body, then close the connection. */
  cutBodyAt?: number;
}

/**
 * One defect (or one harmless difference), as optional hooks run in request order:
 * how the path is read, who the caller is, which participant the path names, the
 * finished response, and how it is delivered.
 */
export interface Mutation {
  authenticate?(verdict: AuthVerdict, context: RequestContext): AuthVerdict;
  find?(found: StoredParticipant | undefined, context: RequestContext): StoredParticipant | undefined;
  /** May take its time (a promise): a variant that waits, or shares state across a wait. */
  respond?(response: ProviderResponse, context: RequestContext): ProviderResponse | Promise<ProviderResponse>;
  /** The path the provider routes by, read from the one requested (a router that normalises). */
  path?(path: string, context: Pick<RequestContext, "method" | "target" | "headers">): string;
  deliver?(response: ProviderResponse, context: RequestContext): Delivery;
}
