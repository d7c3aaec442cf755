/**
 * Verification from the broker, the provider side of the Pact workflow: which pacts to
 * verify (the broker chooses, from consumer version selectors), and publishing the
 * result of each. The pact verifier itself only logs a failed publish and exits 0;
 * here every failure is an EnvironmentError, so a result that never reached the
 * broker fails the build.
 */

import { EnvironmentError, oneLine } from "../core/errors.js";
import { PACKAGE } from "../net/package-files.js";
import type { BrokerSettings } from "./config.js";
import { expandHref, type HalDocument, halRequest, linkHref } from "./hal.js";

export type { BrokerSettings } from "./config.js";

export interface BrokerPact {
  /** The pact's URL in the broker. */
  url: string;
  /** The pact document, as the broker served it: verified from a file, like local pacts. */
  content: HalDocument;
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

export async function fetchPactsForVerification(
  broker: BrokerSettings,
  q: PactsForVerificationQuery,
  timeoutMs: number,
): Promise<BrokerPact[]> {
  try {
    return await pactsForVerification(broker, q, timeoutMs);
  } catch (error) {
    throw new EnvironmentError(`cannot fetch the pacts to verify for ${q.provider}: ${oneLine(error)}`);
  }
}

async function pactsForVerification(broker: BrokerSettings, q: PactsForVerificationQuery, timeoutMs: number) {
  if (q.includeWipPactsSince && !q.providerVersionBranch) {
    // The broker decides what is work in progress per provider branch, and refuses to guess.
    throw new EnvironmentError("includeWipPactsSince needs the provider version's branch (--provider-branch)");
  }
  // `matchingBranch` matches the provider's branch: without one there is nothing to match.
  const selectors = (q.consumerVersionSelectors ?? defaultSelectors).filter(
    (selector) => q.providerVersionBranch || !(selector as { matchingBranch?: boolean }).matchingBranch,
  );
  const signal = { at: Date.now() + timeoutMs };
  const index = await halRequest(broker, "GET", `${broker.baseUrl}/`, signal);
  const template = linkHref(index, "pb:provider-pacts-for-verification", "the Pact Broker index");
  const answer = await halRequest(broker, "POST", expandHref(template, { provider: q.provider }), signal, {
    consumerVersionSelectors: selectors,
    includePendingStatus: q.enablePending ?? false,
    ...(q.providerVersionBranch ? { providerVersionBranch: q.providerVersionBranch } : {}),
    ...(q.includeWipPactsSince ? { includeWipPactsSince: q.includeWipPactsSince } : {}),
  });
  const entries = ((answer._embedded as { pacts?: ForVerificationEntry[] } | undefined)?.pacts ??
    []) as ForVerificationEntry[];
  // Each pact document holds the links its result is published to; read them now, so that a
  // broker unable to take results fails before the verification rather than after it.
  return Promise.all(
    entries.map(async (entry): Promise<BrokerPact> => {
      const url = entry._links?.self?.href;
      const description = entry.shortDescription ?? "pact";
      if (!url) throw new EnvironmentError(`the Pact Broker listed a pact without a URL (${description})`);
      const pact = await halRequest(broker, "GET", url, signal);
      const what = `the pact ${url}`;
      const consumer = (pact.consumer as { name?: string } | undefined)?.name;
      return {
        url,
        content: pact,
        description,
        pending: entry.verificationProperties?.pending === true,
        wip: entry.verificationProperties?.wip === true,
        ...(consumer ? { consumer } : {}),
        publishResultsUrl: linkHref(pact, "pb:publish-verification-results", what),
        providerUrl: linkHref(pact, "pb:provider", what),
      };
    }),
  );
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
  const signal = { at: Date.now() + timeoutMs };
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
