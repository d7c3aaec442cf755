import { exampleRef, STATE_PARAMS, STATES } from "../core/cases.js";
import { basicAuthorization, type Credentials, randomSid } from "../core/credentials.js";
import { EnvironmentError } from "../core/errors.js";
import type { ParticipantRef } from "../core/resource.js";
import { formatViolation } from "../core/violation.js";
import type { LoadedFixtures } from "../net/fixtures.js";
import { parseBoundedJson } from "../net/json-limits.js";
import { originOf, send } from "../net/reader.js";
import { validate } from "../schema/validate.js";

export type StateParams = Record<string, unknown>;
/** What a setup answers: the values the interaction's provider-state expressions read. */
export type StateValues = Record<string, unknown>;

export interface StateResolver {
  /** Where the states come from, for messages: `the fixtures` or `state setup http://…`. */
  readonly source: string;
  setup(state: string, params: StateParams): Promise<StateValues>;
  teardown(state: string, params: StateParams): Promise<void>;
  /** The first of these states this resolver cannot set up, if any: checked before anything runs. */
  unresolvable(states: readonly string[]): string | undefined;
}

/** The params the suite's own pacts give a state: the reference's example SIDs. */
const EXAMPLE_PARAMS: StateParams = Object.fromEntries(STATE_PARAMS.map((p) => [p, exampleRef[p]]));

/**
 * The params the live checks give the suite's states. They hold all three participants
 * at once (the pact phase holds one at a time), so each gets SIDs of its own: an
 * implementation that creates what the params name must not be asked for two
 * participants under one SID.
 */
export const SUITE_STATE_PARAMS: Record<"phone" | "messenger" | "notFound", StateParams> = {
  phone: EXAMPLE_PARAMS,
  messenger: { ...EXAMPLE_PARAMS, participantSid: `KP${"b".repeat(32)}` },
  notFound: { ...EXAMPLE_PARAMS, participantSid: `KP${"c".repeat(32)}` },
};

/** A participant SID no implementation has: 32 random hex digits. */
export function unknownParticipantSid(): string {
  return randomSid("KP");
}

function refValues(ref: ParticipantRef): StateValues {
  return { serviceSid: ref.serviceSid, sessionSid: ref.sessionSid, participantSid: ref.participantSid };
}

/**
 * An interaction without provider states is verified as it stands: the pact verifier still
 * calls the state URL for it, with the state `""`, which no resolver is asked about.
 */
export function statelessAware(resolver: StateResolver): StateResolver {
  return {
    source: resolver.source,
    setup: (state, params) => (state === "" ? Promise.resolve({}) : resolver.setup(state, params)),
    teardown: (state, params) => (state === "" ? Promise.resolve() : resolver.teardown(state, params)),
    unresolvable: (states) => resolver.unresolvable(states.filter((s) => s !== "")),
  };
}

/** States from the fixtures file: its participants for the suite's states, its `states` map for any other. */
export function fixtureStates(fixtures: LoadedFixtures): StateResolver {
  const own: Record<string, StateValues> = {};
  const { phone, messenger } = fixtures;
  if (phone) {
    own[STATES.phone] = refValues(phone);
    own[STATES.notFound] = refValues({ ...phone, participantSid: unknownParticipantSid() });
    own[STATES.wrongCredentials] = refValues(phone);
  }
  if (messenger) own[STATES.messenger] = refValues(messenger);
  // The map wins: a team that names a state of ours in it means what it wrote.
  const known: Record<string, StateValues> = { ...own, ...(fixtures.states ?? {}) };
  return statelessAware({
    source: "the fixtures",
    async setup(state, params) {
      const values = Object.hasOwn(known, state) ? known[state] : undefined;
      if (!values) throw new EnvironmentError(unresolvableMessage(state));
      return { ...params, ...values };
    },
    async teardown() {},
    unresolvable: (states) => states.find((s) => !Object.hasOwn(known, s)),
  });
}

/** The one line for a state the fixtures cannot resolve, with the two ways out. */
export function unresolvableMessage(state: string): string {
  return (
    `the pacts name provider state ${JSON.stringify(state)}, which the fixtures cannot resolve: ` +
    `give --state-setup-url URL (your implementation sets states up), or add it to the fixtures' "states" map ` +
    `with the values to inject, e.g. "states": {${JSON.stringify(state)}: {"participantSid": "KP…"}}`
  );
}

