/**
 * The checks made with live requests, as one table of rows: each participant variant
 * fetched and judged field by field, and the probes that cover the request space the
 * path-params schema and the fixtures define (scoping by service and session,
 * authentication before lookup and on every participant, the whole credential, account
 * isolation, a malformed SID in every segment). Each row says which Twilio behaviour it
 * follows; the README's probe table is this table.
 */

import type { VariantName } from "../core/cases.js";
import { randomSid } from "../core/credentials.js";
import type { CheckResult, CredentialRole, Finding } from "../core/findings.js";
import { type ParticipantRef, participantPath, pathParamsOf, REF_PARTS, type RefPart } from "../core/resource.js";
import { type ErrorExpectation, judgeError, judgeParticipant } from "../judge/answer.js";
import { evidenceOf } from "../judge/evidence.js";
import type { HttpResponse } from "../net/reader.js";
import { isValid } from "../schema/validate.js";
import { authorizationFor, type CredentialSet, get, type HttpOptions } from "./live-request.js";
import type { SuiteRefs } from "./state-resolvers.js";

export interface LiveContext {
  baseUrl: string;
  refs: SuiteRefs;
  accountSid: string;
  credentials: CredentialSet;
  strict: boolean;
  http: HttpOptions;
}

/** What a row asks for: a path and a credential role, or the reason it cannot run here. */
export type LiveRequest = { path: string; credentials: CredentialRole } | { skip: string };

export interface LiveCheck {
  id: string;
  title: string;
  group: "conformance" | "probe";
  /** The Twilio behaviour the row follows (the README's table). */
  twilio: string;
  request: (ctx: LiveContext) => LiveRequest;
  judge: (response: HttpResponse, ctx: LiveContext, path: string) => Finding[];
}

const notFound: ErrorExpectation = { accept: (s) => s === 404, statusRule: "must be 404", schema: "notFound" };
const unauthorized: ErrorExpectation = { accept: (s) => s === 401, statusRule: "must be 401", schema: "unauthorized" };
// Twilio answers 404 for a malformed SID; other 4xx (400, 422) are honest answers too; 2xx, 3xx and 5xx are not.
const clientError: ErrorExpectation = {
  accept: (s) => s >= 400 && s < 500,
  statusRule: "must be a 4xx client error",
  schema: "error",
};

function conformance(variant: VariantName): LiveCheck {
  return {
    id: `conformance/${variant}`,
    title: `${variant} participant: status, headers, schema and rules`,
    group: "conformance",
    twilio: "200 with the participant resource",
    request: (ctx) => ({ path: participantPath(ctx.refs[variant]), credentials: "right" }),
    judge: (response, ctx) =>
      judgeParticipant(response, {
        requested: ctx.refs[variant],
        accountSid: ctx.accountSid,
        variant,
        strict: ctx.strict,
      }),
  };
}

function probe(
  id: string,
  title: string,
  twilio: string,
  request: LiveCheck["request"],
  expected: ErrorExpectation,
): LiveCheck {
  return { id: `probe/${id}`, title, group: "probe", twilio, request, judge: (r) => judgeError(r, expected) };
}

const at = (ref: ParticipantRef, credentials: CredentialRole): LiveRequest => ({
  path: participantPath(ref),
  credentials,
});

const SCOPING = "404 20404: the path names the parents, and a participant exists only under its own";
const AUTH_FIRST = "401 20003 before any lookup: an unknown SID tells a caller without credentials nothing";
const AUTH = "401 20003 for any request without the account's own SID and token";

const scoping: LiveCheck[] = [
  probe(
    "unknown-participant",
    "an unknown participant SID: 404 20404",
    "404 20404 for a well-formed SID that names nobody",
    (ctx) => at(ctx.refs.notFound, "right"),
    notFound,
  ),
  probe(
    "unknown-service",
    "the participant under an unknown service SID: 404 20404",
    SCOPING,
    (ctx) => at({ ...ctx.refs.phone, serviceSid: randomSid("KS") }, "right"),
    notFound,
  ),
  probe(
    "unknown-session",
    "the participant under an unknown session SID: 404 20404",
    SCOPING,
    (ctx) => at({ ...ctx.refs.phone, sessionSid: randomSid("KC") }, "right"),
    notFound,
  ),
  probe(
    "other-session",
    "the phone participant under the messenger participant's session: 404 20404",
    SCOPING,
    (ctx) => {
      const { phone, messenger } = ctx.refs;
      if (phone.serviceSid === messenger.serviceSid && phone.sessionSid === messenger.sessionSid)
        return { skip: "both participants are in one session" };
      return at({ ...messenger, participantSid: phone.participantSid }, "right");
    },
    notFound,
  ),
];

