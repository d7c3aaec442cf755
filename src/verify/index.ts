/**
 * verify(): every check against one running implementation, as a Report. The pact
 * worker starts loading first; the live checks run here meanwhile, then the pacts are
 * verified. The first environment problem (unreachable provider, broken pact file,
 * bad state setup, a broker that cannot be reached) stops everything and is thrown as
 * an EnvironmentError.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { PACT_PROVIDER, STATES } from "../cases.js";
import { EnvironmentError } from "../errors.js";
import type { Fixtures } from "../fixtures.js";
import { type CheckResult, exitCodeOf, type Report } from "./findings.js";
import { type BrokerVerification, brokerAuth, brokerSources, publishResults } from "./from-broker.js";
import { DEFAULT_MAX_BODY_BYTES } from "./http.js";
import { LIVE_CHECKS, type LiveContext, runLiveCheck } from "./live.js";
import { PactWorker } from "./pact.js";
import { isOversizedBody, localSources, notVerified } from "./pact-sources.js";
import { type ResolvedStates, statesFromFixtures, statesFromSetupUrl, teardownStates } from "./states.js";

export type { CheckResult, Finding, Report } from "./findings.js";
export type { BrokerVerification } from "./from-broker.js";
export { PactWorker } from "./pact.js";

export const DEFAULT_PACTS_DIR = fileURLToPath(new URL("../../contracts/", import.meta.url));
export const DEFAULT_TIMEOUT_MS = 5000;

export interface VerifyOptions {
  baseUrl: string;
  /** Credentials, and the participants that exist (not needed with stateSetupUrl). */
  fixtures: Pick<Fixtures, "accountSid" | "authToken"> & Partial<Pick<Fixtures, "phone" | "messenger">>;
  /** A directory of pact files or one file; defaults to this package's contracts/. */
  pacts?: string;
  /** Reject fields the reference does not define. */
  strict?: boolean;
  /** Per request; the whole run is bounded by a multiple of it. */
  timeoutMs?: number;
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
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvironmentError(`--base-url ${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new EnvironmentError(`--base-url must be http or https, got ${url.protocol}`);
  }
  return url.toString().replace(/\/$/, "");
}

async function resolveStates(options: VerifyOptions, timeoutMs: number): Promise<ResolvedStates> {
  if (options.stateSetupUrl) return statesFromSetupUrl(options.stateSetupUrl, timeoutMs);
  const { phone, messenger } = options.fixtures;
  if (!phone || !messenger) throw new EnvironmentError("the fixtures name no phone or messenger participant");
  return statesFromFixtures({ phone, messenger });
}

export async function verify(options: VerifyOptions): Promise<Report> {
  const started = performance.now();
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const report = (check: CheckResult) => {
    options.onCheck?.(check);
    return check;
  };
  const worker = options.pactWorker ?? new PactWorker();
  try {
    const fromBroker = options.broker ? await brokerSources(options.broker, timeoutMs) : undefined;
    const sources = fromBroker?.sources ?? localSources(options.pacts ?? DEFAULT_PACTS_DIR);
    const states = await resolveStates(options, timeoutMs);
    const { accountSid, authToken } = options.fixtures;
    const ctx: LiveContext = {
      baseUrl,
      states,
      accountSid,
      credentials: { username: accountSid, password: authToken },
      // Random, so it can never be the real token by accident.
      wrongCredentials: { username: accountSid, password: `wrong-${randomBytes(8).toString("hex")}` },
      strict: options.strict ?? false,
      http: { timeoutMs, maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
    };
    // The first request doubles as the reachability check: if the provider cannot be
    // reached, stop before anything else is spent on it. The rest run while the worker starts.
    const [first, ...rest] = LIVE_CHECKS;
    const firstResult = first ? [report(await runLiveCheck(first, ctx))] : [];
    const liveResults = await Promise.all(rest.map(async (check) => report(await runLiveCheck(check, ctx))));
    const oversized = [...firstResult, ...liveResults].some((c) => c.findings.some(isOversizedBody));
    const pactResults = oversized
      ? notVerified(
          sources,
          `the provider answers bodies over ${DEFAULT_MAX_BODY_BYTES} bytes (see the conformance checks)`,
        )
      : await worker.verify(
          {
            providerBaseUrl: baseUrl,
            provider: PACT_PROVIDER,
            states: Object.fromEntries(Object.entries(states).map(([name, ref]) => [name, { ...ref }])),
            wrongCredentialsState: STATES.wrongCredentials,
            username: ctx.credentials.username,
            password: ctx.credentials.password,
            wrongPassword: ctx.wrongCredentials.password,
            timeoutMs,
            ...(options.broker ? { broker: brokerAuth(options.broker.settings) } : {}),
          },
          sources,
          // A broker's pacts are not read before they are verified; allow for a few dozen interactions each.
          timeoutMs * (sources.reduce((n, s) => n + (s.interactions?.length ?? 30), 0) + 2) + 15_000,
        );
    const checks = [...pactResults.map(report), ...firstResult, ...liveResults];
    if (options.broker?.publish && fromBroker)
      await publishResults(options.broker, fromBroker.pacts, checks, timeoutMs);
    return { baseUrl, checks, durationMs: performance.now() - started, exitCode: exitCodeOf(checks) };
  } finally {
    if (!options.pactWorker) worker.close();
    if (options.stateSetupUrl) await teardownStates(options.stateSetupUrl, timeoutMs);
  }
}
