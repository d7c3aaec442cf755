/**
 * Verification from a Pact Broker, seen from verify(): which pacts to verify (the
 * broker's choice, by the selectors the Pact docs recommend, with pending pacts) and
 * one published result per pact. The HAL conversation itself is src/broker/verification.ts.
 */

import { join } from "node:path";
import {
  type BrokerPact,
  type BrokerSettings,
  fetchPactsForVerification,
  publishVerificationResult,
} from "../broker/verification.js";
import { PACT_PROVIDER } from "../core/cases.js";
import { EnvironmentError } from "../core/errors.js";
import type { CheckResult } from "../core/findings.js";
import { keptOnDisk, type PactSource, pactSource, temporaryFolder } from "./pact/sources.js";

/**
 * What the pacts a broker selects may take on disk, in all. Each is at most 16 MiB (the
 * broker answer cap); memory holds at most a couple at a time, whatever their number.
 */
export const MAX_BROKER_PACTS_BYTES = 2 * 1024 * 1024 * 1024;

export interface BrokerVerification {
  settings: BrokerSettings;
  /** The provider version being verified (usually the commit SHA): needed only to publish the results. */
  providerVersion?: string;
  providerBranch?: string;
  /** Publish each pact's verification result; a result the broker did not take is an error. */
  publish: boolean;
  /** ISO date: also verify work-in-progress pacts published since then (needs providerBranch). */
  includeWipPactsSince?: string;
  buildUrl?: string;
}

/** The broker's choice of pacts, by the selectors the Pact docs recommend, with pending pacts enabled. */
export async function brokerSources(
  broker: BrokerVerification,
  timeoutMs: number,
  maxBytes = MAX_BROKER_PACTS_BYTES,
): Promise<{ sources: PactSource[]; pacts: BrokerPact[]; cleanup: () => void }> {
  // Each pact is checked as it arrives and written to disk; only its summary stays in memory.
  const folder = temporaryFolder("participant-contract-broker-");
  const sources = new Map<string, PactSource>();
  let total = 0;
  const keep = (pact: BrokerPact, document: Record<string, unknown>) => {
    const source = pactSource(document, pact.url, { pending: pact.pending || pact.wip });
    const kept = keptOnDisk(source, join(folder.dir, `pact-${sources.size}.json`));
    total += kept.bytes;
    if (total > maxBytes)
      throw new EnvironmentError(
        `the pacts the broker at ${broker.settings.baseUrl} selects take over ${maxBytes} bytes, the cap on pacts from a broker`,
      );
    sources.set(pact.url, kept.source);
  };
  try {
    return { ...(await fetched()), cleanup: folder.remove };
  } catch (error) {
    folder.remove();
    throw error;
  }

  async function fetched() {
    const pacts = await fetchPactsForVerification(
      broker.settings,
      {
        provider: PACT_PROVIDER,
        providerVersionBranch: broker.providerBranch,
        enablePending: true,
        includeWipPactsSince: broker.includeWipPactsSince,
      },
      timeoutMs,
      keep,
    );
    if (!pacts.length)
      throw new EnvironmentError(`the broker at ${broker.settings.baseUrl} selected no pacts for ${PACT_PROVIDER}`);
    return { sources: pacts.map((p) => sources.get(p.url) as PactSource), pacts };
  }
}

/** One result per pact: a pact passes when every one of its interactions did. */
export async function publishResults(
  broker: BrokerVerification,
  pacts: BrokerPact[],
  checks: CheckResult[],
  timeoutMs: number,
) {
  const { providerVersion } = broker;
  if (!providerVersion) throw new EnvironmentError("publishing verification results needs the provider version");
  for (const pact of pacts) {
    const own = checks.filter((c) => c.source === pact.url);
    await publishVerificationResult(
      broker.settings,
      pact,
      {
        success: own.length > 0 && own.every((c) => c.verdict === "pass"),
        providerVersion,
        ...(broker.providerBranch ? { providerBranch: broker.providerBranch } : {}),
        ...(broker.buildUrl ? { buildUrl: broker.buildUrl } : {}),
      },
      timeoutMs,
    );
  }
}
