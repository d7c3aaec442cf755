/**
 * Builders for variants of the reference provider: each returns a Mutation (the hooks
 * in src/provider/hooks.ts) that changes one thing. The catalog reads as a table
 * of these, one defect (or one harmless difference) per row.
 */
import { createHash } from "node:crypto";
import type { VariantName } from "../../../src/core/cases.js";
import { notFoundError, type ParticipantRef, participantPath } from "../../../src/core/resource.js";
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

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How a router that normalises reads a path: no trailing slash, no `.json`, escapes decoded, no empty segment. */
export function normalisePath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // An escape that does not decode stays as it was.
  }
  return decoded
    .replace(/\/{2,}/g, "/")
    .replace(/\.json$/, "")
    .replace(/(.)\/$/, "$1");
}

/** The request spelled the path of a participant otherwise than canonically (a path variant). */
export const spelledOtherwise = (context: RequestContext): boolean =>
  !!context.requested && context.target !== participantPath(context.requested);

/** A request with the fixtures' own account SID and token. */
export const rightCredentials = (context: RequestContext): boolean =>
  context.credentials?.username === context.fixtures.accountSid &&
  context.credentials.password === context.fixtures.authToken;

/** The accounts the provider holds and their tokens, from the seed. */
export function knownTokens(context: RequestContext): Map<string, string> {
  const { fixtures } = context;
  const tokens = new Map([[fixtures.accountSid, fixtures.authToken]]);
  if (fixtures.otherAccount) tokens.set(fixtures.otherAccount.accountSid, fixtures.otherAccount.authToken);
  return tokens;
}

/** The caller let in as the account its username names when `accept(password, token)` holds. */
export function acceptPassword(accept: (password: string, token: string, context: RequestContext) => boolean) {
  return {
    authenticate: (verdict: AuthVerdict, context: RequestContext): AuthVerdict => {
      const { credentials } = context;
      const token = credentials && knownTokens(context).get(credentials.username);
      return verdict.kind !== "valid" &&
        credentials &&
        token !== undefined &&
        accept(credentials.password, token, context)
        ? { kind: "valid", accountSid: credentials.username }
        : verdict;
    },
  } satisfies Mutation;
}

/**
 * The first request of each method and target answered 429, then served; `retryAfter` sets
 * the header, `error` the body's code and message (Twilio's 20429 unless told).
 */
export function rateLimitedOnce(
  retryAfter: (() => string) | undefined,
  error = { code: 20429, message: "Too Many Requests" },
): Mutation {
  const seen = new Set<string>();
  return respond(anyParticipantRoute, (r, c) => {
    const key = `${c.method} ${c.target}`;
    if (seen.has(key)) return r;
    seen.add(key);
    return {
      status: 429,
      headers: {
        ...r.headers,
        "content-type": "application/json; charset=utf-8",
        ...(retryAfter ? { "retry-after": retryAfter() } : {}),
      },
      body: { ...error, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status: 429 },
    };
  });
}

/** Every response waits `delay()` ms before it is handed on (other requests go on meanwhile). */
export function waitEach(delay: (context: RequestContext) => number): Mutation {
  return {
    respond: async (response, context) => {
      await pause(delay(context));
      return response;
    },
  };
}

/**
 * A module-level "current participant" set before a wait and read after it: overlapping
 * requests get whichever participant was asked for last.
 */
export function sharedCurrent(): Mutation {
  let current: unknown;
  return {
    respond: async (response, context) => {
      if (!participant200(response, context)) return response;
      current = response.body;
      await pause(20);
      return { ...response, body: current };
    },
  };
}

/** Requests handled one at a time: each waits for the one before it to finish. */
export function oneAtATime(): Mutation {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    respond: (response) => {
      const turn = queue.then(() => pause(1)).then(() => response);
      queue = turn;
      return turn;
    },
  };
}

/** An entity tag of a body: the same body, the same tag. */
export function etagOf(body: unknown): string {
  return `"${createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 32)}"`;
}

/** Whether an Accept header admits JSON: absent, any type, application/any or application/json, with q above 0. */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  return accept.split(",").some((range) => {
    const [type = "", ...parameters] = range.split(";").map((s) => s.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith("q="));
    return ["*/*", "application/*", "application/json"].includes(type) && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** A JSON value as XML, the way an XML-first gateway writes Twilio resources. */
export function asXml(value: unknown, tag = "TwilioResponse"): string {
  if (value === null || typeof value !== "object") return `<${tag}>${value ?? ""}</${tag}>`;
  return `<${tag}>${Object.entries(value)
    .map(([k, v]) => asXml(v, k))
    .join("")}</${tag}>`;
}

/** The JSON body written with `key` once more, first, holding `value`: a parser that keeps the last sees nothing. */
export function keyTwice(
  target: Target,
  key: string,
  value: (body: Body, context: RequestContext) => unknown,
): Mutation {
  return respond(target, (response, context) => {
    const text = JSON.stringify(response.body);
    return {
      ...response,
      raw: `{${JSON.stringify(key)}:${JSON.stringify(value(response.body as Body, context))},${text.slice(1)}`,
    };
  });
}

/** The CORS headers removed from the answers `target` picks. */
export function withoutCors(target: Target): Mutation {
  return respond(target, (r) => ({
    ...r,
    headers: Object.fromEntries(Object.entries(r.headers).filter(([name]) => !name.startsWith("access-control-"))),
  }));
}

/** A CORS preflight: OPTIONS on the participant route. */
export const preflightAnswer: Target = (_r, c) => c.route === "participant" && c.method === "OPTIONS";

/** The username a Basic header named: an API key's SID starts with SK. */
export const keySidSent = (context: RequestContext): boolean => context.credentials?.username.startsWith("SK") === true;

/** Every API key the seed holds, by SID: the account each belongs to and its secret. */
export function knownKeys(context: RequestContext): Map<string, { accountSid: string; secret: string }> {
  const { fixtures } = context;
  const keys = new Map<string, { accountSid: string; secret: string }>();
  if (fixtures.apiKey)
    keys.set(fixtures.apiKey.sid, { accountSid: fixtures.accountSid, secret: fixtures.apiKey.secret });
  const other = fixtures.otherAccount;
  if (other?.apiKey) keys.set(other.apiKey.sid, { accountSid: other.accountSid, secret: other.apiKey.secret });
  return keys;
}

/** The request's query parameters (names as sent). */
export const queryOf = (context: RequestContext): URLSearchParams => new URL(context.target, "http://x").searchParams;

/** A header as the raw request spelled it: the first whose name equals `name` in exactly that letter case. */
export function rawHeader(context: RequestContext, name: string): string | undefined {
  for (let i = 0; i + 1 < context.rawHeaders.length; i += 2)
    if (context.rawHeaders[i] === name) return context.rawHeaders[i + 1];
  return undefined;
}

/** The caller let in as the fixtures' account when `credentials(context)` names its SID and token. */
export function credentialsFrom(
  credentials: (context: RequestContext) => { sid?: string | null; token?: string | null },
) {
  return letThrough((verdict, context) => {
    if (verdict.kind !== "none") return false;
    const { sid, token } = credentials(context);
    return sid === context.fixtures.accountSid && token === context.fixtures.authToken;
  });
}

/** An answer the provider gives instead of the participant's when `when` holds: a refusal with Twilio's error shape. */
export function refuse(status: number, when: (context: RequestContext) => boolean): Mutation {
  return respond(
    (r, c) => participant200(r, c) && when(c),
    (r) => ({
      status,
      headers: r.headers,
      body: { code: 20000 + status, message: "Refused", more_info: "https://example.com/errors", status },
    }),
  );
}
