/**
 * The checks made with live requests, as one table of rows: each participant variant
 * fetched and judged field by field (with the SDK's request and with the reference's own
 * curl request), and the probes that cover the request space real clients and servers
 * produce: scoping by service and session, authentication before any lookup in every
 * segment, on every participant, method (HEAD) and path variant, the whole credential and
 * only its own pair, API keys, account isolation, a malformed SID in every segment, a reused
 * keep-alive connection, overlapping fetches, a conditional request and CORS kept as the
 * preflight promised. Each row holds its requests as data and says which Twilio behaviour
 * it follows; the README's probe table is this table.
 */

import type { VariantName } from "../core/cases.js";
import { randomSid } from "../core/credentials.js";
import type { CheckResult, Finding } from "../core/findings.js";
import { CREDENTIAL_ROLE_TEXT } from "../core/request.js";
import { type ParticipantRef, participantPath, pathParamsOf, REF_PARTS, type RefPart } from "../core/resource.js";
import {
  brokenHttp,
  type ErrorExpectation,
  judgeAnswerStatus,
  judgeContentType,
  judgeError,
  judgeLiveAnswer,
  judgeNoBody,
  judgeParticipant,
  type ParticipantExpectation,
} from "../judge/answer.js";
import { judgeCorsAnswer, judgePreflight } from "../judge/cors.js";
import { evidenceOf } from "../judge/evidence.js";
import { judgeExchange, TWILIO_ERROR_ANSWERS } from "../judge/exchange.js";
import { carriedBy, type Known } from "../judge/leak.js";
import { fixtureMissing } from "../net/fixtures.js";
import { BrokenAnswerError, connectionAgent, type HttpResponse, originOf } from "../net/reader.js";
import { isValid } from "../schema/validate.js";
import type { CaseResult } from "./explore/explorer.js";
import { type Case, canonicalDraft, type Perturbation, type RequestSpec, templateOf } from "./explore/model.js";
import {
  type Answered,
  acceptEncodingOf,
  type CredentialSet,
  type LiveRequest,
  type LiveSender,
  requestInfo,
  swapCase,
} from "./live-request.js";
import type { SuiteRefs } from "./state-resolvers.js";

export interface LiveContext {
  baseUrl: string;
  refs: SuiteRefs;
  accountSid: string;
  credentials: CredentialSet;
  strict: boolean;
  /** Sends every live request of the run: its pace, its patience with 429s. */
  sender: LiveSender;
  /** What no answer but the participant may hold (judge/leak.ts): every error answer is judged by it. */
  known: readonly Known[];
  /** Told every answer a check got, raw, with its request as sent: how the canonical answers are kept. */
  onAnswer?: (check: LiveCheck, answered: Answered) => void;
  /** Runs a row whose requests are a case; there once the canonical answers are known. */
  runCase?: (c: Case) => Promise<CaseResult>;
}

/**
 * One request of a check and how its answer is judged; the request, and its judge, may
 * depend on the answers before it in the check (`previous`, in `sequence` and `connection`
 * mode).
 */
export interface Step {
  request: LiveRequest | ((previous: readonly HttpResponse[]) => LiveRequest);
  judge: (response: HttpResponse, ctx: LiveContext, previous: readonly HttpResponse[]) => Finding[];
}

/**
 * How a check's requests go: `sequence`, one after the other, each on a fresh connection;
 * `connection`, one after the other on one keep-alive connection; `overlapping`, all at
 * once. Or the reason the check cannot run here.
 */
export type Plan =
  | { mode: "sequence" | "connection" | "overlapping"; steps: Step[] }
  | { skip: string }
  /** Requests as a case of the generated part's model, each judged by the relation it calls for (explore/relations.ts). */
  | { case: Case };

export interface LiveCheck {
  id: string;
  /** What is sent and what must come back, in words. */
  title: string;
  group: "conformance" | "probe";
  /** The Twilio behaviour the row follows (the README's table). */
  twilio: string;
  plan: (ctx: LiveContext) => Plan;
  /** The participant whose canonical request this check sends: its answer is what generated requests are compared with. */
  canonical?: VariantName;
}

const OTHER_ACCOUNT_MISSING = fixtureMissing("otherAccount");
const API_KEY_MISSING = fixtureMissing("apiKey");
const OTHER_API_KEY_MISSING = fixtureMissing("otherAccount.apiKey");

