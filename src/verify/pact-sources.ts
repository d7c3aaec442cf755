/**
 * What the pact worker is given to verify: the pact files found locally, or, when the
 * provider's answers make verification pointless, checks failed with the reason.
 */
import { PACT_PROVIDER } from "../cases.js";
import type { CheckResult, Finding } from "./findings.js";
import type { PactSource } from "./pact.js";
import { findPactFiles } from "./pact-files.js";

export function isOversizedBody(finding: Finding): boolean {
  return finding.kind === "body" && finding.field === "(body)" && /^must be at most \d+ bytes$/.test(finding.rule);
}

/**
 * Pact checks that were not run, each failed with the reason. Used when the provider's
 * answers are oversized: the verifier would read every one in full, several times over,
 * to report what the conformance checks already have.
 */
export function notVerified(sources: PactSource[], reason: string): CheckResult[] {
  return sources.flatMap((s) =>
    (s.interactions ?? ["(every interaction)"]).map((description) => ({
      id: `pact/${s.consumer}/${description}`,
      title: `${s.consumer}: ${description}`,
      group: "pact" as const,
      verdict: "fail" as const,
      findings: [{ kind: "pact" as const, field: "(interaction)", rule: `not verified: ${reason}` }],
      durationMs: 0,
      source: s.source,
    })),
  );
}

export function localSources(location: string): PactSource[] {
  return findPactFiles(location, PACT_PROVIDER).map((file) => ({
    source: file.path,
    consumer: file.consumer,
    interactions: file.interactions.map((i) => i.description),
  }));
}
