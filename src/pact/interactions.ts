/**
 * The contract as data: one row per interaction, each built from the case table
 * (src/cases.ts), the resource builders (src/resource.ts) and the schema-derived
 * patterns (./patterns.ts). Both consumers (our client and the twilio SDK) register
 * their interactions from these rows, so the two pacts cannot drift apart by accident.
 */
import { MatchersV3, type PactV4 } from "@pact-foundation/pact";
// Not re-exported from the package root; a type-only import, erased at run time.
import type { V4InteractionWithResponse } from "@pact-foundation/pact/src/v4/http/types.js";
import {
  errorCases,
  exampleAccountSid,
  exampleRef,
  STATE_PARAMS,
  STATES,
  type VariantName,
  variants,
} from "../cases.js";
import { FIELDS_NOT_RELIED_ON } from "../client.js";
import {
  notFoundError,
  type ParticipantRef,
  participantBody,
  participantPath,
  TWILIO_PROXY_BASE_URL,
  unauthorizedError,
} from "../resource.js";
import {
  anchoredAlternation,
  BASIC_AUTH_PATTERN,
  CONTENT_TYPE_PATTERN,
  DATE_TIME_PATTERN,
  type Located,
  MESSAGE_INTERACTIONS_URL_PATTERN,
  PARTICIPANT_PATH_PATTERN,
  PARTICIPANT_URL_PATTERN,
  patternsOf,
  resolveRef,
  schemaAt,
} from "./patterns.js";

const { like, regex, fromProviderState } = MatchersV3;

export type InteractionName = VariantName | "notFound" | "wrongCredentials";

export interface InteractionSpec {
  name: InteractionName;
  description: string;
  state: string;
  status: number;
  /** The response body with its matchers (Pact's integration JSON). */
  body: unknown;
}

/** The provider state params: the SIDs of the participant, which the state handler may replace with its own. */
export const stateParams: Record<(typeof STATE_PARAMS)[number], string> = Object.fromEntries(
  STATE_PARAMS.map((param) => [param, exampleRef[param]]),
) as Record<(typeof STATE_PARAMS)[number], string>;

/** `/v1/Services/${serviceSid}/…`: the path template with a provider-state expression per SID. */
export const PATH_EXPRESSION = participantPath(
  Object.fromEntries(STATE_PARAMS.map((param) => [param, `\${${param}}`])) as unknown as ParticipantRef,
);

/**
 * The request path: the verifier fills it in from the SIDs the state handler returns
 * (fromProviderState's generator); the mock server accepts any well-formed participant
 * path (a regex instead of fromProviderState's type matcher, which would accept anything).
 */
export function participantPathMatcher() {
  return {
    ...fromProviderState(PATH_EXPRESSION, participantPath(exampleRef)),
    "pact:matcher:type": "regex",
    regex: PARTICIPANT_PATH_PATTERN,
  };
}

/** An example credential for the pact file only: every verifier replaces it with its own. */
const EXAMPLE_AUTHORIZATION = `Basic ${Buffer.from(`${exampleAccountSid}:example-auth-token`).toString("base64")}`;

export function requestHeaders() {
  return { Authorization: regex(BASIC_AUTH_PATTERN, EXAMPLE_AUTHORIZATION), Accept: "application/json" };
}

/**
 * The Content-Type pattern of schemas/headers.schema.json: JSON, any letter case (media
 * types are case-insensitive), an optional parameter such as `; charset=utf-8`. Its
 * character classes read the same in Rust's regex engine, where the verifier runs it.
 */
export const RESPONSE_HEADERS = {
  "Content-Type": regex(CONTENT_TYPE_PATTERN, "application/json"),
};

/** format: uri has no pattern in the schema; for these fields the URL's shape is what the consumer relies on. */
const URI_PATTERNS: Record<string, string> = {
  url: PARTICIPANT_URL_PATTERN,
  "links.message_interactions": MESSAGE_INTERACTIONS_URL_PATTERN,
};

