/**
 * Resolves each provider state the pacts name to the SIDs it stands for on the
 * implementation: from the fixtures file, or by asking the implementation's own
 * state-setup endpoint (Pact's convention: POST {state, params, action}).
 */
import { randomBytes } from "node:crypto";
import { STATES } from "../cases.js";
import { EnvironmentError } from "../errors.js";
import type { Fixtures } from "../fixtures.js";
import type { ParticipantRef } from "../resource.js";
import { validate } from "../schemas.js";
import { formatViolation } from "../violation.js";

export type StateName = (typeof STATES)[keyof typeof STATES];
export type ResolvedStates = Record<StateName, ParticipantRef>;

/** A participant SID no implementation has: 32 random hex digits. */
export function unknownParticipantSid(): string {
  return `KP${randomBytes(16).toString("hex")}`;
}

export function refFor(states: ResolvedStates, state: string): ParticipantRef {
  const ref = (states as Record<string, ParticipantRef | undefined>)[state];
  if (!ref) throw new EnvironmentError(`no SIDs for provider state "${state}"`);
  return ref;
}

export function statesFromFixtures(fixtures: Pick<Fixtures, "phone" | "messenger">): ResolvedStates {
  return {
    [STATES.phone]: fixtures.phone,
    [STATES.messenger]: fixtures.messenger,
    [STATES.notFound]: { ...fixtures.phone, participantSid: unknownParticipantSid() },
    [STATES.wrongCredentials]: fixtures.phone,
  } as ResolvedStates;
}

function checkRef(data: unknown, state: string, url: string): ParticipantRef {
  const problems = validate("fixtures", { phone: data, messenger: data });
  const first = problems[0];
  if (first) {
    const field = first.field.replace(/^(phone|messenger)\.?/, "") || "(answer)";
    throw new EnvironmentError(
      `state setup ${url} answered state "${state}" with bad SIDs: ${formatViolation({ ...first, field })}`,
    );
  }
  const { serviceSid, sessionSid, participantSid } = data as ParticipantRef;
  return { serviceSid, sessionSid, participantSid };
}

async function post(url: string, payload: object, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new EnvironmentError(
      `state setup ${url} failed: ${cause === "TimeoutError" ? `no answer within ${timeoutMs} ms` : cause}`,
    );
  }
  const text = await response.text();
  if (!response.ok)
    throw new EnvironmentError(
      `state setup ${url} answered ${response.status} for state "${(payload as { state: string }).state}"`,
    );
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new EnvironmentError(`state setup ${url} answered something that is not JSON`);
  }
}

/** Asks the implementation to set up every state; it answers with the SIDs to use. */
export async function statesFromSetupUrl(url: string, timeoutMs: number): Promise<ResolvedStates> {
  const resolved: Partial<ResolvedStates> = {};
  for (const state of Object.values(STATES)) {
    const answer = await post(url, { state, params: {}, action: "setup" }, timeoutMs);
    resolved[state] = checkRef(answer, state, url);
  }
  return resolved as ResolvedStates;
}

/** Tells the implementation the states are no longer needed; failures here are not the verdict's business. */
export async function teardownStates(url: string, timeoutMs: number): Promise<void> {
  await Promise.allSettled(
    Object.values(STATES).map((state) => post(url, { state, params: {}, action: "teardown" }, timeoutMs)),
  );
}