const { notFound, unauthorized, malformed: malformedError } = TWILIO_ERROR_ANSWERS;

const errorJudge = (expected: ErrorExpectation) => (response: HttpResponse) => judgeError(response, expected);

/** What a participant answer is judged against: the request's SIDs, the caller's account, the origin under test. */
export function participantExpectation(
  ctx: LiveContext,
  variant: VariantName,
  requested: ParticipantRef = ctx.refs[variant],
): ParticipantExpectation {
  return { requested, accountSid: ctx.accountSid, variant, strict: ctx.strict, origin: originOf(ctx.baseUrl) };
}

/** Judges a participant answer with the judge `check` and `proxy` use too: only the expectation (this participant, of this variant) is the row's. */
const participantJudge =
  (variant: VariantName) =>
  (response: HttpResponse, ctx: LiveContext): Finding[] =>
    judgeExchange(
      {
        request: {
          method: "GET",
          path: participantPath(ctx.refs[variant]),
          accountSid: ctx.accountSid,
          origin: originOf(ctx.baseUrl),
        },
        response,
      },
      { participant: variant, strict: ctx.strict },
    ).findings;

const get = (path: string, credentials: LiveRequest["credentials"], more: Partial<LiveRequest> = {}): LiveRequest => ({
  method: "GET",
  path,
  credentials,
  ...more,
});

const one = (request: LiveRequest, judge: Step["judge"]): Plan => ({ mode: "sequence", steps: [{ request, judge }] });

/** A one-request probe, its request built from the run's context, or skipped with a reason. */
function probe(
  id: string,
  title: string,
  twilio: string,
  request: (ctx: LiveContext) => LiveRequest | { skip: string },
  judge: Step["judge"],
): LiveCheck {
  return {
    id: `probe/${id}`,
    title,
    group: "probe",
    twilio,
    plan: (ctx) => {
      const r = request(ctx);
      return "skip" in r ? r : one(r, judge);
    },
  };
}

/** The requests that vary how the conformance fetch is made, and what each follows. */
const CONFORMANCE_REQUESTS = [
  {
    suffix: "",
    canonical: true,
    how: " (the canonical request: the twilio SDK's)",
    accept: undefined,
    twilio:
      "200 with the participant resource, to the request the twilio SDK sends; every generated request is judged against this answer",
  },
  {
    suffix: "/curl",
    how: " (the reference's curl request: Accept: */*, no Accept-Encoding)",
    accept: "*/*",
    acceptEncoding: null,
    twilio:
      "200 with the participant as plain JSON: the reference's own example is curl, whose request says Accept: */* and sends no Accept-Encoding; RFC 9110 §12.5.3 permits any coding then, but curl, never having asked, prints compressed bytes as they are, so the suite asks for none",
  },
  {
    suffix: "/no-accept",
    how: " (no Accept header)",
    accept: null,
    twilio: "200 with the participant as JSON: a request without Accept accepts anything (RFC 9110 §12.5.1)",
  },
] as const satisfies readonly {
  suffix: string;
  canonical?: true;
  how: string;
  accept?: string | null;
  acceptEncoding?: string | null;
  twilio: string;
}[];

function conformance(variant: VariantName, how: (typeof CONFORMANCE_REQUESTS)[number]): LiveCheck {
  return {
    id: `conformance/${variant}${how.suffix}`,
    title: `${variant} participant${how.how}: status, headers, schema and rules`,
    group: "conformance",
    twilio: how.twilio,
    ...("canonical" in how ? { canonical: variant } : {}),
    plan: (ctx) =>
      one(
        get(participantPath(ctx.refs[variant]), "right", {
          ...(how.accept !== undefined ? { accept: how.accept } : {}),
          ...("acceptEncoding" in how ? { acceptEncoding: how.acceptEncoding } : {}),
          // The canonical request is sent as the SDK sends it, header for header.
          ...("canonical" in how ? { template: templateOf(canonicalDraft(variant, ctx.refs[variant])) } : {}),
        }),
        participantJudge(variant),
      ),
  };
}

/** The same fetch with the account's API key: what Twilio recommends a production client authenticates with. */
function conformanceWithKey(variant: VariantName): LiveCheck {
  return {
    id: `conformance/${variant}/api-key`,
    title: `${variant} participant with the account's API key: status, headers, schema and rules`,
    group: "conformance",
    twilio:
      "200 with the participant: an API key (SK…, and its secret, over Basic) authenticates as the account it belongs to",
    plan: (ctx) =>
      ctx.credentials.key
        ? one(get(participantPath(ctx.refs[variant]), "api-key"), participantJudge(variant))
        : { skip: API_KEY_MISSING },
  };
}

