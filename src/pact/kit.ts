/**
 * The consumer kit: this endpoint's contract as Pact matchers derived from schemas/, for
 * this suite's consumer tests (which write contracts/ with it) and for any other team's.
 * A consumer test of Fetch a Participant is then a few lines, and its pact promises what
 * schemas/ says, no more and no less:
 *
 *   const pact = new PactV4({ consumer: "my-app", provider: PACT_PROVIDER });
 *   await addParticipantInteraction(pact, "phone").executeTest(async (mock) => {
 *     // call mock.url with your client, as it calls Twilio
 *   });
 *   // once the pact file is written: completePactFile(path), for the "or null" rules
 *
 * The matchers are Pact's integration JSON (`{"pact:matcher:type": "regex", regex,
 * value}`, exactly what pact-js's MatchersV3 builds), written here so that importing the
 * library never loads @pact-foundation/pact (0.6 s); the consumer's own pact-js reads them.
 */

import { readFileSync, writeFileSync } from "node:fs";
// Type-only: erased at run time. V4InteractionWithResponse is not re-exported from the package root.
import type { PactV4 } from "@pact-foundation/pact";
import type { V4InteractionWithResponse } from "@pact-foundation/pact/src/v4/http/types.js";
import { errorCases, exampleAccountSid, exampleRef, STATE_PARAMS, type VariantName, variants } from "../core/cases.js";
import { basicAuthorization } from "../core/credentials.js";
import { EnvironmentError } from "../core/errors.js";
import {
  notFoundError,
  type ParticipantRef,
  participantBody,
  participantPath,
  TWILIO_PROXY_BASE_URL,
  unauthorizedError,
} from "../core/resource.js";
import { allowNulls, type PactLike } from "./nullable.js";
import {
  anchoredAlternation,
  anyStringPattern,
  BASIC_AUTH_PATTERN,
  CONTENT_TYPE_PATTERN,
  type Located,
  lengthOf,
  MESSAGE_INTERACTIONS_URL_PATTERN,
  PARTICIPANT_PATH_PATTERN,
  PARTICIPANT_URL_PATTERN,
  patternsOf,
  resolveRef,
  schemaAt,
  withLengthLimits,
} from "./patterns.js";

/** A Pact matcher in integration JSON, as pact-js's MatchersV3 builds it; T is the example's type. */
export interface PactMatcher<T = unknown> {
  "pact:matcher:type": string;
  value: T;
  regex?: string;
  "pact:generator:type"?: string;
  expression?: string;
}

/** MatchersV3.regex: the value must match the whole regex. */
export function regex(pattern: string, value: string): PactMatcher<string> {
  return { "pact:matcher:type": "regex", regex: pattern, value };
}

/** MatchersV3.like: the value must have the example's JSON type. */
export function like<T>(value: T): PactMatcher<T> {
  return { "pact:matcher:type": "type", value };
}

export type InteractionName = VariantName | "notFound" | "unauthorized";
export type StateParam = (typeof STATE_PARAMS)[number];

/** One interaction of the contract: the provider state, the request, and the response a consumer may rely on. */
export interface ContractInteraction {
  name: InteractionName;
  description: string;
  /** The provider state; its params are the participant's SIDs, which the provider's state handler may replace. */
  state: string;
  params: Record<StateParam, string>;
  request: { method: "GET"; path: PactMatcher<string>; headers: Record<string, PactMatcher<string> | string> };
  response: { status: number; headers: Record<string, PactMatcher<string>>; body: unknown };
}

/** The provider state params: the SIDs of the reference's example participant. */
export const stateParams: Record<StateParam, string> = Object.fromEntries(
  STATE_PARAMS.map((param) => [param, exampleRef[param]]),
) as Record<StateParam, string>;

/** `/v1/Services/${serviceSid}/…`: the path template with a provider-state expression per SID. */
export const PATH_EXPRESSION = participantPath(
  Object.fromEntries(STATE_PARAMS.map((param) => [param, `\${${param}}`])) as unknown as ParticipantRef,
);

/**
 * The request path: the verifier fills it in from the SIDs the state handler returns
 * (MatchersV3.fromProviderState's generator); the mock server accepts any well-formed
 * participant path (a regex instead of fromProviderState's type matcher, which would
 * accept anything).
 */