/** The state endpoint's answer is a few hundred bytes; anything far larger is not one. */
const MAX_STATE_ANSWER = 64 * 1024;

export interface SetupUrlOptions {
  url: string;
  /** The account's credentials: the endpoint is the implementation's own, and may require them. */
  credentials: Credentials;
  timeoutMs: number;
}

/** States set up by the implementation itself, at its state setup endpoint (Pact's convention). */
export function setupUrlStates(options: SetupUrlOptions): StateResolver {
  const where = `state setup ${originOf(options.url)}`;
  const authorization = basicAuthorization(options.credentials.username, options.credentials.password);
  const post = async (state: string, params: StateParams, action: "setup" | "teardown"): Promise<StateValues> => {
    const response = await send(
      {
        method: "POST",
        url: options.url,
        headers: { "content-type": "application/json", accept: "application/json", authorization },
        body: JSON.stringify({ state, params, action }),
        timeoutMs: options.timeoutMs,
        maxBodyBytes: MAX_STATE_ANSWER,
      },
      where,
    );
    // Whole: a cut before redaction could split a secret the redactor would then miss; the shell shortens the line.
    const name = JSON.stringify(state);
    if (response.status < 200 || response.status > 299)
      throw new EnvironmentError(`${where} answered ${response.status} to the ${action} of state ${name}`);
    if (response.truncated)
      throw new EnvironmentError(
        `${where} answered the ${action} of state ${name} with over ${MAX_STATE_ANSWER} bytes`,
      );
    const text = response.body.toString("utf8").trim();
    if (!text) return {};
    const parsed = parseBoundedJson(text);
    if ("problem" in parsed) {
      const what = parsed.problem === "not JSON" ? "something that is not JSON" : parsed.problem;
      throw new EnvironmentError(`${where} answered the ${action} of state ${name} with ${what}`);
    }
    const answer = parsed.value;
    if (answer === null || typeof answer !== "object" || Array.isArray(answer)) {
      if (action === "teardown") return {};
      throw new EnvironmentError(`${where} answered the setup of state ${name} with JSON that is not an object`);
    }
    return answer as StateValues;
  };
  return statelessAware({
    source: where,
    setup: (state, params) => post(state, params, "setup"),
    teardown: async (state, params) => {
      await post(state, params, "teardown");
    },
    unresolvable: () => undefined,
  });
}

/** The participant a suite state's values name, checked: the live checks build paths from it. */
export function refFromValues(values: StateValues, state: string, source: string): ParticipantRef {
  const candidate = {
    serviceSid: values.serviceSid,
    sessionSid: values.sessionSid,
    participantSid: values.participantSid,
  };
  const first = validate("fixtures", { phone: candidate })[0];
  if (first) {
    const field = first.field.replace(/^phone\.?/, "") || "(answer)";
    throw new EnvironmentError(
      `${source} answered state ${JSON.stringify(state)} with bad SIDs: ${formatViolation({ ...first, field })}`,
    );
  }
  return candidate as ParticipantRef;
}

/** The participants the live checks use, by the suite's state names. */
export type SuiteRefs = Record<"phone" | "messenger" | "notFound", ParticipantRef>;

/**
 * Sets up the suite's own states for the live checks, through the resolver, with the
 * suite's own params; the returned teardown undoes them.
 */
export async function suiteRefs(resolver: StateResolver): Promise<{ refs: SuiteRefs; teardown: () => Promise<void> }> {
  const names = { phone: STATES.phone, messenger: STATES.messenger, notFound: STATES.notFound } as const;
  const done: (keyof SuiteRefs)[] = [];
  const teardown = async () => {
    // Failures here are not the verdict's business, and must not hide one.
    await Promise.allSettled(done.map((key) => resolver.teardown(names[key], SUITE_STATE_PARAMS[key])));
  };
  try {
    const refs = {} as SuiteRefs;
    for (const [key, state] of Object.entries(names) as [keyof SuiteRefs, string][]) {
      const values = await resolver.setup(state, SUITE_STATE_PARAMS[key]);
      done.push(key);
      refs[key] = refFromValues(values, state, resolver.source);
    }
    return { refs, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
}