const at = (ref: ParticipantRef, credentials: LiveRequest["credentials"]): LiveRequest =>
  get(participantPath(ref), credentials);

const SCOPING = "404 20404: the path names the parents, and a participant exists only under its own";
const AUTH_FIRST = "401 20003 before any lookup: an unknown SID tells a caller without credentials nothing";
const AUTH = "401 20003 for any request without the account's own SID and token";
const withOther = (ctx: LiveContext, request: () => LiveRequest) =>
  ctx.credentials.other ? request() : { skip: OTHER_ACCOUNT_MISSING };

const scoping: LiveCheck[] = [
  probe(
    "unknown-participant",
    "an unknown participant SID: 404 20404",
    "404 20404 for a well-formed SID that names nobody",
    (ctx) => at(ctx.refs.notFound, "right"),
    errorJudge(notFound),
  ),
  probe(
    "unknown-service",
    "the participant under an unknown service SID: 404 20404",
    SCOPING,
    (ctx) => at({ ...ctx.refs.phone, serviceSid: randomSid("KS") }, "right"),
    errorJudge(notFound),
  ),
  probe(
    "unknown-session",
    "the participant under an unknown session SID: 404 20404",
    SCOPING,
    (ctx) => at({ ...ctx.refs.phone, sessionSid: randomSid("KC") }, "right"),
    errorJudge(notFound),
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
    errorJudge(notFound),
  ),
];

const authentication: LiveCheck[] = [
  probe(
    "auth-before-lookup/no-credentials",
    "no credentials on an unknown participant: 401 20003, not 404",
    AUTH_FIRST,
    (ctx) => at(ctx.refs.notFound, "none"),
    errorJudge(unauthorized),
  ),
  probe(
    "auth-before-lookup/wrong-password",
    "a wrong password on an unknown participant: 401 20003, not 404",
    AUTH_FIRST,
    (ctx) => at(ctx.refs.notFound, "wrong-password"),
    errorJudge(unauthorized),
  ),
  probe(
    "auth-before-lookup/unknown-service",
    "no credentials on the phone participant under an unknown service: 401 20003, not 404",
    `${AUTH_FIRST}, in the service segment too`,
    (ctx) => at({ ...ctx.refs.phone, serviceSid: randomSid("KS") }, "none"),
    errorJudge(unauthorized),
  ),
  probe(
    "auth-before-lookup/unknown-session",
    "no credentials on the phone participant under an unknown session: 401 20003, not 404",
    `${AUTH_FIRST}, in the session segment too`,
    (ctx) => at({ ...ctx.refs.phone, sessionSid: randomSid("KC") }, "none"),
    errorJudge(unauthorized),
  ),
  ...(["phone", "messenger"] as const).flatMap((variant) => [
    probe(
      `no-credentials/${variant}`,
      `no credentials on the ${variant} participant: 401 20003`,
      AUTH,
      (ctx) => at(ctx.refs[variant], "none"),
      errorJudge(unauthorized),
    ),
    probe(
      `wrong-password/${variant}`,
      `a wrong password on the ${variant} participant: 401 20003`,
      AUTH,
      (ctx) => at(ctx.refs[variant], "wrong-password"),
      errorJudge(unauthorized),
    ),
  ]),
  ...(
    [
      ["unknown-account", "another account SID with the right token"],
      ["empty-password", "an empty password"],
      ["extended-password", "the right token followed by one more character"],
      ["truncated-password", "the right token less its last character"],
      ["not-base64", "a Basic header that is not base64"],
      ["no-colon", "a Basic header without a colon"],
      ["other-scheme", "the right credentials under the Bearer scheme"],
    ] as const
  ).map(([role, what]) =>
    probe(role, `${what}: 401 20003`, AUTH, (ctx) => at(ctx.refs.phone, role), errorJudge(unauthorized)),
  ),
  probe(
    "password-trailing-space",
    "the right token followed by a space: 401 20003",
    "401 20003: the token is compared as sent, byte for byte; nothing is trimmed",
    (ctx) => at(ctx.refs.phone, "password-trailing-space"),
    errorJudge(unauthorized),
  ),
  probe(
    "token-case-swapped",
    "the right token in another letter case: 401 20003",
    "401 20003: the token is compared as sent, letter case included",
    (ctx) =>
      swapCase(ctx.credentials.right.password) === ctx.credentials.right.password
        ? { skip: "the auth token has no letters, so no other letter case" }
        : at(ctx.refs.phone, "token-case-swapped"),
    errorJudge(unauthorized),
  ),
  probe(
    "account-sid-last-digit",
    "the account SID with its last digit changed, with the right token: 401 20003",
    "401 20003: the account SID is compared whole, to its last digit",
    (ctx) => at(ctx.refs.phone, "account-sid-last-digit"),
    errorJudge(unauthorized),
  ),
  ...(
    [
      ["account-sid-other-token", "the account SID with the other account's token"],
      ["other-sid-account-token", "the other account's SID with the account's token"],
    ] as const
  ).map(([role, what]) =>
    probe(
      `mixed-credentials/${role}`,
      `${what}: 401 20003`,
      "401 20003: an account's SID goes only with that account's own token",
      (ctx) => withOther(ctx, () => at(ctx.refs.phone, role)),
      errorJudge(unauthorized),
    ),
  ),
  probe(
    "account-isolation",
    "the other account fetching this account's participant: 404 20404",
    "404 20404: an account sees only its own resources",
    (ctx) => withOther(ctx, () => at(ctx.refs.phone, "other-account")),
    errorJudge(notFound),
  ),
];

