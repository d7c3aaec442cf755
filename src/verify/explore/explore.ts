/**
 * The generated part of a run, after the probe table: each participant's canonical request
 * first (it doubles as the reachability check), then cases drawn from the dimension table
 * (generate.ts), sent with bounded concurrency through the run's sender (its pace, its
 * patience with 429s), every answer judged by the relation its own request calls for
 * (relations.ts) and by the leak invariant. A case that breaks its relation is shrunk to
 * the smallest that still does (one per distinct defect), and becomes a finding of the
 * check of its dimension: one check per row of the table, its id stable whatever the seed.
 */
import type { CheckResult, Exploration, Finding } from "../../core/findings.js";
import { inTurns } from "../../core/in-turns.js";
import type { ConnectionMode, RequestTemplate } from "../../core/template.js";
import { evidenceOf } from "../../judge/evidence.js";
import { connectionAgent } from "../../net/reader.js";
import { applyOrder, DIMENSIONS, type Dimension, REQUEST_DIMENSIONS, type RelationName } from "./dimensions.js";
import { describeSpec, type Explorer, infoOf, MODE_WORDS, type Outcome } from "./explorer.js";
import { type Generated, generate, unmetNeed } from "./generate.js";
import type { Canonical, Case, Perturbation, RequestSpec } from "./model.js";
import { RELATION_WORDS } from "./relations.js";
import { shrinkCase } from "./shrink.js";

/** How much to explore: generated requests (0: none), and the seed they are drawn from. */
export interface ExploreOptions {
  requests: number;
  seed: number;
}

/** The default budget: every dimension at least twice, well under the 300 requests a run may spend on them. */
export const DEFAULT_EXPLORE_REQUESTS = 200;
/** Distinct defects shrunk per run; past these (a provider broken everywhere) each is reported as found. */
const MAX_SHRUNK = 40;
/** Candidates tried when shrinking one defect, and in all. */
const SHRINK_TRIES = 80;
const SHRINK_TRIES_IN_ALL = 600;
/** Findings kept on one check: the first defects, each whole. */
const MAX_FINDINGS = 40;

/** A finding's identity within a run: what breaks, not where. */
const keyOf = (f: Finding) => `${f.kind}\u0000${f.field}\u0000${f.rule}`;
const firstKey = (outcomes: readonly Outcome[]) => {
  const f = outcomes.find((o) => o.findings.length)?.findings[0];
  return f ? keyOf(f) : undefined;
};
const breaks = (outcomes: readonly Outcome[], key: string) =>
  outcomes.some((o) => o.findings.some((f) => keyOf(f) === key));

/** A defect, shrunk: the dimension it belongs to, its findings, the request that shows it and the ones before it. */
interface Failure {
  dimension: string;
  /** The finding that names the defect (keyOf). */
  key: string;
  findings: Finding[];
  outcome: Outcome;
  sequence?: { mode: ConnectionMode; before: RequestTemplate[] };
}

/** The dimension a single request's defect belongs to: the one that breaks a relation first, else the first it varies. */
function dimensionOf(spec: RequestSpec): string {
  const ordered = [...spec.perturbations].sort((a, b) => applyOrder(a.dimension) - applyOrder(b.dimension));
  const breaking = ordered.find((p) => REQUEST_DIMENSIONS.get(p.dimension)?.relation !== "neutral");
  return (breaking ?? ordered[0])?.dimension ?? "repeated-reads";
}

/** A finding of a request that failed only after others on its kept-alive connection. */
function onReused(f: Finding): Finding {
  return {
    ...f,
    request: `${f.request ?? "a request"}, on a kept-alive connection that earlier generated requests had used (alone, on a new one, it passes)`,
  };
}

/** The dimension a case belongs to before it is shrunk: a sequence's own, else its request's. */
function caseDimension(c: Case): string {
  if (c.requests.length > 1) return c.mode === "kept-alive" ? "kept-alive-order" : "repeated-reads";
  return dimensionOf(c.requests[0] as RequestSpec);
}

