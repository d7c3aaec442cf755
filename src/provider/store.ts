/**
 * Participants by account, and the credentials that authenticate as each account: its auth
 * token, and any API keys (SK…) it holds. An account has any number of services and sessions; a
 * participant is found only under its own account, service, session and SID, which
 * is what makes another account's participant, or a participant asked for under
 * another service or session, a 404. Participants created through the provider-state
 * endpoint are capped (oldest evicted first) so a long verification run or a load test
 * cannot grow memory without bound; seeded ones are permanent.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { VariantName } from "../core/cases.js";
import { EnvironmentError } from "../core/errors.js";
import { type ParticipantRef, participantPath } from "../core/resource.js";
import type { Fixtures } from "../net/fixtures.js";
import type { StoredParticipant } from "./hooks.js";
import { derivedParticipants, deriveSid } from "./seed.js";

export const MAX_CREATED_PARTICIPANTS = 1000;

/** Tokens are kept and compared as digests: equal lengths whatever was sent, and no plain token held. */
function digest(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

function keyOf(accountSid: string, ref: ParticipantRef): string {
  return `${accountSid}${participantPath(ref)}`;
}

const UNKNOWN_ACCOUNT = Buffer.alloc(32);

interface Account {
  token: Buffer;
  /** The account's own phone and messenger participants, which the suite's provider states name. */
  seeded: Record<VariantName, ParticipantRef>;
}

export class ParticipantStore {
  readonly #accounts = new Map<string, Account>();
  /** API keys by SID: the account each authenticates as, and its secret's digest. */
  readonly #keys = new Map<string, { accountSid: string; secret: Buffer }>();
  readonly #seeded = new Map<string, StoredParticipant>();
  /** Insertion order is age: the first key is the oldest. */
  readonly #created = new Map<string, StoredParticipant>();

  /** An account with its token and its two seeded participants. */
  addAccount(accountSid: string, authToken: string, participants: Record<VariantName, ParticipantRef>): void {
    this.#accounts.set(accountSid, { token: digest(authToken), seeded: participants });
    for (const variant of ["phone", "messenger"] as const satisfies VariantName[]) {
      const participant = { accountSid, ref: { ...participants[variant] }, variant };
      this.#seeded.set(keyOf(accountSid, participant.ref), participant);
    }
  }

  /** An API key of an account: its SID and secret authenticate as that account, as Twilio's keys do. */
  addApiKey(accountSid: string, keySid: string, secret: string): void {
    this.#keys.set(keySid, { accountSid, secret: digest(secret) });
  }

  /** Constant time in the token; an unknown account costs the same comparison. */
  checkToken(accountSid: string, token: string): boolean {
    const expected = this.#accounts.get(accountSid)?.token;
    const equal = timingSafeEqual(digest(token), expected ?? UNKNOWN_ACCOUNT);
    return equal && expected !== undefined;
  }

  /**
   * The account a Basic username and password authenticate as: an account SID with its own
   * auth token, or an API key's SID with its own secret (never the account's token, nor a
   * secret of another key). Constant time in the password.
   */
  accountOf(username: string, password: string): string | undefined {
    const key = this.#keys.get(username);
    if (!key) return this.checkToken(username, password) ? username : undefined;
    return timingSafeEqual(digest(password), key.secret) ? key.accountSid : undefined;
  }

  /** The account's seeded participant of that variant. */
  seeded(accountSid: string, variant: VariantName): ParticipantRef | undefined {
    return this.#accounts.get(accountSid)?.seeded[variant];
  }

  /** A well-formed SID in the account's phone session that names nobody there (now). */
  nobody(accountSid: string): ParticipantRef | undefined {
    const session = this.seeded(accountSid, "phone");
    if (!session) return undefined;
    for (let attempt = 0; ; attempt++) {
      const ref = { ...session, participantSid: deriveSid("KP", `nobody in ${session.sessionSid} #${attempt}`) };
      if (!this.find(accountSid, ref)) return ref;
    }
  }

  /** Adds a participant, unless one already exists at that account and path: then that one is kept and returned. */
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

  all(): StoredParticipant[] {
    return [...this.#seeded.values(), ...this.#created.values()];
  }

  get createdCount(): number {
    return this.#created.size;
  }
}

/**
 * The fixtures' account with its two participants, and the second account
 * (`otherAccount`) when the fixtures name one, with participants of its own.
 */
export function seedStore(fixtures: Fixtures): ParticipantStore {
  const store = new ParticipantStore();
  const other = fixtures.otherAccount;
  if (other) {
    // Two accounts under one SID would be one account whose token depends on the order of seeding.
    if (other.accountSid === fixtures.accountSid)
      throw new EnvironmentError("the fixtures' otherAccount must be another account than accountSid");
    store.addAccount(other.accountSid, other.authToken, derivedParticipants(other.accountSid));
    if (other.apiKey) store.addApiKey(other.accountSid, other.apiKey.sid, other.apiKey.secret);
  }
  store.addAccount(fixtures.accountSid, fixtures.authToken, { phone: fixtures.phone, messenger: fixtures.messenger });
  if (fixtures.apiKey) {
    if (fixtures.apiKey.sid === other?.apiKey?.sid)
      throw new EnvironmentError(
        "the fixtures' apiKey and otherAccount.apiKey must be two keys: one key has one account",
      );
    store.addApiKey(fixtures.accountSid, fixtures.apiKey.sid, fixtures.apiKey.secret);
  }
  return store;
}