const KEY_AUTH = "401 20003: an API key's SID goes only with that key's own secret, and never stands for the account";
const withKey = (ctx: LiveContext, request: () => LiveRequest) =>
  ctx.credentials.key ? request() : { skip: API_KEY_MISSING };
const withOtherKey = (ctx: LiveContext, request: () => LiveRequest) =>
  !ctx.credentials.key
    ? { skip: API_KEY_MISSING }
    : ctx.credentials.otherKey
      ? request()
      : { skip: OTHER_API_KEY_MISSING };

/** API keys: the key is a credential of its own, checked whole, and it authenticates as its own account only. */
const apiKeys: LiveCheck[] = [
  ...(
    [
      ["wrong-secret", "api-key-wrong-secret"],
      ["unknown-key", "unknown-api-key"],
      ["account-token", "api-key-account-token"],
      ["account-sid-key-secret", "account-sid-key-secret"],
    ] as const
  ).map(([id, role]) =>
    probe(
      `api-key/${id}`,
      `${CREDENTIAL_ROLE_TEXT[role]}: 401 20003`,
      KEY_AUTH,
      (ctx) => withKey(ctx, () => at(ctx.refs.phone, role)),
      errorJudge(unauthorized),
    ),
  ),
  probe(
    "api-key/other-key-secret",
    `${CREDENTIAL_ROLE_TEXT["api-key-other-key-secret"]}: 401 20003`,
    KEY_AUTH,
    (ctx) => withOtherKey(ctx, () => at(ctx.refs.phone, "api-key-other-key-secret")),
    errorJudge(unauthorized),
  ),
  probe(
    "api-key/other-account-key",
    "the other account's own API key on this account's participant: 404 20404",
    "404 20404: a valid key authenticates as its own account, which sees only its own resources",
    (ctx) => withOtherKey(ctx, () => at(ctx.refs.phone, "other-api-key")),
    errorJudge(notFound),
  ),
];

const HEAD_UNAUTHORIZED = new Set([401, 405]);
// Under --strict, HEAD is GET without the content (RFC 9110 §9.3.2): the status GET gives, or a refusal of the method.
const HEAD_SERVED = new Set([200, 405, 501]);

/**
 * HEAD with the right credentials. No client of this endpoint sends HEAD and the reference
 * documents GET only, so by default any answer but a server error passes (a GET-only
 * router's 404 hides nothing and leaks nothing); `--strict` asks for what RFC 9110 §9.3.2
 * says of a method it serves, the status GET gives, or a refusal (405, 501). Never a body.
 */
function judgeHeadServed(response: HttpResponse, ctx: LiveContext): Finding[] {
  const status = ctx.strict
    ? judgeAnswerStatus(
        response,
        (s) => HEAD_SERVED.has(s),
        "must be 200 as the same GET is, or 405/501 if HEAD is not served (--strict)",
        200,
        true,
      )
    : judgeAnswerStatus(response, (s) => s < 500, "must never be a server error (5xx)", undefined, true);
  return [
    ...status,
    // Served, HEAD carries the headers GET would: the participant's JSON media type among them.
    ...(response.status === 200 ? judgeContentType(response) : []),
    ...judgeNoBody(response),
  ];
}