function failureOf(c: Case, outcomes: Outcome[], key: string): Failure {
  const index = Math.max(
    0,
    outcomes.findIndex((o) => o.findings.some((f) => keyOf(f) === key)),
  );
  const outcome = outcomes[index] as Outcome;
  const label =
    c.requests.length === 1
      ? describeSpec(outcome.prepared.spec)
      : `request ${index + 1} of ${c.requests.length}, ${MODE_WORDS[c.mode]}: ${describeSpec(outcome.prepared.spec)}`;
  return {
    dimension: caseDimension(c),
    key,
    findings: outcome.findings.map((f) => ({ ...f, request: label })),
    outcome,
    ...(c.requests.length > 1
      ? { sequence: { mode: c.mode, before: outcomes.slice(0, index).map((o) => o.prepared.template) } }
      : {}),
  };
}

/**
 * Past what the arbitrary's shrinker reaches (it keeps a dimension's own perturbation, and
 * drops list items from the front only): a sequence whose failing request fails alone is
 * that request's defect; then each perturbation is dropped while the defect remains, down
 * to the canonical request itself (a defect with none is the repeated read's).
 */
async function minimise(
  explorer: Explorer,
  start: Case,
  outcomes: Outcome[],
  key: string,
): Promise<{ shrunk: Case; outcomes: Outcome[] }> {
  let shrunk = start;
  let last = outcomes;
  if (shrunk.requests.length > 1) {
    const at = last.findIndex((o) => o.findings.some((f) => keyOf(f) === key));
    const alone: Case = { mode: "fresh", requests: [shrunk.requests[at] as RequestSpec] };
    const got = await explorer.runCase(alone);
    if (!breaks(got, key)) return { shrunk, outcomes: last };
    shrunk = alone;
    last = got;
  }
  const [spec] = shrunk.requests as [RequestSpec];
  const still = async (perturbations: Perturbation[]) => {
    const got = await explorer.runCase({ mode: "fresh", requests: [{ participant: spec.participant, perturbations }] });
    if (!breaks(got, key)) return false;
    last = got;
    return true;
  };
  let perturbations = [...spec.perturbations];
  for (let i = perturbations.length - 1; i >= 0; i--) {
    const fewer = perturbations.filter((_, j) => j !== i);
    if (await still(fewer)) perturbations = fewer;
  }
  // A perturbation whose value is a list (query parameters, places, headers) keeps only the items that matter.
  for (let i = 0; i < perturbations.length; i++) {
    const p = perturbations[i] as Perturbation;
    if (!Array.isArray(p.params)) continue;
    let items = [...p.params];
    for (let j = items.length - 1; j >= 0 && items.length > 1; j--) {
      const fewer = items.filter((_, k) => k !== j);
      const candidate = perturbations.map((q, k) => (k === i ? { ...q, params: fewer } : q));
      if (await still(candidate)) items = fewer;
    }
    perturbations = perturbations.map((q, k) => (k === i ? { ...q, params: items } : q));
  }
  return { shrunk: { mode: "fresh", requests: [{ participant: spec.participant, perturbations }] }, outcomes: last };
}

/**
 * Drops a defect that is another one's echo: a request of several perturbations, one of
 * which alone breaks a relation another defect was already found for (a server refusing
 * `basic` also refuses it on a SID one character short, where a 404 was due): one defect,
 * reported once, under the dimension that shows it alone.
 */
async function withoutEchoes(explorer: Explorer, failures: readonly Failure[]): Promise<Failure[]> {
  const found = new Set(failures.map((f) => f.key));
  const kept: Failure[] = [];
  for (const failure of failures) {
    const spec = failure.outcome.prepared.spec;
    if (failure.sequence || spec.perturbations.length < 2) {
      kept.push(failure);
      continue;
    }
    let echo = false;
    for (const p of spec.perturbations) {
      const got = await explorer.runCase({
        mode: "fresh",
        requests: [{ participant: spec.participant, perturbations: [p] }],
      });
      const key = firstKey(got);
      if (key !== undefined && key !== failure.key && found.has(key)) echo = true;
    }
    if (!echo) kept.push(failure);
  }
  return kept;
}

