/**
 * The generated part's engine: a case's requests built from each participant's canonical
 * request and the perturbations it carries, sent through the run's sender (its pace, its
 * patience with 429s) one by one, on one kept-alive connection or all at once, and each
 * answer judged by the relation its own request calls for (relations.ts), by the content
 * coding its request accepted and by the leak invariant. The named probes whose requests
 * are cases (a reused connection, overlapping fetches, conditional requests) run here too.
 */
import type http from "node:http";
import type { VariantName } from "../../core/cases.js";
import { parseBasic } from "../../core/credentials.js";
import type { CredentialRole, Finding, RequestInfo } from "../../core/findings.js";
import { pairRoleOf } from "../../core/request.js";
import type { ParticipantRef } from "../../core/resource.js";
import {
  type ConnectionMode,
  displayPieces,
  type RequestTemplate,
  resolvePieces,
  templateHeader,
} from "../../core/template.js";
import { brokenHttp, judgeLiveAnswer } from "../../judge/answer.js";
import { evidenceOf } from "../../judge/evidence.js";
import { carriedBy, type Known } from "../../judge/leak.js";
import {
  BrokenAnswerError,
  connectionAgent,
  type HttpResponse,
  NoAnswerError,
  type TransportFailureKind,
} from "../../net/reader.js";
import type { Answered, LiveSender } from "../live-request.js";
import { applyOrder, type DimensionContext, REQUEST_DIMENSIONS } from "./dimensions.js";
import {
  type Canonical,
  type Case,
  canonicalDraft,
  type Draft,
  type RequestSpec,
  type Secrets,
  templateOf,
} from "./model.js";
import { type Expectation, expectationOf, judgeExpectation } from "./relations.js";

/** What the generated part needs of the run, and nothing more. */
export interface ExploreRun {
  baseUrl: string;
  sender: LiveSender;
  secrets: Secrets;
  refs: Record<VariantName, ParticipantRef>;
  accountSid: string;
  /** Cases in flight at once. */
  concurrency: number;
}

/** No answer to a generated request, where the canonical one was answered: the implementation's, not the run's. */
const ANSWERLESS: ReadonlySet<TransportFailureKind> = new Set(["timeout", "reset", "not-http", "other"]);

/** A request ready to send: its template, what its answer must be, and the values it carries. */
export interface Prepared {
  spec: RequestSpec;
  draft: Draft;
  template: RequestTemplate;
  expectation: Expectation;
  url: string;
  headers: Record<string, string>;
  sent: Record<string, string>;
  /** Everything the request carried, as text: worked out when an answer needs it (judge/leak.ts). */
  carried: () => string;
}

export interface Outcome {
  prepared: Prepared;
  response?: HttpResponse;
  findings: Finding[];
}

/** The state of one run's exploration: what it knows, and how many requests it sent. */
export class Explorer {
  sent = 0;
  readonly ctx: DimensionContext;

  constructor(
    readonly run: ExploreRun,
    readonly canonical: Partial<Record<VariantName, Canonical>>,
    readonly known: readonly Known[],
  ) {
    this.ctx = {
      refs: run.refs,
      accountSid: run.accountSid,
      ...(run.secrets.otherAccountSid ? { otherAccountSid: run.secrets.otherAccountSid } : {}),
      secrets: run.secrets,
      canonical: Object.fromEntries(
        Object.entries(canonical)
          .filter(([, c]) => c?.response.status === 200 && !c.response.truncated)
          .map(([v, c]) => [v, c?.response]),
      ),
    };
  }

  prepare(spec: RequestSpec): Prepared {
    const draft = canonicalDraft(spec.participant, this.run.refs[spec.participant]);
    const ordered = [...spec.perturbations].sort((a, b) => applyOrder(a.dimension) - applyOrder(b.dimension));
    for (const p of ordered) REQUEST_DIMENSIONS.get(p.dimension)?.apply(draft, p.params, this.ctx);
    return prepared(spec, draft, this.run, this.ctx);
  }