/** HEAD on each participant: documented nowhere, so it may be refused, but never a way around authentication. */
const head: LiveCheck[] = (["phone", "messenger"] as const).flatMap((variant) => [
  ...(["none", "wrong-password"] as const).map((role) =>
    probe(
      `head/${role === "none" ? "no-credentials" : role}/${variant}`,
      `HEAD with ${CREDENTIAL_ROLE_TEXT[role]} on the ${variant} participant: 401 (or 405), never 2xx`,
      "401 before anything else: the reference documents GET only, and a HEAD that answers tells whether a SID exists",
      (ctx) => ({ method: "HEAD", path: participantPath(ctx.refs[variant]), credentials: role }),
      (response) => [
        ...judgeAnswerStatus(
          response,
          (s) => HEAD_UNAUTHORIZED.has(s),
          "must be 401, or 405 if HEAD is not allowed",
          401,
          true,
        ),
        ...judgeNoBody(response),
      ],
    ),
  ),
  probe(
    `head/right/${variant}`,
    `HEAD with the right credentials on the ${variant} participant: any status but 5xx (--strict: 200 as GET, or 405/501), no body`,
    "the reference documents GET only and no client sends HEAD: any answer but a server error will do (a GET-only router's 404 hides nothing), and never a body",
    (ctx) => ({ method: "HEAD", path: participantPath(ctx.refs[variant]), credentials: "right" }),
    judgeHeadServed,
  ),
]);

/** Ways real clients and routers spell the phone participant's path other than the canonical one. */
export const PATH_VARIANTS: Record<string, (ref: ParticipantRef) => string> = {
  "trailing-slash": (ref) => `${participantPath(ref)}/`,
  "json-suffix": (ref) => `${participantPath(ref)}.json`,
  // "KP" as %4B%50: the same characters to a server that decodes, a malformed SID to one that does not.
  "percent-encoded": (ref) => participantPath({ ...ref, participantSid: `%4B%50${ref.participantSid.slice(2)}` }),
  "doubled-slash": (ref) => participantPath(ref).replace("/Participants/", "/Participants//"),
};

/** A redirect to the canonical path is the same participant, one hop away. */
function redirectsTo(response: HttpResponse, path: string, baseUrl: string): boolean {
  const location = response.headers.location;
  if (response.status < 300 || response.status >= 400 || !location) return false;
  // Resolved as a client resolves it: relative to the request, and on the origin asked (a
  // redirect that drops the port or the scheme sends the client somewhere else).
  let target: URL;
  try {
    target = new URL(location, `${baseUrl}/`);
  } catch {
    return false;
  }
  return target.origin === originOf(baseUrl) && target.pathname.endsWith(path);
}

const paths: LiveCheck[] = Object.entries(PATH_VARIANTS).flatMap(([name, pathOf]) => [
  probe(
    `path/${name}/no-credentials`,
    `no credentials on the phone participant's path (${name}): 401 or 404, never 2xx`,
    "401 20003 for any request without credentials, however its path is spelled: a router that sends a variant around authentication serves anyone",
    (ctx) => get(pathOf(ctx.refs.phone), "none"),
    (response, ctx) =>
      redirectsTo(response, participantPath(ctx.refs.phone), ctx.baseUrl)
        ? []
        : judgeAnswerStatus(
            response,
            (s) => s === 401 || s === 404,
            "must be 401 (or 404): never served without credentials",
            401,
          ),
  ),
  probe(
    `path/${name}/right`,
    `the right credentials on the phone participant's path (${name}): that participant or a 4xx`,
    "Twilio documents one path: a variant may name the same participant or nothing (4xx), never another resource, never a 5xx",
    (ctx) => get(pathOf(ctx.refs.phone), "right"),
    (response, ctx) => {
      if (response.status === 200) return participantJudge("phone")(response, ctx);
      if (redirectsTo(response, participantPath(ctx.refs.phone), ctx.baseUrl)) return [];
      return judgeAnswerStatus(
        response,
        (s) => s >= 400 && s < 500,
        "must be 200 with the same participant, a redirect to its path, or a 4xx: never another answer, never 5xx",
        undefined,
      );
    },
  ),
]);

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

