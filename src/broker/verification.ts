/**
 * Verification from the broker, the provider side of the Pact workflow: which pacts to
 * verify (the broker chooses, from consumer version selectors), and publishing the
 * result of each. The pact verifier itself only logs a failed publish and exits 0;
 * here every failure is an EnvironmentError, so a result that never reached the
 * broker fails the build.
 */

import { EnvironmentError, oneLine } from "../core/errors.js";
import { inTurns } from "../core/in-turns.js";
import { PACKAGE } from "../net/package-files.js";
import type { BrokerSettings } from "./config.js";
import { brokerTarget, expandHref, type HalDocument, halRequest, linkHref } from "./hal.js";

export type { BrokerSettings } from "./config.js";

export interface BrokerPact {
  /** The pact's URL in the broker. */
  url: string;
  /** Why the broker chose it ("latest from main branch of …"). */
  description: string;
  /** A pending pact's failure must not fail the build. */
  pending: boolean;
  /** Work in progress: chosen by includeWipPactsSince; always pending. */
  wip: boolean;
  consumer?: string;
  publishResultsUrl: string;
  /** The provider's pacticipant resource (`pb:provider`), where its branch versions are created. */
  providerUrl: string;
}

export interface PactsForVerificationQuery {
  provider: string;
  /** The branch of the provider version being verified: for `matchingBranch` and pending status. */
  providerVersionBranch?: string;
  /** Defaults to `defaultSelectors`. */
  consumerVersionSelectors?: object[];
  enablePending?: boolean;
  /** An ISO date: pacts published since then and never verified are verified as work in progress. */
  includeWipPactsSince?: string;
}

export interface VerificationResult {
  success: boolean;
  providerVersion: string;
  providerBranch?: string;
  buildUrl?: string;
}

/** The selectors the Pact docs recommend for a provider build: main, the same branch, and what is live. */
export const defaultSelectors = [{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }];

export const VERIFIER_NAME = "twilio-proxy-participant-contract";

interface ForVerificationEntry {
  shortDescription?: string;
  verificationProperties?: { pending?: boolean; wip?: boolean };
  _links?: { self?: { href?: string } };
}

/**
 * Pact documents fetched at once: each may be up to the answer cap (16 MiB), and a parsed
 * document takes several times its size in memory, so memory is bounded by this, not by
 * how many pacts the broker selects.
 */
export const PACT_FETCHES_AT_ONCE = 2;

/**
 * What the caller does with each pact document as it arrives (check it, write it to
 * disk): the document is dropped afterwards, so that no more than PACT_FETCHES_AT_ONCE
 * are ever held at once.
 */
export type KeepPact = (pact: BrokerPact, document: HalDocument) => void;

export async function fetchPactsForVerification(
  broker: BrokerSettings,
  q: PactsForVerificationQuery,
  timeoutMs: number,
  keep: KeepPact = () => undefined,
): Promise<BrokerPact[]> {
  try {
    return await pactsForVerification(broker, q, timeoutMs, keep);
  } catch (error) {
    throw new EnvironmentError(`cannot fetch the pacts to verify for ${q.provider}: ${oneLine(error)}`);
  }
}

/** The broker's list of pacts, checked entry by entry: a wrongly shaped answer is named, never walked blindly. */
function entriesOf(answer: HalDocument): ForVerificationEntry[] {
  const embedded: unknown = answer._embedded;
  if (embedded === undefined) return [];
  if (embedded === null || typeof embedded !== "object" || Array.isArray(embedded))
    throw new EnvironmentError("the Pact Broker's list of pacts has an _embedded that is not an object");
  const pacts: unknown = (embedded as { pacts?: unknown }).pacts;
  if (pacts === undefined) return [];
  if (!Array.isArray(pacts))
    throw new EnvironmentError("the Pact Broker's list of pacts has an _embedded.pacts that is not a list");
  return pacts.map((entry: unknown, n) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry))
      throw new EnvironmentError(`the Pact Broker's list of pacts has an entry ${n + 1} that is not an object`);
    return entry as ForVerificationEntry;
  });
}

