/**
 * Builders for variants of the reference provider: each returns a Mutation (the hooks
 * in src/provider/hooks.ts) that changes one thing. The catalog reads as a table
 * of these, one defect (or one harmless difference) per row.
 */
import type { VariantName } from "../../../src/core/cases.js";
import { notFoundError, type ParticipantRef } from "../../../src/core/resource.js";
import type {
  AuthVerdict,
  Delivery,
  Mutation,
  ProviderResponse,
  RequestContext,
  StoredParticipant,
} from "../../../src/provider/index.js";
import { derivedParticipants, deriveSid } from "../../../src/provider/index.js";
import { isValid } from "../../../src/schema/validate.js";

export type Body = Record<string, unknown>;

/** Which responses a change applies to. */
export type Target = (response: ProviderResponse, context: RequestContext) => boolean;

export const participant200: Target = (r, c) => c.route === "participant" && r.status === 200 && !!c.participant;
export const variantOnly =
  (variant: VariantName): Target =>
  (r, c) =>
    participant200(r, c) && c.participant?.variant === variant;
export const statusIs =
  (status: number): Target =>
  (r, c) =>
    c.route === "participant" && r.status === status;
/** The 404 for a well-formed SID that names nobody (not the malformed-SID 404). */
export const unknownParticipant404: Target = (r, c) => statusIs(404)(r, c) && c.wellFormed;
export const malformedSid404: Target = (r, c) => statusIs(404)(r, c) && !c.wellFormed;
export const anyParticipantRoute: Target = (_r, c) => c.route === "participant";

/** Rewrites the responses the target picks. */
export function respond(
  target: Target,
  change: (response: ProviderResponse, context: RequestContext) => ProviderResponse,
): Mutation {
  return { respond: (response, context) => (target(response, context) ? change(response, context) : response) };
}

/** Edits the JSON body in place (the provider builds a fresh one for every response). */
export function editBody(target: Target, edit: (body: Body, context: RequestContext) => void): Mutation {
  return respond(target, (response, context) => {
    edit(response.body as Body, context);
    return response;
  });
}

/** Sets (or, with undefined, removes) one body field of every 200 participant. */
export function setField(
  field: string,
  value: (body: Body, context: RequestContext) => unknown,
  target = participant200,
) {
  return editBody(target, (body, context) => {
    const next = value(body, context);
    if (next === undefined) delete body[field];
    else body[field] = next;
  });
}

/** Sets (or removes) one header of the responses the target picks. */
export function setHeader(name: string, value: string | undefined, target: Target = participant200): Mutation {
  return respond(target, (response) => {
    const headers = { ...response.headers };
    if (value === undefined) delete headers[name];
    else headers[name] = value;
    return { ...response, headers };
  });
}

export function setStatus(status: number, target: Target, alsoInBody = false): Mutation {
  return respond(target, (response) => ({
    ...response,
    status,
    body: alsoInBody ? { ...(response.body as Body), status } : response.body,
  }));
}

/** Rewrites every string in a body (for a value that appears in several fields: dates, hosts). */
export function mapStrings(body: Body, change: (value: string) => string): void {
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") body[key] = change(value);
    else if (value !== null && typeof value === "object") mapStrings(value as Body, change);
  }
}

/** The lookup overridden: whom the provider pretends to find. */
export function find(
  override: (found: StoredParticipant | undefined, context: RequestContext) => StoredParticipant | undefined,
): Mutation {
  return { find: override };
}

/** A participant at exactly the requested path, whatever it holds, in the caller's account. */
export function pretendExists(context: RequestContext): StoredParticipant | undefined {
  const { requested, auth } = context;
  if (!requested || auth.kind !== "valid") return undefined;
  return { accountSid: auth.accountSid, ref: requested, variant: "phone" };
}

/** The other account (the provider holds it when the fixtures name it): a source of valid SIDs that are not the caller's. */
export function neighbour(context: RequestContext) {
  const accountSid =
    context.fixtures.otherAccount?.accountSid ?? deriveSid("AC", `other than ${context.fixtures.accountSid}`);
  return { accountSid, ...derivedParticipants(accountSid) };
}

/** The other variant's participant of the same seed (phone for messenger and back). */
export function otherParticipant(context: RequestContext) {
  return context.participant?.variant === "messenger" ? context.fixtures.phone : context.fixtures.messenger;
}

export const sameRef = (a: ParticipantRef | undefined, b: ParticipantRef | undefined): boolean =>
  !!a && !!b && a.serviceSid === b.serviceSid && a.sessionSid === b.sessionSid && a.participantSid === b.participantSid;

/** The participants of the caller's account: what a lookup that forgets one of the parent SIDs searches. */
export function callersParticipants(context: RequestContext): StoredParticipant[] {
  const { auth } = context;
  return auth.kind === "valid" ? context.allParticipants().filter((p) => p.accountSid === auth.accountSid) : [];
}

/** The lookup widened: when the exact one finds nobody, the first of the caller's participants that `matches`. */
export function findAmongCallers(
  matches: (held: ParticipantRef, requested: ParticipantRef, context: RequestContext) => boolean,
): Mutation {
  return find((found, c) => found ?? callersParticipants(c).find((p) => c.requested && matches(p.ref, c.requested, c)));
}

/** The caller let in as the fixtures' account when `when` holds, whatever the credentials said. */
export function letThrough(when: (verdict: AuthVerdict, context: RequestContext) => boolean): Mutation {
  return {
    authenticate: (verdict, context) =>
      verdict.kind !== "valid" && when(verdict, context)
        ? { kind: "valid", accountSid: context.fixtures.accountSid }
        : verdict,
  };
}

/** A participant path whose SID in one position is malformed. */
export const malformedAt =
  (position: keyof ParticipantRef): Target =>
  (r, c) => {
    const schema =
      position === "serviceSid" ? "serviceSid" : position === "sessionSid" ? "sessionSid" : "participantSid";
    return statusIs(404)(r, c) && !!c.requested && !isValid(schema, c.requested[position]);
  };

/** Whether any account holds a participant at exactly the requested path. */
export const anyoneAt = (context: RequestContext): boolean =>
  context.allParticipants().some((p) => sameRef(p.ref, context.requested));

/** The 401 replaced by the 404 a lookup made before the credentials were checked would give. */
export function notFoundBeforeAuth(kind: AuthVerdict["kind"]): Mutation {
  return respond(
    (r, c) => statusIs(401)(r, c) && c.auth.kind === kind && !anyoneAt(c),
    (r, c) => {
      const { "www-authenticate": _challenge, ...headers } = r.headers;
      return { ...r, status: 404, headers, body: notFoundError(c.path) };
    },
  );
}

/** The same answers, travelling another way. */
export function deliver(delivery: Delivery): Mutation {
  return { deliver: () => delivery };
}