/**
 * A lower-case prefix is the one malformation a lookup that ignores letter case resolves
 * to the participant itself; the reference gives no answer for it, so by default that
 * participant (judged as the canonical one) is honest too, and `--strict` demands the 4xx.
 */
function malformedJudge(kind: string) {
  return (response: HttpResponse, ctx: LiveContext): Finding[] =>
    kind === "lower-case-prefix" && !ctx.strict && response.status === 200
      ? judgeParticipant(response, participantExpectation(ctx, "phone"))
      : judgeError(response, malformedError);
}

const malformed: LiveCheck[] = REF_PARTS.map((p) => p.segment).flatMap((segment) =>
  Object.keys(MALFORMATIONS).map((kind) =>
    probe(
      `malformed-sid/${segment}/${kind}`,
      `malformed ${segment} SID (${kind}) with the right credentials: 404 (or 400/422) with Twilio's error body${kind === "lower-case-prefix" ? ", or the participant itself unless --strict" : ""}`,
      "404 20404 for a SID that cannot name anything; 400 or 422 are honest too; never 2xx, 3xx, 5xx, nor a 401, 403 or 429 that blames the caller's credentials or pace",
      (ctx) => at(malformedRef(ctx.refs.phone, segment, kind), "right"),
      malformedJudge(kind),
    ),
  ),
);

/** The same fetch, from the same client, several times over overlapping requests: enough to catch a shared "current request". */
const OVERLAP_ROUNDS = 4;

const perturb = (dimension: string, params: unknown): Perturbation => ({ dimension, params });
/** No Authorization at all. */
const NO_CREDENTIALS = perturb("credentials-moved", []);
/** The right SID with the token changed in one character. */
const WRONG_TOKEN = perturb("credential-edit", { target: "authToken", op: "replace", at: "middle", k: 0 });
/** The other account's own credentials. */
const OTHER_ACCOUNT = perturb("other-account", "other-account");
/** If-None-Match with the canonical answer's own ETag (`*` when it gives none). */
const OWN_ETAG = perturb("if-none-match", { choice: "own", nonce: "0000000000000000" });
/** A query parameter the API does not take. */
const PAGE_SIZE = perturb("query-parameters", [{ name: "PageSize", value: { text: "50" } }]);

const request = (participant: VariantName, ...perturbations: Perturbation[]): RequestSpec => ({
  participant,
  perturbations,
});

/** A probe whose requests are a case, each judged by the relation its request calls for (explore/relations.ts). */
function named(
  id: string,
  title: string,
  twilio: string,
  build: (ctx: LiveContext) => Case | { skip: string },
): LiveCheck {
  return {
    id,
    title,
    group: "probe",
    twilio,
    plan: (ctx) => {
      const c = build(ctx);
      return "skip" in c ? c : { case: c };
    },
  };
}

const withOtherCase = (ctx: LiveContext, c: () => Case) =>
  ctx.credentials.other ? c() : { skip: OTHER_ACCOUNT_MISSING };

const connections: LiveCheck[] = [
  named(
    "probe/connection-reuse",
    "one keep-alive connection: the right credentials, then none, a wrong token and the other account, each judged alone",
    "every request is authenticated on its own, whatever came before it on the connection",
    (ctx) => ({
      mode: "kept-alive",
      requests: [
        request("phone"),
        request("phone", NO_CREDENTIALS),
        request("phone", WRONG_TOKEN),
        ...(ctx.credentials.other ? [request("phone", OTHER_ACCOUNT)] : []),
      ],
    }),
  ),
  named(
    "probe/overlapping",
    `the phone and messenger participants (and the other account's fetch) ${OVERLAP_ROUNDS} times each, all at once: each answer is its own request's`,
    "each request is answered on its own: requests in flight together never share state",
    (ctx) => ({
      mode: "overlapping",
      requests: Array.from({ length: OVERLAP_ROUNDS }, () => [
        request("phone"),
        request("messenger"),
        ...(ctx.credentials.other ? [request("phone", OTHER_ACCOUNT)] : []),
      ]).flat(),
    }),
  ),
  named(
    "probe/conditional-other-account",
    "If-None-Match with the participant's ETag, from the other account: 404 20404, never 304",
    "404 20404: an account sees only its own resources, and a 304 tells another account that the participant exists and what its state is",
    (ctx) => withOtherCase(ctx, () => ({ mode: "fresh", requests: [request("phone", OWN_ETAG, OTHER_ACCOUNT)] })),
  ),
  named(
    "probe/conditional-without-credentials",
    "If-None-Match with the participant's ETag, without credentials: 401 20003, never 304",
    "401 20003 before anything else: a 304 tells a caller without credentials what the participant's state is",
    () => ({ mode: "fresh", requests: [request("phone", OWN_ETAG, NO_CREDENTIALS)] }),
  ),
];

