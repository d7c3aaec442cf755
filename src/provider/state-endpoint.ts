/**
 * The provider-state endpoint, Pact's convention for implementations that create
 * fixtures on request: `POST {state, params, action}` answered with the SIDs the
 * verifier injects into the request path (`fromProviderState`). It acts in the
 * caller's account (Basic credentials, checked by the server before this runs).
 *
 * The rules, in order:
 * - "no participant with this SID exists": a well-formed SID in the caller's phone
 *   session that names nobody (params ignored: whatever they name might exist);
 * - "the caller's credentials are wrong": the caller's phone participant (the verifier
 *   then sends wrong credentials, so what the path names never matters; params ignored);
 * - any other state whose params name a participant (`serviceSid`, `sessionSid` and
 *   `participantSid`, all three well formed): setup creates it in the caller's account
 *   (an existing one is left as it is), teardown removes it. It is a messenger
 *   participant when `params.variant` is "messenger", or without `variant` when the
 *   state is the suite's messenger state or its name contains "messenger" (any letter
 *   case); a phone participant otherwise;
 * - the suite's phone or messenger state without such params: the caller's own
 *   participant of that variant;
 * - anything else: 400 naming the state.
 * Setup answers `{serviceSid, sessionSid, participantSid}`, teardown `{}`.
 */
import { STATE_PARAMS, STATES, type VariantName, variants } from "../core/cases.js";
import type { ParticipantRef } from "../core/resource.js";
import { isValid } from "../schema/validate.js";
import type { ProviderResponse } from "./hooks.js";
import type { ParticipantStore } from "./store.js";
import { providerError } from "./twilio-errors.js";

interface StateSetup {
  state: string;
  params: Record<string, unknown>;
  action: "setup" | "teardown";
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function answer(status: number, body: unknown): ProviderResponse {
  return { status, headers: { ...JSON_HEADERS }, body };
}

function badRequest(message: string): ProviderResponse {
  return answer(400, providerError("badRequest", message));
}

/** A value quoted for a message, never longer than a line. */
const quoted = (value: string) => JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);

function parseStateSetup(text: string): StateSetup | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return "the body must be JSON: {state, params, action}";
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return "the body must be a JSON object";
  const { state, params, action } = data as Record<string, unknown>;
  if (typeof state !== "string") return "state must be a string";
  if (action !== undefined && action !== "setup" && action !== "teardown") {
    return 'action must be "setup" or "teardown"';
  }
  if (params !== undefined && params !== null && (typeof params !== "object" || Array.isArray(params))) {
    return "params must be an object";
  }
  return { state, params: (params ?? {}) as Record<string, unknown>, action: action ?? "setup" };
}

/** The participant the params name; undefined when they name none; a message when they name one badly. */
function namedParticipant(params: Record<string, unknown>): ParticipantRef | undefined | string {
  if (!STATE_PARAMS.some((name) => name in params)) return undefined;
  for (const name of STATE_PARAMS) {
    if (!isValid(name, params[name])) {
      const value = params[name];
      return `params.${name} must be a well-formed SID, got ${typeof value === "string" ? quoted(value) : String(value)}`;
    }
  }
  const { serviceSid, sessionSid, participantSid } = params as unknown as ParticipantRef;
  return { serviceSid, sessionSid, participantSid };
}

const SUITE_VARIANTS: ReadonlyMap<string, VariantName> = new Map(
  Object.values(variants).map((variant) => [variant.state, variant.name]),
);

function variantOf(state: string, params: Record<string, unknown>): VariantName | string {
  const asked = params.variant;
  if (asked !== undefined) {
    return asked === "phone" || asked === "messenger" ? asked : 'params.variant must be "phone" or "messenger"';
  }
  return SUITE_VARIANTS.get(state) ?? (/messenger/i.test(state) ? "messenger" : "phone");
}

function refAnswer(ref: ParticipantRef): ProviderResponse {
  return answer(200, { serviceSid: ref.serviceSid, sessionSid: ref.sessionSid, participantSid: ref.participantSid });
}

/** One state setup or teardown, in the caller's account. */
export function handleStateSetup(text: string, accountSid: string, store: ParticipantStore): ProviderResponse {
  const change = parseStateSetup(text);
  if (typeof change === "string") return badRequest(change);
  const { state, params, action } = change;
  const done = answer(200, {});
  if (state === STATES.notFound || state === STATES.wrongCredentials) {
    const ref = state === STATES.notFound ? store.nobody(accountSid) : store.seeded(accountSid, "phone");
    if (action === "teardown") return done;
    return ref ? refAnswer(ref) : badRequest(`the account has no phone participant to answer ${quoted(state)} with`);
  }
  const named = namedParticipant(params);
  if (typeof named === "string") return badRequest(`${named} (state ${quoted(state)})`);
  if (named) {
    if (action === "teardown") {
      store.remove(accountSid, named);
      return done;
    }
    const variant = variantOf(state, params);
    if (variant !== "phone" && variant !== "messenger") return badRequest(`${variant} (state ${quoted(state)})`);
    return refAnswer(store.create({ accountSid, ref: named, variant }).ref);
  }
  const variant = SUITE_VARIANTS.get(state);
  const seeded = variant && store.seeded(accountSid, variant);
  if (!seeded) return badRequest(`unknown provider state ${quoted(state)} (and no participant named in its params)`);
  return action === "teardown" ? done : refAnswer(seeded);
}