  /** `pooled`: the agent is a pool whose idle connection a server may have closed meanwhile. */
  async send(p: Prepared, agent?: http.Agent, pooled = false): Promise<Outcome> {
    this.sent++;
    const { http } = this.run.sender;
    const request = {
      method: "GET",
      url: p.url,
      headers: p.headers,
      timeoutMs: http.timeoutMs,
      maxBodyBytes: http.maxBodyBytes,
    };
    try {
      const { response, throttled } = await this.run.sender
        .send({ ...request, ...(agent ? { agent } : {}) })
        .catch((error: unknown) => {
          // A kept-alive connection the server closed while idle resets the next request before
          // any answer: a GET is sent again on a new connection, as HTTP clients do (RFC 9112 §9.3.1).
          if (pooled && error instanceof NoAnswerError && error.kind === "reset") {
            this.sent++;
            return this.run.sender.send(request);
          }
          throw error;
        });
      const participant = "participant" in p.expectation ? p.expectation.participant : undefined;
      const canonical = participant ? this.canonical[participant] : undefined;
      const findings = judgeLiveAnswer(
        response,
        judgeExpectation(
          p.expectation,
          response,
          canonical?.response.status === 200 ? { response: canonical.response, sent: canonical.sent } : undefined,
          p.sent,
        ),
        { throttled, head: false, acceptEncoding: p.sent["accept-encoding"], known: this.known, carried: p.carried },
      );
      return { prepared: p, response, findings };
    } catch (error) {
      if (error instanceof BrokenAnswerError) return { prepared: p, findings: [brokenHttp(error)] };
      if (error instanceof NoAnswerError && ANSWERLESS.has(error.kind))
        return { prepared: p, findings: [noAnswer(error.kind)] };
      throw error;
    }
  }

  /**
   * Sends a case's requests. `pool`: a single request goes on one of its kept-alive
   * connections, as an SDK sends (the main pass); without it, on a connection of its own,
   * so that what it gets depends on it alone (shrinking, the named probes).
   */
  async runCase(c: Case, pool?: http.Agent): Promise<Outcome[]> {
    const all = c.requests.map((spec) => this.prepare(spec));
    const [only] = all;
    if (pool && only && all.length === 1 && c.mode === "fresh") return [await this.send(only, pool, true)];
    if (c.mode === "overlapping") return Promise.all(all.map((p) => this.send(p)));
    const agent = c.mode === "kept-alive" ? connectionAgent(this.run.baseUrl) : undefined;
    try {
      const outcomes: Outcome[] = [];
      for (const p of all) outcomes.push(await this.send(p, agent));
      return outcomes;
    } finally {
      agent?.destroy();
    }
  }
}

function prepared(spec: RequestSpec, draft: Draft, run: ExploreRun, ctx: DimensionContext): Prepared {
  const template = templateOf(draft);
  const headers: Record<string, string> = {};
  const sent: Record<string, string> = {};
  for (const [name, value] of template.headers) {
    const text = resolvePieces(value, run.secrets);
    headers[name] = text;
    sent[name.toLowerCase()] = text;
  }
  const url = `${run.baseUrl}${resolvePieces(template.target, run.secrets)}`;
  return {
    spec,
    draft,
    template,
    expectation: expectationOf(draft, run.secrets, ctx),
    url,
    headers,
    sent,
    carried: () => carriedBy({ url, headers }),
  };
}

/** Why a request judged against a participant's canonical answer cannot be judged. */
export const noCanonical = (participant: VariantName) =>
  `the ${participant} participant's canonical request got no whole 200 answer to compare with: conformance/${participant} says why`;

function noAnswer(kind: TransportFailureKind): Finding {
  return {
    kind: "transport",
    field: "(answer)",
    rule: "must answer: the canonical request was answered, and this one differs from it only as its request line says",
    actual: kind,
  };
}

/**
 * The canonical answers, from the answers of the checks that send a participant's canonical
 * request (LiveCheck.canonical), by participant: a participant whose check got no whole
 * answer has none.
 */
export function canonicalOf(answers: ReadonlyMap<VariantName, Answered>): Partial<Record<VariantName, Canonical>> {
  const canonical: Partial<Record<VariantName, Canonical>> = {};
  for (const participant of ["phone", "messenger"] as const) {
    const answered = answers.get(participant);
    if (!answered) continue;
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries(answered.request.headers ?? {})) sent[name.toLowerCase()] = value;
    const template = answered.template;
    if (!template) continue;
    canonical[participant] = { participant, template, sent, response: answered.response, at: Date.now() };
  }
  return canonical;
}

