/**
 * Participants by account. Lookups only ever see the caller's own account, which is
 * what makes another account's participant a 404. Participants created through the
 * provider-state endpoint are capped (oldest evicted first) so a long verification
 * run or a load test cannot grow memory without bound; seeded ones are permanent.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { VariantName } from "../cases.js";
import type { Fixtures } from "../fixtures.js";
import { type ParticipantRef, participantPath } from "../resource.js";
import type { StoredParticipant } from "./mutation.js";
import { neighbourFixtures } from "./seed.js";

export const MAX_CREATED_PARTICIPANTS = 1000;

/** Tokens are kept and compared as digests: equal lengths whatever was sent, and no plain token held. */
function digest(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

function keyOf(accountSid: string, ref: ParticipantRef): string {
  return `${accountSid}${participantPath(ref)}`;
}

const UNKNOWN_ACCOUNT = Buffer.alloc(32);

export class ParticipantStore {
  readonly #tokens = new Map<string, Buffer>();
  readonly #seeded = new Map<string, StoredParticipant>();
  /** Insertion order is age: the first key is the oldest. */
  readonly #created = new Map<string, StoredParticipant>();

  addAccount(accountSid: string, authToken: string): void {
    this.#tokens.set(accountSid, digest(authToken));
  }

  /** Constant time in the token; an unknown account costs the same comparison. */
  checkToken(accountSid: string, token: string): boolean {
    const expected = this.#tokens.get(accountSid);
    const given = digest(token);
    const equal = timingSafeEqual(given, expected ?? UNKNOWN_ACCOUNT);
    return equal && expected !== undefined;
  }

  seed(participant: StoredParticipant): void {
    this.#seeded.set(keyOf(participant.accountSid, participant.ref), participant);
  }

  create(participant: StoredParticipant): StoredParticipant {
    const key = keyOf(participant.accountSid, participant.ref);
    const existing = this.#seeded.get(key) ?? this.#created.get(key);
    if (existing) return existing;
    if (this.#created.size >= MAX_CREATED_PARTICIPANTS) {
      const oldest = this.#created.keys().next().value;
      if (oldest !== undefined) this.#created.delete(oldest);
    }
    this.#created.set(key, participant);
    return participant;
  }

  /** Removes a participant the state endpoint created; seeded ones stay. */
  remove(accountSid: string, ref: ParticipantRef): void {
    this.#created.delete(keyOf(accountSid, ref));
  }

  find(accountSid: string, ref: ParticipantRef): StoredParticipant | undefined {
    const key = keyOf(accountSid, ref);
    return this.#seeded.get(key) ?? this.#created.get(key);
  }

  get createdCount(): number {
    return this.#created.size;
  }
}

function seedAccount(store: ParticipantStore, fixtures: Fixtures): void {
  store.addAccount(fixtures.accountSid, fixtures.authToken);
  for (const variant of ["phone", "messenger"] as const satisfies VariantName[]) {
    store.seed({ accountSid: fixtures.accountSid, ref: { ...fixtures[variant] }, variant });
  }
}

/** The fixtures' account and a neighbouring one, each with a phone and a messenger participant. */
export function seedStore(fixtures: Fixtures): ParticipantStore {
  const store = new ParticipantStore();
  seedAccount(store, neighbourFixtures(fixtures));
  seedAccount(store, fixtures);
  return store;
}
