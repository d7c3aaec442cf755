/**
 * verify(): every check against one running implementation, as a Report. The pact
 * worker starts loading first; the suite's own states are set up, the live checks run
 * meanwhile, then the pacts are verified through the pact proxy. The first environment
 * problem (unreachable provider, broken pact file, a state that cannot be set up, a
 * broker that cannot be reached) stops everything and is thrown as an EnvironmentError.
 */

import { fileURLToPath } from "node:url";
import { PACT_PROVIDER, STATES } from "../core/cases.js";
import { CancelledError, type CancelSignal, EnvironmentError } from "../core/errors.js";
import { type CheckResult, exitCodeOf, type Report } from "../core/findings.js";
import type { LoadedFixtures } from "../net/fixtures.js";
import { CONTRACTS_DIR } from "../net/package-files.js";
import { DEFAULT_EXPLORE_REQUESTS, type ExploreOptions, plannedExploration } from "./explore/explore.js";
import { freshSeed } from "./explore/generate.js";
import { type BrokerVerification, brokerSources, publishResults } from "./from-broker.js";
import { runLive } from "./live.js";
import {
  type CredentialSet,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RATE_POLICY,
  LiveSender,
  type RatePolicy,
} from "./live-request.js";
import { PactWorker, verifyPacts } from "./pact/runner.js";
import {
  findPactFiles,
  interactionName,
  outsideChecks,
  type PactSource,
  sendingEveryRequest,
  statesOf,
} from "./pact/sources.js";
import { LIVE_CHECKS } from "./probes.js";
import {
  fixtureStates,
  type StateResolver,
  setupUrlStates,
  suiteRefs,
  unresolvableMessage,
} from "./state-resolvers.js";

export type { CheckResult, Finding, Report } from "../core/findings.js";
export { DEFAULT_EXPLORE_REQUESTS } from "./explore/explore.js";
export { freshSeed } from "./explore/generate.js";
export type { BrokerVerification } from "./from-broker.js";
export { DEFAULT_RATE_POLICY, RateLimitError, type RatePolicy } from "./live-request.js";
export { PactWorker, verifyPacts } from "./pact/runner.js";
export { findPactFiles, type PactSource, readPactFile } from "./pact/sources.js";

export const DEFAULT_PACTS_DIR = fileURLToPath(CONTRACTS_DIR);
export const REQUEST_TIMEOUT_MS = 5000;

export interface VerifyOptions {
  baseUrl: string;
  /** Credentials, and the participants that exist (not needed with stateSetupUrl). */
  fixtures: Pick<LoadedFixtures, "accountSid" | "authToken"> &
    Partial<Pick<LoadedFixtures, "phone" | "messenger" | "otherAccount" | "states" | "apiKey">>;
  /** A directory of pact files or one file; defaults to this package's contracts/. */
  pacts?: string;
  /** Reject fields the reference does not define. */
  strict?: boolean;
  /** Per request: no single wait of the run is longer. */
  timeoutMs?: number;
  /** Requests a second at most, for providers with a known rate limit (`--max-rate`). */
  maxRate?: number;
  /**
   * How 429s are waited out (the bound, the back-off, how a wait is spent): DEFAULT_RATE_POLICY
   * unless given; tests shorten the waits.
   */
  ratePolicy?: Partial<RatePolicy>;
  /** An endpoint of the implementation that sets up provider states (Pact's convention). */
  stateSetupUrl?: string;
  /** Called as each check finishes, for progress output. */
  onCheck?: (check: CheckResult) => void;
  /** Verify the pacts a Pact Broker selects instead of local files, and optionally publish the results. */
  broker?: BrokerVerification;
  /**
   * A pact worker to reuse (and leave running) instead of forking one for this run:
   * for callers that verify many implementations in a row, such as the mutation test.
   */
  pactWorker?: PactWorker;
  /**
   * Send every pact interaction, including those this contract does not cover (anything
   * but a GET of the participant path), with the account's credentials. Off: they are
   * reported as skipped, never sent.
   */
  sendEveryPactRequest?: boolean;
  /** Aborted (with the signal's name as reason) to cancel the run: verify() then rejects with a CancelledError at once. */
  signal?: AbortSignal;
  /** Told the checks the run means to make as soon as they are known, so that a cancelled run can name the rest. */
  onPlanned?: (checks: Pick<CheckResult, "id" | "title" | "group" | "source">[]) => void;
  /**
   * Generated requests to send after the probe table (`--explore`): DEFAULT_EXPLORE_REQUESTS
   * unless given; 0 turns the generated part off.
   */
  explore?: number;
  /** The seed the generated requests are drawn from (`--seed`): the same seed repeats a run; a fresh one each run unless given. */
  seed?: number;
  /**
   * Runs only the checks whose id it accepts, for a caller that needs one check's verdict
   * (the mutation test): the canonical checks always run (every live answer is compared
   * with theirs), and the pact phase runs only when it accepts one of the pacts' interactions.
   */
  only?: (checkId: string) => boolean;
}

