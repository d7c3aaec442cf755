/**
 * Pact files as committed in contracts/: where they are, what they are called, and the
 * one normal form they are written in, so that regenerating them gives the same bytes
 * and a diff in review shows exactly what a change did to the contract.
 */
import { PACT_CONSUMERS, PACT_PROVIDER } from "../core/cases.js";
import { CONTRACTS_DIR } from "../net/package-files.js";
import { completePact } from "./kit.js";
import type { PactLike } from "./nullable.js";

export { CONTRACTS_DIR };

/** Pact's own naming (`<consumer>-<provider>.json`), which brokers and verifiers expect. */
export function pactFileName(consumer: string, provider: string = PACT_PROVIDER): string {
  return `${consumer}-${provider}.json`;
}

/** Every file contracts/ must hold, and nothing else. */
export const CONTRACT_FILES = Object.values(PACT_CONSUMERS)
  .map((consumer) => pactFileName(consumer))
  .sort();

type CommittedInteraction = NonNullable<PactLike["interactions"]>[number] & {
  description?: string;
  providerStates?: { name: string }[];
};

function interactionKey(interaction: CommittedInteraction): string {
  return `${interaction.description ?? ""}\u0000${(interaction.providerStates ?? []).map((s) => s.name).join("\u0000")}`;
}

/** Sorts object keys recursively, so the bytes never depend on the order a library happened to use. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The committed form of a pact: "or null" where the reference allows null (the
 * kit's completePact), interactions in a stable order (by description, then provider state),
 * keys sorted, 2-space JSON with a trailing newline. The metadata keeps
 * the pact-js and FFI versions: both are pinned in package-lock.json, so they only
 * change when the dependency does, and then the diff should say so.
 */
export function normalisePact(text: string): string {
  const pact = completePact(JSON.parse(text) as { interactions?: CommittedInteraction[] });
  const interactions = [...(pact.interactions ?? [])].sort((a, b) =>
    interactionKey(a) < interactionKey(b) ? -1 : interactionKey(a) > interactionKey(b) ? 1 : 0,
  );
  return `${JSON.stringify(sortKeys({ ...pact, interactions }), null, 2)}\n`;
}

/** The first line where two texts differ, 1-based, with both versions of it; undefined when they are equal. */
export function firstDifference(
  expected: string,
  actual: string,
): { line: number; expected: string; actual: string } | undefined {
  if (expected === actual) return undefined;
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { line: i + 1, expected: a[i] ?? "(end of file)", actual: b[i] ?? "(end of file)" };
  }
  return undefined;
}