/** What no answer but the participant may hold: the account's SID, the participants' SIDs and their data. */
export function knownOf(
  canonical: Partial<Record<VariantName, Canonical>>,
  refs: Record<VariantName, ParticipantRef>,
  secrets: Secrets,
): Known[] {
  const known: Known[] = [
    { what: "the account's SID", value: secrets.accountSid ?? "" },
    ...(secrets.apiKey ? [{ what: "the account's API key SID", value: secrets.apiKey }] : []),
  ];
  for (const variant of ["phone", "messenger"] as const) {
    const ref = refs[variant];
    known.push(
      { what: `the ${variant} participant's SID`, value: ref.participantSid },
      { what: `the ${variant} participant's session SID`, value: ref.sessionSid },
      { what: `the ${variant} participant's service SID`, value: ref.serviceSid },
    );
    const response = canonical[variant]?.response;
    if (response?.status !== 200) continue;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(response.body.toString("utf8")) as Record<string, unknown>;
    } catch {
      continue;
    }
    for (const field of ["identifier", "proxy_identifier", "friendly_name", "proxy_identifier_sid"] as const) {
      const value = body?.[field];
      if (typeof value === "string") known.push({ what: `the ${variant} participant's ${field}`, value });
    }
  }
  const seen = new Set<string>();
  return known.filter(({ value }) => !seen.has(value) && seen.add(value));
}

/** How a person reads a request's credentials: its role, from what its Authorization holds. */
export function roleOf(p: Prepared, secrets: Secrets): CredentialRole {
  const header = templateHeader(p.template, "authorization");
  if (!header) {
    const elsewhere = p.carried().includes(secrets.authToken ?? "\u0000");
    return elsewhere ? "altered" : "none";
  }
  const basic = parseBasic(resolvePieces(header[1], secrets));
  if (!basic) return "altered";
  return pairRoleOf(basic, secrets) ?? "altered";
}

/** The request as a report holds it: display text for what differs from the canonical request, the template whole. */
export function infoOf(
  p: Prepared,
  secrets: Secrets,
  canonical: RequestTemplate | undefined,
  sequence?: { mode: ConnectionMode; before: RequestTemplate[] },
): RequestInfo {
  const headers: Record<string, string> = {};
  for (const [name, value] of p.template.headers) {
    const shown = displayPieces(value);
    const before = canonical ? templateHeader(canonical, name) : undefined;
    if (!before || displayPieces(before[1]) !== shown) headers[name.toLowerCase()] = shown;
  }
  for (const [name] of canonical?.headers ?? [])
    if (!templateHeader(p.template, name)) headers[name.toLowerCase()] = "(none)";
  return {
    method: p.template.method,
    path: displayPieces(p.template.target),
    credentials: roleOf(p, secrets),
    ...(Object.keys(headers).length ? { headers } : {}),
    template: p.template,
    ...(sequence ? { sequence } : {}),
  };
}

/** A request's perturbations in words: `Accept: application/json;q=0.9; header names in upper case`. */
export function describeSpec(spec: RequestSpec): string {
  const words = spec.perturbations.map((p) => REQUEST_DIMENSIONS.get(p.dimension)?.describe(p.params) ?? p.dimension);
  return `the ${spec.participant} participant's canonical request${words.length ? ` with ${words.join("; ")}` : ""}`;
}

export const MODE_WORDS: Record<ConnectionMode, string> = {
  fresh: "each on its own connection",
  "kept-alive": "in turn on one kept-alive connection",
  overlapping: "all at once",
};

/** A case's findings, each said with its request when there are several, and the last request and answer as evidence. */
export interface CaseResult {
  findings: Finding[];
  request?: RequestInfo;
  response?: ReturnType<typeof evidenceOf>;
  /** Why the case was not sent: a request of it is judged against a canonical answer the run did not get. */
  skipped?: string;
}

/** Runs a named case (a probe row whose requests are a case) and says what it found. */
export async function runNamedCase(explorer: Explorer, c: Case): Promise<CaseResult> {
  // A request judged against its participant's canonical answer needs one: without it, nothing would be judged.
  for (const spec of c.requests) {
    const expectation = explorer.prepare(spec).expectation;
    if ("participant" in expectation && !explorer.ctx.canonical[expectation.participant])
      return { findings: [], skipped: noCanonical(expectation.participant) };
  }
  const outcomes = await explorer.runCase(c);
  const many = outcomes.length > 1;
  const findings = outcomes.flatMap((o, i) =>
    many
      ? o.findings.map((f) => ({
          ...f,
          request: `request ${i + 1} of ${outcomes.length}, ${MODE_WORDS[c.mode]}: ${describeSpec(o.prepared.spec)}`,
        }))
      : o.findings,
  );
  const last = outcomes[outcomes.length - 1];
  if (!last) return { findings };
  const participant = last.prepared.spec.participant;
  const before = outcomes.slice(0, -1).map((o) => o.prepared.template);
  return {
    findings,
    request: infoOf(
      last.prepared,
      explorer.run.secrets,
      explorer.canonical[participant]?.template,
      many ? { mode: c.mode, before } : undefined,
    ),
    ...(last.response ? { response: evidenceOf(last.response) } : {}),
  };
}
