/**
 * The live part of a run, in its order: each participant's canonical request first (the
 * conformance checks that send it double as the reachability check, and their answers are
 * what the leak invariant and the generated part compare with), then the probe table, then
 * the generated part. It is handed only what it sends and judges with.
 */
import type { VariantName } from "../core/cases.js";
import type { CheckResult, Exploration } from "../core/findings.js";
import { inTurns } from "../core/in-turns.js";
import type { ParticipantRef } from "../core/resource.js";
import { type ExploreOptions, explore } from "./explore/explore.js";
import { canonicalOf, Explorer, knownOf, runNamedCase } from "./explore/explorer.js";
import { type Answered, secretsOf } from "./live-request.js";
import { CANONICAL_CHECKS, LIVE_CHECKS, type LiveContext, runLiveCheck } from "./probes.js";

/** Live requests in flight at once: enough to be quick, few enough to be kind to a small implementation. */
export const LIVE_CONCURRENCY = 8;

/** The run's context, less what this part works out itself (what answers may not hold, the case runner). */
export interface LiveRun extends Omit<LiveContext, "known" | "onAnswer" | "runCase"> {
  /** Told each check as it finishes. */
  report: (check: CheckResult) => CheckResult;
  /** Called once the provider has answered: whatever may run beside the live checks starts then. */
  reached?: () => void;
}

/** `wanted`: which checks to run (the canonical ones run whatever it says: the rest compare with them). */
export async function runLive(
  live: LiveRun,
  exploring: ExploreOptions,
  wanted: (checkId: string) => boolean = () => true,
): Promise<{ checks: CheckResult[]; exploration?: Exploration }> {
  const { baseUrl, refs, accountSid, credentials, strict, sender, report } = live;
  const answers = new Map<VariantName, Answered>();
  const first: LiveContext = {
    baseUrl,
    refs,
    accountSid,
    credentials,
    strict,
    sender,
    known: [],
    onAnswer: (check, answered) => check.canonical && answers.set(check.canonical, answered),
  };
  // One at a time and alone: an implementation that mixes up requests in flight together must
  // not corrupt the answers everything else is compared with (the overlapping probe finds it).
  const canonicalChecks: CheckResult[] = [];
  for (const c of CANONICAL_CHECKS) canonicalChecks.push(report(await runLiveCheck(c, first)));
  live.reached?.();
  const canonical = canonicalOf(answers);
  const participants: Record<VariantName, ParticipantRef> = { phone: refs.phone, messenger: refs.messenger };
  const secrets = secretsOf(credentials);
  const known = knownOf(canonical, participants, secrets);
  const explorer = new Explorer(
    { baseUrl, sender, secrets, refs: participants, accountSid, concurrency: LIVE_CONCURRENCY },
    canonical,
    known,
  );
  const ctx: LiveContext = { ...first, known, onAnswer: undefined, runCase: (c) => runNamedCase(explorer, c) };
  const rest = LIVE_CHECKS.filter((c) => !CANONICAL_CHECKS.includes(c) && wanted(c.id));
  const probes = await inTurns(rest, LIVE_CONCURRENCY, async (c) => report(await runLiveCheck(c, ctx)));
  if (exploring.requests <= 0) return { checks: [...canonicalChecks, ...probes] };
  // The generated part runs after the named probes, on the same participants and answers.
  const explored = await explore(explorer, exploring, wanted);
  for (const check of explored.checks) report(check);
  return { checks: [...canonicalChecks, ...probes, ...explored.checks], exploration: explored.exploration };
}