export function participantPathMatcher(): PactMatcher<string> {
  return {
    "pact:matcher:type": "regex",
    "pact:generator:type": "ProviderState",
    expression: PATH_EXPRESSION,
    value: participantPath(exampleRef),
    regex: PARTICIPANT_PATH_PATTERN,
  };
}

/** An example credential for the pact file only: every verifier replaces it with its own. */
const EXAMPLE_AUTHORIZATION = basicAuthorization(exampleAccountSid, "example-auth-token");

/**
 * What a consumer must send, and nothing more: Basic credentials. `Accept` is left out on
 * purpose: Pact cannot say "absent, or any value that admits JSON" (a header in the pact is
 * required, and headers it does not name are ignored), and Twilio answers JSON to
 * `application/json`, to `*\/*` and to no `Accept` alike, so a client written with plain
 * `fetch` (`*\/*`) or `http.get` (none) keeps the contract. verify's conformance checks ask
 * the provider all three ways.
 */
export const REQUEST_HEADERS: Record<string, PactMatcher<string> | string> = {
  Authorization: regex(BASIC_AUTH_PATTERN, EXAMPLE_AUTHORIZATION),
};

/** The Content-Type pattern of schemas/headers.schema.json: JSON, any letter case, an optional parameter. */
export const RESPONSE_HEADERS: Record<string, PactMatcher<string>> = {
  "Content-Type": regex(CONTENT_TYPE_PATTERN, "application/json"),
};

/** format: uri has no pattern in the schema; for these fields the URL's shape is what the consumer relies on. */
const URI_PATTERNS: Record<string, string> = {
  url: PARTICIPANT_URL_PATTERN,
  "links.message_interactions": MESSAGE_INTERACTIONS_URL_PATTERN,
};

/** The regex for one string field, read off its schemas (the variant's narrowing first, then the resource's). */
function patternFor(field: string, schemas: Located[]): string | undefined {
  const minLengths = schemas.map((s) => lengthOf(s, "minLength")).filter((n) => n !== undefined);
  const maxLengths = schemas.map((s) => lengthOf(s, "maxLength")).filter((n) => n !== undefined);
  const limits = {
    ...(minLengths.length ? { minLength: Math.max(...minLengths) } : {}),
    ...(maxLengths.length ? { maxLength: Math.min(...maxLengths) } : {}),
  };
  for (const candidate of schemas) {
    const patterns = patternsOf(candidate);
    if (patterns) return withLengthLimits(anchoredAlternation(patterns), limits);
  }
  const format = schemas.map((s) => s.schema.format).find((f) => f !== undefined);
  if (format === "uri") {
    const pattern = URI_PATTERNS[field];
    if (!pattern) throw new Error(`no URL shape chosen for the uri field ${field}`);
    return pattern;
  }
  if (format !== undefined) throw new Error(`no regex for format ${String(format)} of ${field}`);
  return limits.maxLength === undefined ? undefined : anyStringPattern(limits.maxLength);
}

/** The matcher for one field: a regex where the schema constrains the string, else its type. */
function matcherFor(field: string, located: Located[], example: unknown): unknown {
  const schemas = located.map((l) =>
    typeof l.schema.$ref === "string" && l.schema.$ref !== "#" ? resolveRef(l.schema.$ref, l.file) : l,
  );
  if (example !== null && typeof example === "object") {
    return Object.fromEntries(
      Object.entries(example).map(([key, value]) => [
        key,
        matcherFor(`${field}.${key}`, schemas.map((s) => propertyOf(s, key)).filter(isLocated), value),
      ]),
    );
  }
  const pattern = typeof example === "string" ? patternFor(field, schemas) : undefined;
  return pattern === undefined ? like(example) : regex(pattern, example as string);
}

function isLocated(value: Located | undefined): value is Located {
  return value !== undefined;
}

/** A property's schema, looking through `anyOf` (a nullable object) and `$ref`. */
function propertyOf({ schema, file }: Located, key: string): Located | undefined {
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties?.[key]) return { schema: properties[key], file };
  if (typeof schema.$ref === "string" && schema.$ref !== "#") return propertyOf(resolveRef(schema.$ref, file), key);
  for (const branch of (schema.anyOf as Record<string, unknown>[] | undefined) ?? []) {
    const found = propertyOf({ schema: branch, file }, key);
    if (found) return found;
  }
  return undefined;
}

