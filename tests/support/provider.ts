/** What the provider tests share: one seed, SIDs that name nobody, malformed SIDs, and a provider per suite. */
import assert from "node:assert/strict";
import type { ParticipantRef } from "../../src/core/resource.js";
import { formatViolation, type Violation } from "../../src/core/violation.js";
import type { Fixtures } from "../../src/net/fixtures.js";
import {
  defaultFixtures,
  derivedParticipants,
  type Mutation,
  type RunningProvider,
  startProvider,
} from "../../src/provider/index.js";
import { type SchemaName, validate } from "../../src/schema/validate.js";

export const fixtures = defaultFixtures();
const otherAccount = fixtures.otherAccount;
if (!otherAccount) throw new Error("defaultFixtures() names no otherAccount");
export const other = { ...otherAccount, ...derivedParticipants(otherAccount.accountSid) };

export type Credentials = [username: string, password: string];
export const right: Credentials = [fixtures.accountSid, fixtures.authToken];
export const otherRight: Credentials = [other.accountSid, other.authToken];

/** SIDs of the right shape that no account holds. */
export const unknownSid = {
  serviceSid: `KS${"5".repeat(32)}`,
  sessionSid: `KC${"6".repeat(32)}`,
  participantSid: `KP${"7".repeat(32)}`,
} satisfies ParticipantRef;

/** Each way a SID can be malformed, applied to a real SID so only the malformation makes it wrong. */
export const MALFORMATIONS: { name: string; apply: (sid: string) => string }[] = [
  { name: "wrong prefix", apply: (sid) => `KX${sid.slice(2)}` },
  { name: "lower-case prefix", apply: (sid) => sid.slice(0, 2).toLowerCase() + sid.slice(2) },
  { name: "one character short", apply: (sid) => sid.slice(0, -1) },
  { name: "one character long", apply: (sid) => `${sid}0` },
  { name: "a non-hex digit", apply: (sid) => `${sid.slice(0, -1)}g` },
  { name: "a non-ASCII digit (percent-encoded)", apply: (sid) => `${sid.slice(0, -1)}%C3%A9` },
  { name: "an encoded slash (%2F)", apply: (sid) => `${sid.slice(0, 10)}%2F${sid.slice(10)}` },
];

export function assertNoViolations(violations: Violation[], what: string): void {
  assert.deepEqual(violations.map(formatViolation), [], `${what} has violations`);
}

/** A Twilio error body: fits the schema, and its status is the HTTP status. */
export function assertTwilioError(
  res: { status: number; body: unknown },
  status: number,
  schema: SchemaName = "error",
): void {
  assert.equal(res.status, status);
  assertNoViolations(validate(schema, res.body), `${status} body`);
  assert.equal((res.body as { status: unknown }).status, status);
}

/** A reference provider (or a variant) for the enclosing describe block. */
export function useProvider(mutation?: Mutation, seed: Fixtures = fixtures): { readonly url: string } {
  let provider: RunningProvider | undefined;
  before(async () => {
    provider = await startProvider({ fixtures: seed, ...(mutation ? { mutation } : {}) });
  });
  after(async () => {
    await provider?.close();
  });
  return {
    get url() {
      if (!provider) throw new Error("the provider is not running");
      return provider.url;
    },
  };
}
