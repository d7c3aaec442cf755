/**
 * The provider-state endpoint, Pact's convention for implementations that create
 * fixtures on request: `POST {state, params, action}` answered with the SIDs the
 * verifier injects into the request path (`fromProviderState`).
 */
import { STATES, type VariantName, variants } from "../cases.js";
import type { Fixtures } from "../fixtures.js";
import type { ParticipantRef } from "../resource.js";
import { isValid } from "../schemas.js";
import type { ProviderResponse } from "./mutation.js";
import { unknownParticipantRef } from "./seed.js";
import type { ParticipantStore } from "./store.js";

export const PROVIDER_STATES_PATH = "/_pact/provider-states";

interface StateChange {
  state: string;
  params: Record<string, unknown>;
  action: "setup" | "teardown";
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function answer(status: number, body: unknown): ProviderResponse {
  return { status, headers: { ...JSON_HEADERS }, body };
}

function badRequest(message: string): ProviderResponse {
  return answer(400, { error: message });
}

function parseStateChange(text: string): StateChange | string {
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
  const paramsObject = params !== null && typeof params === "object" && !Array.isArray(params) ? params : {};
  return { state, params: paramsObject as Record<string, unknown>, action: action ?? "setup" };
}

/** SIDs the caller asked for, when all three are present and well formed. */
function requestedRef(params: Record<string, unknown>): ParticipantRef | undefined {
  const { serviceSid, sessionSid, participantSid } = params;
  return isValid("serviceSid", serviceSid) &&
    isValid("sessionSid", sessionSid) &&
    isValid("participantSid", participantSid)
    ? ({ serviceSid, sessionSid, participantSid } as ParticipantRef)
    : undefined;
}

function variantOfState(state: string): VariantName | undefined {
  return Object.values(variants).find((v) => v.state === state)?.name;
}

function refAnswer(ref: ParticipantRef): ProviderResponse {
  return answer(200, { serviceSid: ref.serviceSid, sessionSid: ref.sessionSid, participantSid: ref.participantSid });
}

export function handleStateChange(text: string, fixtures: Fixtures, store: ParticipantStore): ProviderResponse {
  const change = parseStateChange(text);
  if (typeof change === "string") return badRequest(change);
  const { state, params, action } = change;
  const variant = variantOfState(state);
  const asked = requestedRef(params);
  if (variant) {
    if (action === "teardown") {
      if (asked) store.remove(fixtures.accountSid, asked);
      return answer(200, {});
    }
    // Params that name a participant create it (Pact's "given ... with params"); none means the seeded one.
    const ref = asked ? store.create({ accountSid: fixtures.accountSid, ref: asked, variant }).ref : fixtures[variant];
    return refAnswer(ref);
  }
  if (state === STATES.notFound)
    return action === "teardown" ? answer(200, {}) : refAnswer(unknownParticipantRef(fixtures));
  if (state === STATES.wrongCredentials) return action === "teardown" ? answer(200, {}) : refAnswer(fixtures.phone);
  return badRequest(`unknown provider state ${JSON.stringify(state).slice(0, 200)}`);
}