/** The matcher for one field, read off its schema (the variant's narrowing first, then the resource's). */
function matcherFor(field: string, located: Located[], example: unknown): unknown {
  const schemas = located.map((l) =>
    typeof l.schema.$ref === "string" && l.schema.$ref !== "#" ? resolveRef(l.schema.$ref, l.file) : l,
  );
  for (const candidate of schemas) {
    const patterns = patternsOf(candidate);
    if (patterns) return regex(anchoredAlternation(patterns), String(example));
  }
  const schema = Object.assign({}, ...schemas.map((s) => s.schema).reverse()) as Record<string, unknown>;
  if (schema.format === "date-time") return regex(DATE_TIME_PATTERN, String(example));
  if (schema.format === "uri") {
    const pattern = URI_PATTERNS[field];
    if (!pattern) throw new Error(`no URL shape chosen for the uri field ${field}`);
    return regex(pattern, String(example));
  }
  if (example !== null && typeof example === "object") {
    return Object.fromEntries(
      Object.entries(example).map(([key, value]) => [
        key,
        matcherFor(`${field}.${key}`, schemas.map((s) => propertyOf(s, key)).filter(isLocated), value),
      ]),
    );
  }
  return like(example);
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

/** The 200 body of a variant: the reference's example, minus the fields the consumer does not rely on, with matchers. */
export function participantBodyTemplate(variant: VariantName): Record<string, unknown> {
  const example = participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, variants[variant].traits);
  const variantSchema = schemaAt("participant.schema.json", `/$defs/${variant}`);
  const resourceSchema = schemaAt("participant.schema.json");
  const notReliedOn: readonly string[] = FIELDS_NOT_RELIED_ON;
  return Object.fromEntries(
    Object.entries(example)
      .filter(([field]) => !notReliedOn.includes(field))
      .map(([field, value]) => [
        field,
        matcherFor(
          field,
          [propertyOf(variantSchema, field), propertyOf(resourceSchema, field)].filter(isLocated),
          value,
        ),
      ]),
  );
}

/**
 * Twilio's error body: `code` and `status` are what the consumer branches on, so they
 * are exact; `message` and `more_info` are for humans and only need to be strings.
 */
export function errorBodyTemplate(error: { code: number; status: number; message: string; more_info: string }) {
  return { code: error.code, message: like(error.message), more_info: like(error.more_info), status: error.status };
}

export const interactions: Record<InteractionName, InteractionSpec> = {
  phone: {
    name: "phone",
    description: "a request for a phone participant",
    state: STATES.phone,
    status: 200,
    body: participantBodyTemplate("phone"),
  },
  messenger: {
    name: "messenger",
    description: "a request for a messenger participant",
    state: STATES.messenger,
    status: 200,
    body: participantBodyTemplate("messenger"),
  },
  notFound: {
    name: "notFound",
    description: "a request for a participant that does not exist",
    state: STATES.notFound,
    status: errorCases.notFound.status,
    body: errorBodyTemplate(notFoundError(participantPath(exampleRef))),
  },
  wrongCredentials: {
    name: "wrongCredentials",
    description: "a request with wrong credentials",
    state: STATES.wrongCredentials,
    status: errorCases.unauthorized.status,
    body: errorBodyTemplate(unauthorizedError()),
  },
};

/** Registers one row on a pact; the caller runs its consumer with `.executeTest(...)`. */
export function addInteraction(pact: PactV4, spec: InteractionSpec): V4InteractionWithResponse {
  return pact
    .addInteraction()
    .given(spec.state, stateParams)
    .uponReceiving(spec.description)
    .withRequest("GET", participantPathMatcher(), (request) => request.headers(requestHeaders()))
    .willRespondWith(spec.status, (response) => response.headers(RESPONSE_HEADERS).jsonBody(spec.body));
}