/** A page on another origin that calls the API from a browser: an origin no implementation knows in advance. */
const CORS_ORIGIN = "https://app.example.com";

/** The preflight a browser sends before a GET with credentials from CORS_ORIGIN: no credentials, ever. */
const preflight = (path: string): LiveRequest => ({
  method: "OPTIONS",
  path,
  credentials: "none",
  accept: "*/*",
  // As a browser's fetch with credentials sends it: the method, and the one header that is not CORS-safelisted.
  headers: {
    origin: CORS_ORIGIN,
    "access-control-request-method": "GET",
    "access-control-request-headers": "authorization",
  },
});
const fromOrigin = (path: string, credentials: LiveRequest["credentials"]): LiveRequest =>
  get(path, credentials, { headers: { origin: CORS_ORIGIN } });

const CORS =
  "CORS headers are optional; where the preflight allows an origin, it answers 2xx without credentials and every answer to that origin admits it";

/**
 * CORS kept as promised, for a page on CORS_ORIGIN: the preflight, then the request, each
 * answer judged with the preflight's in view. A provider with no CORS at all promises
 * nothing and passes.
 */
function corsAnswer(
  id: string,
  what: string,
  request: (ctx: LiveContext) => LiveRequest,
  judge: Step["judge"],
): LiveCheck {
  return {
    id: `probe/cors/${id}`,
    title: `the preflight from ${CORS_ORIGIN}, then ${what} from it: where the preflight allowed the origin, the answer admits it too`,
    group: "probe",
    twilio: CORS,
    plan: (ctx) => ({
      mode: "sequence",
      steps: [
        { request: preflight(participantPath(ctx.refs.phone)), judge: () => [] },
        {
          request: request(ctx),
          judge: (response, c, previous) => [
            ...judge(response, c, previous),
            ...judgeCorsAnswer(response, CORS_ORIGIN, previous[0]),
          ],
        },
      ],
    }),
  };
}

const cors: LiveCheck[] = [
  {
    id: "probe/cors/preflight",
    title: `the phone participant fetched from ${CORS_ORIGIN}, then the preflight (OPTIONS, Access-Control-Request-Method: GET, no credentials): where either allows the origin, the preflight is 2xx and allows it`,
    group: "probe",
    twilio: CORS,
    plan: (ctx) => {
      const path = participantPath(ctx.refs.phone);
      return {
        mode: "sequence",
        steps: [
          {
            request: fromOrigin(path, "right"),
            judge: (response, c) => [
              ...participantJudge("phone")(response, c),
              ...judgeCorsAnswer(response, CORS_ORIGIN, undefined),
            ],
          },
          {
            request: preflight(path),
            judge: (response, _ctx, previous) => judgePreflight(response, CORS_ORIGIN, previous[0]),
          },
        ],
      };
    },
  },
  corsAnswer(
    "participant",
    "the phone participant with the right credentials",
    (ctx) => fromOrigin(participantPath(ctx.refs.phone), "right"),
    participantJudge("phone"),
  ),
  corsAnswer(
    "unauthorized",
    "the phone participant without credentials (401)",
    (ctx) => fromOrigin(participantPath(ctx.refs.phone), "none"),
    errorJudge(unauthorized),
  ),
  corsAnswer(
    "not-found",
    "an unknown participant with the right credentials (404)",
    (ctx) => fromOrigin(participantPath(ctx.refs.notFound), "right"),
    errorJudge(notFound),
  ),
];

/** A query string on the participant's path: the same participant (the canonical answer), and never without credentials. */
const queryPaths: LiveCheck[] = [
  named(
    "probe/path/query/no-credentials",
    "no credentials on the phone participant's path with a query (?PageSize=50): 401 20003",
    "401 20003 for any request without credentials: a query string changes neither the route nor authentication",
    () => ({ mode: "fresh", requests: [request("phone", PAGE_SIZE, NO_CREDENTIALS)] }),
  ),
  named(
    "probe/path/query/right",
    "the right credentials on the phone participant's path with a query (?PageSize=50): the canonical answer",
    "Twilio's fetch takes no query parameters: one it does not know changes nothing, so the answer is the canonical one",
    () => ({ mode: "fresh", requests: [request("phone", PAGE_SIZE)] }),
  ),
];