/** The answer's dates, or its Last-Modified, within this long of its Date: a read may be what moved them. */
const RECENT_MS = 2000;

/** Whether a canonical answer dates the participant to about now: then a read in a later second must show the same bytes. */
function recentlyDated(canonical: Canonical): boolean {
  const now = Date.parse(canonical.response.headers.date ?? "") || canonical.at;
  const dates: unknown[] = [canonical.response.headers["last-modified"]];
  try {
    const body = JSON.parse(canonical.response.body.toString("utf8")) as Record<string, unknown>;
    dates.push(body.date_created, body.date_updated, body.date_deleted);
  } catch {
    // Not JSON: conformance says so; there are no dates to read.
  }
  return dates.some((d) => typeof d === "string" && Math.abs(Date.parse(d) - now) <= RECENT_MS);
}

const untilNextSecond = (at: number) =>
  new Promise<void>((resolve) =>
    setTimeout(resolve, Math.max(0, (Math.floor(at / 1000) + 1) * 1000 + 50 - Date.now())).unref(),
  );

/** The relation a dimension's check title promises, in words. */
const CHECK_WORDS: Record<RelationName, string> = {
  neutral: RELATION_WORDS.neutral,
  conditional: "200 with the canonical answer, or 304 (no body) only for the answer's own validator",
  unauthenticated: RELATION_WORDS.unauthenticated,
  "not-found": RELATION_WORDS["not-found"],
  malformed: RELATION_WORDS.malformed,
  repetition: "every answer its own request's, the canonical ones byte for byte",
};

/** The dimensions' checks and what was explored. */
export interface Explored {
  checks: CheckResult[];
  exploration: Exploration;
}

/**
 * Runs the generated part. Never throws for what the implementation answers; a request
 * that gets no answer at all where a refused connection means the implementation is gone
 * propagates, as the live checks do.
 */
export async function explore(
  explorer: Explorer,
  options: ExploreOptions,
  wanted: (checkId: string) => boolean = () => true,
): Promise<Explored> {
  const dimensions = DIMENSIONS.filter((d) => wanted(planned(d).id));
  const { canonical, run } = explorer;
  // The named probes sent through the same explorer before: only what this part sends is counted.
  const before = explorer.sent;
  const participants = (["phone", "messenger"] as const).filter(
    (v) => canonical[v]?.response.status === 200 && !canonical[v]?.response.truncated,
  );
  const subset = dimensions.length < DIMENSIONS.length ? dimensions : undefined;
  const generated: Generated[] = generate(explorer.ctx, participants, options.requests, options.seed, subset);
  // The main pass on kept-alive connections, as an SDK keeps them: cheaper than a connection a
  // request, and a defect that needs a reused connection still shows (and is told apart below).
  const pool = connectionAgent(run.baseUrl, run.concurrency);
  let outcomes: Outcome[][];
  try {
    outcomes = await inTurns(generated, run.concurrency, (g) => explorer.runCase(g.case, pool));
  } finally {
    pool.destroy();
  }

  // One defect per dimension and broken rule: the first case (in generation order) that shows it.
  const firstOf = new Map<string, { key: string; index: number }>();
  outcomes.forEach((o, i) => {
    const key = firstKey(o);
    if (key === undefined) return;
    const group = `${caseDimension((generated[i] as Generated).case)}\u0000${key}`;
    if (!firstOf.has(group)) firstOf.set(group, { key, index: i });
  });
  const failures: Failure[] = [];
  const time = new Map<string, number>();
  let triesLeft = SHRINK_TRIES_IN_ALL;
  for (const [n, { key, index }] of [...firstOf.values()].entries()) {
    const started = performance.now();
    const g = generated[index] as Generated;
    let last = outcomes[index] as Outcome[];
    // Past the cap, a defect is reported as it was found: its dimension still fails.
    if (n >= MAX_SHRUNK) {
      failures.push(failureOf(g.case, last, key));
      continue;
    }
    // Found on a pooled connection: a failure that does not come back on a connection of its own
    // depends on what that connection carried before, the kept-alive order's defect, not the request's.
    if (g.case.requests.length === 1) {
      const alone = await explorer.runCase(g.case);
      if (!breaks(alone, key)) {
        const found = failureOf(g.case, last, key);
        failures.push({ ...found, dimension: "kept-alive-order", findings: found.findings.map(onReused) });
        continue;
      }
      last = alone;
    }
    let shrunk = g.case;
    if (g.drawn) {
      const { value, tries } = await shrinkCase(
        g.drawn.arbitrary,
        g.drawn.value,
        async (candidate) => {
          const got = await explorer.runCase(candidate);
          if (!breaks(got, key)) return false;
          last = got;
          return true;
        },
        Math.min(SHRINK_TRIES, triesLeft),
      );
      triesLeft -= tries;
      shrunk = value.value_;
    }
    const minimal = await minimise(explorer, shrunk, last, key);
    const failure = failureOf(minimal.shrunk, minimal.outcomes, key);
    // Two cases that shrink to the same dimension and rule are one defect.
    if (!failures.some((f) => f.dimension === failure.dimension && f.key === key)) failures.push(failure);
    time.set(failure.dimension, (time.get(failure.dimension) ?? 0) + performance.now() - started);
  }
  const defects = await withoutEchoes(explorer, failures);

  // A read in a later second: the only way a date written to the second can be seen to move.
  for (const variant of participants) {
    const c = canonical[variant] as Canonical;
    if (!recentlyDated(c) || defects.some((d) => d.dimension === "repeated-reads")) continue;
    await untilNextSecond(c.at);
    const again: Case = { mode: "fresh", requests: [{ participant: variant, perturbations: [] }] };
    const got = await explorer.runCase(again);
    const key = firstKey(got);
    if (key !== undefined) defects.push({ ...failureOf(again, got, key), dimension: "repeated-reads" });
  }

  const checks = dimensions.map((d) => checkOf(d, defects, explorer, participants.length > 0, time.get(d.id) ?? 0));
  return { checks, exploration: { seed: options.seed, requests: explorer.sent - before } };
}