/** The base URL as requests are built on it: http(s), no userinfo (credentials go in the fixtures), no trailing slash. */
export function normaliseBaseUrl(raw: string, flag = "--base-url"): string {
  // `127.0.0.1:3000` is no URL at all, and `localhost:3000` parses as the scheme `localhost:`: both miss `http://`.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw))
    throw new EnvironmentError(`${flag} has no scheme: add http:// (or https://)`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvironmentError(`${flag} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new EnvironmentError(`${flag} must be http or https, got ${url.protocol}`);
  }
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

/** Where provider states come from: the state setup endpoint, else the fixtures' participants. */
function resolverFor(
  { stateSetupUrl, fixtures }: Pick<VerifyOptions, "stateSetupUrl" | "fixtures">,
  credentials: CredentialSet,
  timeoutMs: number,
): StateResolver {
  if (stateSetupUrl) {
    const url = normaliseBaseUrl(stateSetupUrl, "--state-setup-url");
    return setupUrlStates({ url, credentials: credentials.right, timeoutMs });
  }
  for (const variant of ["phone", "messenger"] as const) {
    if (!fixtures[variant])
      throw new EnvironmentError(
        `the fixtures name no ${variant} participant: add it, or give --state-setup-url so the implementation sets it up`,
      );
  }
  return fixtureStates(fixtures as LoadedFixtures);
}

export async function verify(options: VerifyOptions): Promise<Report> {
  const { signal } = options;
  if (!signal) return verifyUncancelled(options);
  const worker = options.pactWorker ?? new PactWorker();
  let onAbort: () => void = () => undefined;
  const cancelled = new Promise<never>((_, reject) => {
    onAbort = () => {
      // The verifier stops at once; whatever else is in flight is abandoned, and the command writes the reports.
      worker.close();
      reject(new CancelledError((signal.reason as CancelSignal | undefined) ?? "SIGTERM"));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  const work = verifyUncancelled({ ...options, pactWorker: worker });
  // Whichever loses must not become an unhandled rejection.
  work.catch(() => undefined);
  cancelled.catch(() => undefined);
  try {
    return await Promise.race([work, cancelled]);
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (!options.pactWorker) worker.close();
  }
}

async function verifyUncancelled(options: VerifyOptions): Promise<Report> {
  const started = performance.now();
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const report = (check: CheckResult) => {
    options.onCheck?.(check);
    return check;
  };
  const { accountSid, authToken, otherAccount, apiKey } = options.fixtures;
  const credentials: CredentialSet = {
    right: { username: accountSid, password: authToken },
    ...(otherAccount ? { other: { username: otherAccount.accountSid, password: otherAccount.authToken } } : {}),
    ...(apiKey ? { key: { username: apiKey.sid, password: apiKey.secret } } : {}),
    ...(otherAccount?.apiKey
      ? { otherKey: { username: otherAccount.apiKey.sid, password: otherAccount.apiKey.secret } }
      : {}),
  };
  const worker = options.pactWorker ?? new PactWorker();
  let removeBrokerPacts: () => void = () => undefined;
  const exploring: ExploreOptions = {
    requests: options.explore ?? DEFAULT_EXPLORE_REQUESTS,
    seed: options.seed ?? freshSeed(),
  };
  const wanted = options.only ?? (() => true);
  try {
    options.onPlanned?.(
      [
        ...LIVE_CHECKS.map(({ id, title, group }) => ({ id, title, group })),
        ...(exploring.requests > 0 ? plannedExploration() : []),
      ].filter((c) => wanted(c.id)),
    );
    const resolver = resolverFor(options, credentials, timeoutMs);
    const fromBroker = options.broker ? await brokerSources(options.broker, timeoutMs) : undefined;
    if (fromBroker) removeBrokerPacts = fromBroker.cleanup;
    const found: PactSource[] = fromBroker?.sources ?? findPactFiles(options.pacts ?? DEFAULT_PACTS_DIR, PACT_PROVIDER);
    const pacts = options.sendEveryPactRequest ? sendingEveryRequest(found) : found;
    // Interactions outside the contract are never sent: each is a skipped check with its reason, in every report.
    const outside = outsideChecks(pacts).map(report);
    const pactChecks = pacts.flatMap((pact) =>
      pact.interactions
        .filter((i) => !i.outside)
        .map((i) => {
          const name = interactionName(pact, i);
          return {
            id: `pact/${pact.consumer}/${name}`,
            title: `${pact.consumer}: ${name}`,
            group: "pact" as const,
            source: pact.source,
          };
        }),
    );
    const verifyingPacts = pactChecks.some((c) => wanted(c.id));
    if (verifyingPacts) options.onPlanned?.(pactChecks);
    // A state nobody can set up would fail every interaction that names it: say so before anything is sent.
    const missing = resolver.unresolvable(statesOf(pacts));
    if (missing !== undefined) throw new EnvironmentError(unresolvableMessage(missing));
    const http = { timeoutMs, maxBodyBytes: DEFAULT_MAX_BODY_BYTES };
    const policy: RatePolicy = {
      ...DEFAULT_RATE_POLICY,
      ...options.ratePolicy,
      ...(options.maxRate !== undefined ? { maxRate: options.maxRate } : {}),
    };
    // One sender for the live checks and the pact phase: one pace, one patience with 429s.
    const sender = new LiveSender(baseUrl, credentials, http, policy);
    const failure: { error?: EnvironmentError } = {};
    const pactPhase = () =>
      verifyingPacts
        ? verifyPacts(worker, pacts, {
            baseUrl,
            resolver,
            parallel: !options.stateSetupUrl,
            credentials,
            wrongCredentialsState: STATES.wrongCredentials,
            http,
            sender,
            ...(options.sendEveryPactRequest ? { sendEveryRequest: true } : {}),
            failure,
          })
        : Promise.resolve([]);
    const { refs, teardown } = await suiteRefs(resolver);
    let live: Awaited<ReturnType<typeof runLive>>;
    let besideLive: Promise<CheckResult[]> | undefined;
    try {
      live = await runLive(
        {
          baseUrl,
          refs,
          accountSid,
          credentials,
          strict: options.strict ?? false,
          sender,
          report,
          // With the fixtures, provider states change nothing on the provider, so the pact phase
          // runs beside the live checks, once the provider answered. A state setup endpoint
          // creates and removes participants, maybe with the same SIDs: there the pact phase
          // waits for the live checks' teardown.
          reached: () => {
            if (options.stateSetupUrl) return;
            besideLive = pactPhase();
            // Awaited below; until then a rejection must not count as unhandled.
            besideLive.catch(() => undefined);
          },
        },
        exploring,
        wanted,
      );
    } catch (error) {
      // The pact phase beside us stops at once (its proxies let the verifier through) and is waited for.
      failure.error ??= error instanceof EnvironmentError ? error : new EnvironmentError(String(error));
      await (besideLive as Promise<CheckResult[]> | undefined)?.catch(() => undefined);
      throw error;
    } finally {
      await teardown();
    }
    const pactResults = await (besideLive ?? pactPhase());
    const checks = [...pactResults.map(report), ...outside, ...live.checks];
    if (options.broker?.publish && fromBroker)
      await publishResults(options.broker, fromBroker.pacts, checks, timeoutMs);
    return {
      baseUrl,
      checks,
      durationMs: performance.now() - started,
      exitCode: exitCodeOf(checks),
      ...(live.exploration ? { exploration: live.exploration } : {}),
    };
  } finally {
    removeBrokerPacts();
    if (!options.pactWorker) worker.close();
  }
}
