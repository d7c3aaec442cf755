/**
 * Verification from a Pact Broker, seen from verify(): which pacts to verify (the
 * broker's choice, by the selectors the Pact docs recommend, with pending pacts) and
 * one published result per pact. The HAL conversation itself is src/broker/verification.ts.
 */
import {
  type BrokerPact,
  type BrokerSettings,
  fetchPactsForVerification,
  publishVerificationResult,
} from "../broker/verification.js";
import { PACT_PROVIDER } from "../core/cases.js";
import { EnvironmentError } from "../core/errors.js";
import type { CheckResult } from "../core/findings.js";
import { type PactSource, pactSource } from "./pact/sources.js";

export interface BrokerVerification {
  settings: BrokerSettings;
  /** The provider version being verified: usually the commit SHA. */
  providerVersion: string;
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
): Promise<{ sources: PactSource[]; pacts: BrokerPact[] }> {
  const pacts = await fetchPactsForVerification(
    broker.settings,
    {
      provider: PACT_PROVIDER,
      providerVersionBranch: broker.providerBranch,
      enablePending: true,
      includeWipPactsSince: broker.includeWipPactsSince,
    },
    timeoutMs,
  );
  if (!pacts.length)
    throw new EnvironmentError(`the broker at ${broker.settings.baseUrl} selected no pacts for ${PACT_PROVIDER}`);
  const sources = pacts.map((p) => pactSource(p.content, p.url, { pending: p.pending || p.wip }));
  return { sources, pacts };
}

/** One result per pact: a pact passes when every one of its interactions did. */
export async function publishResults(
  broker: BrokerVerification,
  pacts: BrokerPact[],
  checks: CheckResult[],
  timeoutMs: number,
) {
  for (const pact of pacts) {
    const own = checks.filter((c) => c.source === pact.url);
    await publishVerificationResult(
      broker.settings,
      pact,
      {
        success: own.length > 0 && own.every((c) => c.verdict === "pass"),
        providerVersion: broker.providerVersion,
        ...(broker.providerBranch ? { providerBranch: broker.providerBranch } : {}),
        ...(broker.buildUrl ? { buildUrl: broker.buildUrl } : {}),
      },
      timeoutMs,
    );
  }
}