/** The reference's examples are removed participants; the pact's examples keep their date_deleted. */
const REFERENCE_DATE_DELETED = "2015-07-30T20:00:00Z";

/** The 200 body of a variant: the reference's example, every one of its 13 keys, with matchers. */
export function participantBodyMatchers(variant: VariantName): Record<string, unknown> {
  const traits = { ...variants[variant].traits, dateDeleted: REFERENCE_DATE_DELETED };
  const example = participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, traits);
  const variantSchema = schemaAt("participant.schema.json", `/$defs/${variant}`);
  const resourceSchema = schemaAt("participant.schema.json");
  return Object.fromEntries(
    Object.entries(example).map(([field, value]) => [
      field,
      matcherFor(field, [propertyOf(variantSchema, field), propertyOf(resourceSchema, field)].filter(isLocated), value),
    ]),
  );
}

/**
 * Twilio's error body: `code` and `status` are what the consumer branches on, so they
 * are exact; `message` and `more_info` are for humans and only need to be strings.
 */
export function errorBodyMatchers(error: { code: number; status: number; message: string; more_info: string }) {
  return { code: error.code, message: like(error.message), more_info: like(error.more_info), status: error.status };
}

function interaction(
  name: InteractionName,
  description: string,
  state: string,
  status: number,
  body: unknown,
): ContractInteraction {
  return {
    name,
    description,
    state,
    params: stateParams,
    request: { method: "GET", path: participantPathMatcher(), headers: REQUEST_HEADERS },
    response: { status, headers: RESPONSE_HEADERS, body },
  };
}

/** The contract, one row per interaction; descriptions and states are stable (brokers key on them). */
export const participantContract: Record<InteractionName, ContractInteraction> = {
  phone: interaction(
    "phone",
    "a request for a phone participant",
    variants.phone.state,
    200,
    participantBodyMatchers("phone"),
  ),
  messenger: interaction(
    "messenger",
    "a request for a messenger participant",
    variants.messenger.state,
    200,
    participantBodyMatchers("messenger"),
  ),
  notFound: interaction(
    "notFound",
    "a request for a participant that does not exist",
    errorCases.notFound.state,
    errorCases.notFound.status,
    errorBodyMatchers(notFoundError(participantPath(exampleRef))),
  ),
  unauthorized: interaction(
    "unauthorized",
    "a request with wrong credentials",
    errorCases.unauthorized.state,
    errorCases.unauthorized.status,
    errorBodyMatchers(unauthorizedError()),
  ),
};

/** Registers one interaction of the contract on a PactV4; run your consumer with `.executeTest(...)`. */
export function addParticipantInteraction(pact: PactV4, name: InteractionName): V4InteractionWithResponse {
  const { state, params, description, request, response } = participantContract[name];
  return pact
    .addInteraction()
    .given(state, params)
    .uponReceiving(description)
    .withRequest(request.method, request.path, (builder) => builder.headers(request.headers))
    .willRespondWith(response.status, (builder) => builder.headers(response.headers).jsonBody(response.body));
}

/** The states under which this contract's 200 interactions answer a participant. */
const PARTICIPANT_STATES = [variants.phone.state, variants.messenger.state];

/**
 * Adds what Pact's DSL cannot write: "or null" on every participant field the schema
 * lets be null (see nullable.ts). Only the 200 interactions under the given provider
 * states are touched: this contract's own, or a consumer's own state names.
 */
export function completePact<T extends PactLike>(
  pact: T,
  participantStates: readonly string[] = PARTICIPANT_STATES,
): T {
  return allowNulls(pact, participantStates);
}

/**
 * completePact on a pact file that pact-js has written. A file that is not there is one
 * line naming the path and the likely cause, not a bare ENOENT.
 */
export function completePactFile(path: string, participantStates: readonly string[] = PARTICIPANT_STATES): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new EnvironmentError(
        `completePactFile: no pact file at ${path}: did the consumer test run before it (call it in an after hook), ` +
          "and does its PactV4 write there (its dir and consumer name make the file's path)?",
      );
    throw new EnvironmentError(`completePactFile: cannot read ${path}: ${code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EnvironmentError(`completePactFile: ${path} is not JSON: is it a pact file?`);
  }
  const pact = completePact(parsed as PactLike, participantStates);
  writeFileSync(path, `${JSON.stringify(pact, null, 2)}\n`);
}