async function pactsForVerification(
  broker: BrokerSettings,
  q: PactsForVerificationQuery,
  timeoutMs: number,
  keep: KeepPact,
) {
  if (q.includeWipPactsSince && !q.providerVersionBranch) {
    // The broker decides what is work in progress per provider branch, and refuses to guess.
    throw new EnvironmentError("includeWipPactsSince needs the provider version's branch (--provider-branch)");
  }
  // `matchingBranch` matches the provider's branch: without one there is nothing to match.
  const selectors = (q.consumerVersionSelectors ?? defaultSelectors).filter(
    (selector) => q.providerVersionBranch || !(selector as { matchingBranch?: boolean }).matchingBranch,
  );
  const signal = { at: Date.now() + timeoutMs, ms: timeoutMs };
  const index = await halRequest(broker, "GET", `${broker.baseUrl}/`, signal);
  const template = linkHref(index, "pb:provider-pacts-for-verification", "the Pact Broker index");
  const answer = await halRequest(broker, "POST", expandHref(template, { provider: q.provider }), signal, {
    consumerVersionSelectors: selectors,
    includePendingStatus: q.enablePending ?? false,
    ...(q.providerVersionBranch ? { providerVersionBranch: q.providerVersionBranch } : {}),
    ...(q.includeWipPactsSince ? { includeWipPactsSince: q.includeWipPactsSince } : {}),
  });
  const entries = entriesOf(answer);
  // Every link is checked before any pact is fetched: a pact on another origin is refused
  // before the token goes anywhere.
  const listed = entries.map((entry, n) => {
    const description = typeof entry.shortDescription === "string" ? entry.shortDescription : "pact";
    const url = linkHref(entry as HalDocument, "self", `the Pact Broker's pact ${n + 1} (${description})`);
    return { entry, description, url: brokerTarget(broker, url) };
  });
  // Each pact document holds the links its result is published to; read them now, so that a
  // broker unable to take results fails before the verification rather than after it.
  return inTurns(listed, PACT_FETCHES_AT_ONCE, async ({ entry, description, url }): Promise<BrokerPact> => {
    const document = await halRequest(broker, "GET", url, signal);
    const what = `the pact ${url}`;
    const consumer = (document.consumer as { name?: unknown } | undefined)?.name;
    const properties = (entry.verificationProperties ?? {}) as { pending?: unknown; wip?: unknown };
    const pact: BrokerPact = {
      url,
      description,
      pending: properties.pending === true,
      wip: properties.wip === true,
      ...(typeof consumer === "string" ? { consumer } : {}),
      publishResultsUrl: brokerTarget(broker, linkHref(document, "pb:publish-verification-results", what)),
      providerUrl: brokerTarget(broker, linkHref(document, "pb:provider", what)),
    };
    keep(pact, document);
    return pact;
  });
}

export async function publishVerificationResult(
  broker: BrokerSettings,
  pact: BrokerPact,
  result: VerificationResult,
  timeoutMs: number,
): Promise<void> {
  try {
    await publishResult(broker, pact, result, timeoutMs);
  } catch (error) {
    throw new EnvironmentError(
      `cannot publish the verification result for ${pact.consumer ?? pact.url}: ${oneLine(error)}`,
    );
  }
}

async function publishResult(broker: BrokerSettings, pact: BrokerPact, result: VerificationResult, timeoutMs: number) {
  const signal = { at: Date.now() + timeoutMs, ms: timeoutMs };
  if (result.providerBranch) {
    // The provider version joins its branch first, as the pact verifier does: pending status
    // and `matchingBranch` selection key on the branch of the verifying version.
    const provider: HalDocument = await halRequest(broker, "GET", pact.providerUrl, signal);
    const template = linkHref(provider, "pb:branch-version", `the provider resource ${pact.providerUrl}`);
    const url = expandHref(template, { branch: result.providerBranch, version: result.providerVersion });
    await halRequest(broker, "PUT", url, signal, {});
  }
  await halRequest(broker, "POST", pact.publishResultsUrl, signal, {
    success: result.success,
    providerApplicationVersion: result.providerVersion,
    ...(result.buildUrl ? { buildUrl: result.buildUrl } : {}),
    verifiedBy: { implementation: VERIFIER_NAME, version: PACKAGE.version },
  });
}