const authentication: LiveCheck[] = [
  probe(
    "auth-before-lookup/no-credentials",
    "no credentials on an unknown participant: 401 20003, not 404",
    AUTH_FIRST,
    (ctx) => at(ctx.refs.notFound, "none"),
    unauthorized,
  ),
  probe(
    "auth-before-lookup/wrong-password",
    "a wrong password on an unknown participant: 401 20003, not 404",
    AUTH_FIRST,
    (ctx) => at(ctx.refs.notFound, "wrong-password"),
    unauthorized,
  ),
  ...(["phone", "messenger"] as const).flatMap((variant) => [
    probe(
      `no-credentials/${variant}`,
      `no credentials on the ${variant} participant: 401 20003`,
      AUTH,
      (ctx) => at(ctx.refs[variant], "none"),
      unauthorized,
    ),
    probe(
      `wrong-password/${variant}`,
      `a wrong password on the ${variant} participant: 401 20003`,
      AUTH,
      (ctx) => at(ctx.refs[variant], "wrong-password"),
      unauthorized,
    ),
  ]),
  ...(
    [
      ["unknown-account", "another account SID with the right token"],
      ["empty-password", "an empty password"],
      ["not-base64", "a Basic header that is not base64"],
      ["no-colon", "a Basic header without a colon"],
      ["other-scheme", "the right credentials under the Bearer scheme"],
    ] as const
  ).map(([role, what]) => probe(role, `${what}: 401 20003`, AUTH, (ctx) => at(ctx.refs.phone, role), unauthorized)),
  probe(
    "account-isolation",
    "the other account fetching this account's participant: 404 20404",
    "404 20404: an account sees only its own resources",
    (ctx) =>
      ctx.credentials.other
        ? at(ctx.refs.phone, "other-account")
        : { skip: "the fixtures name no otherAccount (nor TWILIO_OTHER_ACCOUNT_SID/TWILIO_OTHER_AUTH_TOKEN)" },
    notFound,
  ),
];

/** How a well-formed SID is made malformed; each result is checked against the path-params schema. */
export const MALFORMATIONS: Record<string, (sid: string) => string> = {
  "wrong-prefix": (sid) => `${sid.startsWith("KP") ? "KS" : "KP"}${sid.slice(2)}`,
  "lower-case-prefix": (sid) => `${sid.slice(0, 2).toLowerCase()}${sid.slice(2)}`,
  "one-short": (sid) => sid.slice(0, -1),
  "one-long": (sid) => `${sid}0`,
  "non-hex": (sid) => `${sid.slice(0, -1)}g`,
  // Percent-encoded in the path, as any client sends it.
  "non-ascii": (sid) => `${sid.slice(0, -1)}${encodeURIComponent("é")}`,
};

type Segment = RefPart["segment"];

/** A malformed SID in one segment of the phone participant's path; refuses one the schema would accept. */
export function malformedRef(ref: ParticipantRef, segment: Segment, kind: string): ParticipantRef {
  const part = REF_PARTS.find((p) => p.segment === segment);
  const make = MALFORMATIONS[kind];
  if (!part || !make) throw new Error(`no malformation ${kind} of ${segment}`);
  const malformed = { ...ref, [part.key]: make(ref[part.key]) };
  const sent = pathParamsOf(malformed);
  const params = Object.fromEntries(Object.entries(sent).map(([name, sid]) => [name, decodeURIComponent(sid)]));
  if (isValid("pathParams", params)) throw new Error(`${kind} of ${segment} is still a valid SID`);
  return malformed;
}

const malformed: LiveCheck[] = REF_PARTS.map((p) => p.segment).flatMap((segment) =>
  Object.keys(MALFORMATIONS).map((kind) =>
    probe(
      `malformed-sid/${segment}/${kind}`,
      `malformed ${segment} SID (${kind}): a 4xx Twilio error`,
      "404 20404 for a SID that cannot name anything; any 4xx with Twilio's error body is honest, never 2xx, 3xx or 5xx",
      (ctx) => at(malformedRef(ctx.refs.phone, segment, kind), "right"),
      clientError,
    ),
  ),
);

export const LIVE_CHECKS: readonly LiveCheck[] = [
  conformance("phone"),
  conformance("messenger"),
  ...scoping,
  ...authentication,
  ...malformed,
];

/** Runs one live check; transport failures propagate as TransportErrors (the run cannot go on). */
export async function runLiveCheck(check: LiveCheck, ctx: LiveContext): Promise<CheckResult> {
  const started = performance.now();
  const base = { id: check.id, title: check.title, group: check.group };
  const request = check.request(ctx);
  if ("skip" in request) return { ...base, verdict: "skipped", reason: request.skip, findings: [], durationMs: 0 };
  const response = await get(
    ctx.baseUrl,
    request.path,
    authorizationFor(request.credentials, ctx.credentials),
    ctx.http,
  );
  const findings = check.judge(response, ctx, request.path);
  return {
    ...base,
    verdict: findings.length ? "fail" : "pass",
    findings,
    durationMs: performance.now() - started,
    request: { method: "GET", path: request.path, credentials: request.credentials },
    response: evidenceOf(response),
  };
}