/**
 * Each participant's canonical request (the twilio SDK's), judged as conformance: run first,
 * as the reachability check, and its answer is the one every generated request is compared with.
 */
const CONFORMANCE_CHECKS = CONFORMANCE_REQUESTS.flatMap((how) => [
  conformance("phone", how),
  conformance("messenger", how),
]);
export const CANONICAL_CHECKS: readonly LiveCheck[] = CONFORMANCE_CHECKS.filter((c) => c.canonical);

export const LIVE_CHECKS: readonly LiveCheck[] = [
  ...CANONICAL_CHECKS,
  ...CONFORMANCE_CHECKS.filter((c) => !c.canonical),
  conformanceWithKey("phone"),
  conformanceWithKey("messenger"),
  ...scoping,
  ...authentication,
  ...apiKeys,
  ...head,
  ...cors,
  ...paths,
  ...queryPaths,
  ...malformed,
  ...connections,
];

/** Findings of one request among several, said with which one it was. */
function ofStep(findings: Finding[], index: number, count: number, request: LiveRequest): Finding[] {
  if (count === 1) return findings;
  const which = `request ${index + 1} of ${count}: ${request.method} with ${CREDENTIAL_ROLE_TEXT[request.credentials]}`;
  return findings.map((f) => ({ ...f, request: which }));
}

/**
 * Runs one live check. A provider that answered but broke HTTP is a finding; no answer at
 * all (and a rate limit that outlasts the run's bound) propagates: the run cannot go on.
 */
export async function runLiveCheck(check: LiveCheck, ctx: LiveContext): Promise<CheckResult> {
  const started = performance.now();
  const base = { id: check.id, title: check.title, group: check.group };
  const plan = check.plan(ctx);
  if ("skip" in plan) return { ...base, verdict: "skipped", reason: plan.skip, findings: [], durationMs: 0 };
  if ("case" in plan) {
    if (!ctx.runCase) throw new Error(`${check.id} runs before the canonical answers are known`);
    const result = await ctx.runCase(plan.case);
    if (result.skipped) return { ...base, verdict: "skipped", reason: result.skipped, findings: [], durationMs: 0 };
    return {
      ...base,
      verdict: result.findings.length ? "fail" : "pass",
      durationMs: performance.now() - started,
      ...result,
    };
  }
  const agent = plan.mode === "connection" ? connectionAgent(ctx.baseUrl) : undefined;
  const answers: HttpResponse[] = [];
  const sent: LiveRequest[] = [];
  const findingsOf: Finding[][] = [];
  const runStep = async (step: Step, index: number) => {
    const request = typeof step.request === "function" ? step.request(answers) : step.request;
    sent[index] = request;
    let findings: Finding[];
    try {
      const answered = await ctx.sender.fetch(request, agent);
      const { response, throttled, request: sent } = answered;
      ctx.onAnswer?.(check, answered);
      answers[index] = response;
      findings = judgeLiveAnswer(response, step.judge(response, ctx, answers.slice(0, index)), {
        throttled,
        head: request.method === "HEAD",
        acceptEncoding: acceptEncodingOf(request),
        known: ctx.known,
        carried: () => carriedBy(sent),
      });
    } catch (error) {
      if (!(error instanceof BrokenAnswerError)) throw error;
      findings = [brokenHttp(error)];
    }
    findingsOf[index] = ofStep(findings, index, plan.steps.length, request);
  };
  try {
    if (plan.mode === "overlapping") await Promise.all(plan.steps.map(runStep));
    else for (const [index, step] of plan.steps.entries()) await runStep(step, index);
  } finally {
    agent?.destroy();
  }
  const findings = findingsOf.flat();
  const last = plan.steps.length - 1;
  const lastRequest = sent[last];
  const lastAnswer = answers[last];
  return {
    ...base,
    verdict: findings.length ? "fail" : "pass",
    findings,
    durationMs: performance.now() - started,
    ...(lastRequest ? { request: requestInfo(lastRequest) } : {}),
    ...(lastAnswer ? { response: evidenceOf(lastAnswer) } : {}),
  };
}
