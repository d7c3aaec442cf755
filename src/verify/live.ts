/**
 * The checks made with live requests: each participant variant fetched and judged
 * field by field, and the negative probes (unknown SID, no or wrong credentials,
 * malformed SID) that every Twilio-compatible implementation must answer as Twilio does.
 */
import { STATES, type VariantName, variants } from "../cases.js";
import { participantPath } from "../resource.js";
import type { CheckResult, Finding } from "./findings.js";
import { type Credentials, get, type HttpOptions, type LiveResponse } from "./http.js";
import { type ErrorExpectation, judgeError, judgeParticipant } from "./responses.js";
import { type ResolvedStates, refFor } from "./states.js";

export interface LiveContext {
  baseUrl: string;
  states: ResolvedStates;
  accountSid: string;
  credentials: Credentials;
  wrongCredentials: Credentials;
  strict: boolean;
  http: HttpOptions;
}

interface LiveCheck {
  id: string;
  title: string;
  group: CheckResult["group"];
  path: (ctx: LiveContext) => string;
  credentials: (ctx: LiveContext) => Credentials | undefined;
  judge: (response: LiveResponse, ctx: LiveContext) => Finding[];
}

function variantCheck(variant: VariantName): LiveCheck {
  return {
    id: `conformance/${variant}`,
    title: `${variant} participant: status, headers, schema and rules`,
    group: "conformance",
    path: (ctx) => participantPath(refFor(ctx.states, variants[variant].state)),
    credentials: (ctx) => ctx.credentials,
    judge: (response, ctx) =>
      judgeParticipant(response, {
        requested: refFor(ctx.states, variants[variant].state),
        accountSid: ctx.accountSid,
        variant,
        strict: ctx.strict,
      }),
  };
}

const notFound: ErrorExpectation = { accept: (s) => s === 404, statusRule: "must be 404", schema: "notFound" };
const unauthorized: ErrorExpectation = { accept: (s) => s === 401, statusRule: "must be 401", schema: "unauthorized" };
// Twilio answers 404 for a malformed SID; other 4xx (400, 422) are honest answers too, 2xx and 5xx are not.
const clientError: ErrorExpectation = {
  accept: (s) => s >= 400 && s < 500,
  statusRule: "must be a 4xx client error",
  schema: "error",
};

function probe(
  id: string,
  title: string,
  path: (ctx: LiveContext) => string,
  credentials: LiveCheck["credentials"],
  expected: ErrorExpectation,
): LiveCheck {
  return { id: `probe/${id}`, title, group: "probe", path, credentials, judge: (r) => judgeError(r, expected) };
}

const phonePath = (ctx: LiveContext) => participantPath(refFor(ctx.states, STATES.phone));

export const LIVE_CHECKS: readonly LiveCheck[] = [
  variantCheck("phone"),
  variantCheck("messenger"),
  probe(
    "unknown-participant",
    "unknown participant SID: 404 with Twilio's error 20404",
    (ctx) => participantPath(refFor(ctx.states, STATES.notFound)),
    (ctx) => ctx.credentials,
    notFound,
  ),
  probe("no-credentials", "no credentials: 401 with Twilio's error 20003", phonePath, () => undefined, unauthorized),
  probe(
    "wrong-credentials",
    "wrong credentials: 401 with Twilio's error 20003",
    phonePath,
    (ctx) => ctx.wrongCredentials,
    unauthorized,
  ),
  probe(
    "malformed-sid",
    "malformed participant SID: a 4xx Twilio error",
    (ctx) => participantPath({ ...refFor(ctx.states, STATES.phone), participantSid: "KPnot-a-sid" }),
    (ctx) => ctx.credentials,
    clientError,
  ),
];

/** Runs one live check; transport failures propagate as EnvironmentErrors. */
export async function runLiveCheck(check: LiveCheck, ctx: LiveContext): Promise<CheckResult> {
  const started = performance.now();
  const response = await get(ctx.baseUrl, check.path(ctx), check.credentials(ctx), ctx.http);
  const findings = check.judge(response, ctx);
  return {
    id: check.id,
    title: check.title,
    group: check.group,
    verdict: findings.length ? "fail" : "pass",
    findings,
    durationMs: performance.now() - started,
  };
}
