/**
 * The pacts a run verifies, read and checked before anything is sent: local files, or
 * the pacts a broker selected (written to files, so both go the same way). A broken
 * file is one line naming it, never a verifier crash; every interaction's provider
 * states are known up front, so a state nobody can resolve stops the run before it
 * starts; and a large pact is cut into chunks of CHUNK_SIZE interactions, because the
 * verifier's cost per interaction grows with the size of the pact it is given.
 */

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvironmentError } from "../../core/errors.js";
import { pactFilesIn } from "../../pact/pact-dir.js";

export interface PactInteraction {
  description: string;
  /** The provider states it names, in order. */
  states: string[];
}

/** One pact to verify, wherever it came from. */
export interface PactSource {
  /** The pact file or broker URL, for messages and the report. */
  source: string;
  consumer: string;
  provider: string;
  interactions: PactInteraction[];
  /** A broker's pending (or WIP) pact: its failures are reported but do not fail the run. */
  pending?: boolean;
  /** The pact document itself. */
  content: Record<string, unknown>;
}

/** Interactions per verifier run: about 6 ms each for 40, 22 ms each for 400, measured here. */
export const CHUNK_SIZE = 15;

function fail(source: string, why: string): never {
  throw new EnvironmentError(
    `${/^https?:/i.test(source) ? "pact" : "pact file"} ${source} is not a valid pact: ${why}`,
  );
}

/** Checks a pact document and lists its interactions. */
export function pactSource(content: unknown, source: string, extra: Partial<PactSource> = {}): PactSource {
  const pact = content as {
    consumer?: { name?: unknown };
    provider?: { name?: unknown };
    interactions?: unknown;
  } | null;
  if (pact === null || typeof pact !== "object" || Array.isArray(pact)) fail(source, "not a JSON object");
  if (typeof pact.consumer?.name !== "string") fail(source, "no consumer name");
  if (typeof pact.provider?.name !== "string") fail(source, "no provider name");
  if (!Array.isArray(pact.interactions) || pact.interactions.length === 0) fail(source, "no interactions");
  const interactions = pact.interactions.map((i: unknown, n): PactInteraction => {
    const interaction = i as {
      description?: unknown;
      request?: unknown;
      response?: unknown;
      providerStates?: unknown;
      providerState?: unknown;
    };
    if (typeof interaction?.description !== "string") fail(source, `interaction ${n + 1} has no description`);
    if (typeof interaction.request !== "object" || typeof interaction.response !== "object") {
      fail(source, `interaction "${interaction.description}" has no request or response`);
    }
    // Pact 3 and later list states with params; Pact 2 names one state, without.
    const states = Array.isArray(interaction.providerStates)
      ? interaction.providerStates.map((s: { name?: unknown }) => (typeof s?.name === "string" ? s.name : ""))
      : typeof interaction.providerState === "string"
        ? [interaction.providerState]
        : [];
    return { description: interaction.description, states };
  });
  return {
    source,
    consumer: pact.consumer.name,
    provider: pact.provider.name,
    interactions,
    content: content as Record<string, unknown>,
    ...extra,
  };
}

/** A local pact file, bounded in size like every input. */
export function readPactFile(path: string): PactSource {
  let data: unknown;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) fail(path, "not a regular file");
    if (stats.size > MAX_PACT_BYTES) fail(path, `larger than ${MAX_PACT_BYTES} bytes`);
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    fail(path, code ? `cannot read it (${code})` : "not JSON");
  }
  return pactSource(data, path);
}

export const MAX_PACT_BYTES = 32 * 1024 * 1024;

/**
 * Every *.json in a directory for the given provider, or the one file named (whatever
 * its provider: a team pointing at one file means it).
 */
export function findPactFiles(location: string, provider: string): PactSource[] {
  let directory: boolean;
  try {
    directory = statSync(location).isDirectory();
  } catch {
    throw new EnvironmentError(`cannot read pacts from ${location}: no such file or directory`);
  }
  if (!directory) return [readPactFile(location)];
  const pacts = pactFilesIn(location)
    .map(readPactFile)
    .filter((p) => p.provider === provider);
  if (!pacts.length) throw new EnvironmentError(`no pact for provider ${provider} in ${location}`);
  return pacts;
}

/** One verifier run's worth of a pact: a file, and which of the pact's interactions it holds. */
export interface PactChunk {
  pact: PactSource;
  file: string;
  interactions: PactInteraction[];
}

/** Writes every pact, cut into chunks, to a directory of its own; `cleanup` removes it. */
export function chunkPacts(pacts: readonly PactSource[]): { chunks: PactChunk[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "participant-contract-pacts-"));
  const chunks: PactChunk[] = [];
  for (const pact of pacts) {
    const all = pact.content.interactions as unknown[];
    for (let i = 0; i < all.length; i += CHUNK_SIZE) {
      const file = join(dir, `pact-${chunks.length}.json`);
      writeFileSync(file, JSON.stringify({ ...pact.content, interactions: all.slice(i, i + CHUNK_SIZE) }));
      chunks.push({ pact, file, interactions: pact.interactions.slice(i, i + CHUNK_SIZE) });
    }
  }
  return { chunks, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every provider state the pacts name, once each. */
export function statesOf(pacts: readonly PactSource[]): string[] {
  return [...new Set(pacts.flatMap((p) => p.interactions.flatMap((i) => i.states)))];
}