const NO_CANONICAL =
  "no participant's canonical request was answered 200, so there is nothing to compare with: conformance/phone and conformance/messenger say why";

function checkOf(
  d: Dimension,
  failures: readonly Failure[],
  explorer: Explorer,
  anyCanonical: boolean,
  durationMs: number,
): CheckResult {
  const base = planned(d);
  const need = unmetNeed(d, explorer.ctx);
  const reason = need ?? (anyCanonical ? undefined : NO_CANONICAL);
  if (reason) return { ...base, verdict: "skipped", reason, findings: [], durationMs: 0 };
  const mine = failures.filter((f) => f.dimension === d.id);
  const first = mine[0];
  if (!first) return { ...base, verdict: "pass", findings: [], durationMs };
  const { outcome } = first;
  const participant = outcome.prepared.spec.participant;
  const canonical = explorer.canonical[participant];
  const secrets = explorer.run.secrets;
  return {
    ...base,
    verdict: "fail",
    findings: mine.flatMap((f) => f.findings).slice(0, MAX_FINDINGS),
    durationMs,
    request: infoOf(outcome.prepared, secrets, canonical?.template, first.sequence),
    ...(outcome.response ? { response: evidenceOf(outcome.response) } : {}),
    ...(canonical
      ? {
          canonical: {
            // Shown as itself, nothing differing; its curl line holds every header.
            request: infoOf(explorer.prepare({ participant, perturbations: [] }), secrets, canonical.template),
            response: evidenceOf(canonical.response),
          },
        }
      : {}),
  };
}

/** The checks the generated part will make, for a run that is cancelled before it ends. */
export function plannedExploration(): Pick<CheckResult, "id" | "title" | "group">[] {
  return DIMENSIONS.map(planned);
}

/** A dimension's check as planned: its id, stable whatever the seed, and its title (what varies, what must hold). */
function planned(d: Dimension): { id: string; title: string; group: "explore" } {
  return { id: `explore/${d.id}`, title: `${d.what}: ${CHECK_WORDS[d.relation]}`, group: "explore" };
}
