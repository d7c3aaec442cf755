/**
 * The pacts a run verifies, read and checked before anything is sent: local files, or
 * the pacts a broker selected (written to files, so both go the same way). A broken
 * file is one line naming it, never a verifier crash; every interaction's provider
 * states are known up front, so a state nobody can resolve stops the run before it
 * starts; and a large pact is cut into chunks of CHUNK_SIZE interactions, because the
 * verifier's cost per interaction grows with the size of the pact it is given.
 *
 * Pacts are others' data: an interaction this contract does not cover (anything but a
 * GET of the participant path) is never sent with the account's credentials unless the
 * user opts in; it is reported as a skipped check with its reason instead. Pacts from a
 * broker are kept on disk, not in memory, and every temporary folder made here is
 * removed however the process ends.
 */

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvironmentError } from "../../core/errors.js";
import type { CheckResult } from "../../core/findings.js";
import { PARTICIPANT_PATH_REGEX } from "../../core/resource.js";
import { pactFilesIn } from "../../pact/pact-dir.js";

export interface PactInteraction {
  description: string;
  /** The provider states it names, in order. */
  states: string[];
  /** Why it is outside this contract and is not sent (unless the user opts in); absent when covered. */
  outside?: string;
}

/** The flag that sends every interaction of a pact, covered or not, with the account's credentials. */
export const SEND_EVERY_REQUEST_FLAG = "--send-every-pact-request";

/** Why a pact's request is outside this contract, or undefined for a GET of the participant path. */
export function outsideContract(request: unknown): string | undefined {
  const { method, path } = (request ?? {}) as { method?: unknown; path?: unknown };
  const shown = `${typeof method === "string" ? method : "(no method)"} ${typeof path === "string" ? path : "(no path)"}`;
  if (
    typeof method === "string" &&
    method.toUpperCase() === "GET" &&
    typeof path === "string" &&
    PARTICIPANT_PATH_REGEX.test(path)
  )
    return undefined;
  return (
    `not sent: ${shown} is outside this contract (only a GET of /v1/Services/…/Sessions/…/Participants/… ` +
    `is sent with the account's credentials; ${SEND_EVERY_REQUEST_FLAG} sends it anyway)`
  );
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
  /** The pact document itself, when it is kept in memory (a local file)… */
  content?: Record<string, unknown>;
  /** …or the file it is kept in (a broker's pact, on disk so that memory stays bounded). */
  file?: string;
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
    const outside = outsideContract(interaction.request);
    return { description: interaction.description, states, ...(outside ? { outside } : {}) };
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

/** Every temporary folder this process made and has not removed yet. */
const temporary = new Set<string>();

/** Removes every temporary folder still there: at exit, and when a run is cancelled. */
export function removeTemporaryFolders(): void {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  temporary.clear();
}
// However the process ends (process.exit after a signal included), nothing is left in /tmp.
process.once("exit", removeTemporaryFolders);

/** A new temporary folder, removed by the returned function or at exit, whichever comes first. */
export function temporaryFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.add(dir);
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      temporary.delete(dir);
    },
  };
}

/** The pact written to `file` and dropped from memory: the source reads it back when it is chunked. */
export function keptOnDisk(pact: PactSource, file: string): { source: PactSource; bytes: number } {
  const text = JSON.stringify(pact.content);
  writeFileSync(file, text);
  const { content: _dropped, ...rest } = pact;
  return { source: { ...rest, file }, bytes: Buffer.byteLength(text) };
}

/**
 * What the verifier reads of a pact besides its interactions: the pacticipants and the
 * specification (and plugins) in its metadata. Anything else (a broker's _links, padding)
 * would be parsed again for every chunk.
 */
function verifierFields(content: Record<string, unknown>): Record<string, unknown> {
  const metadata = content.metadata as Record<string, unknown> | undefined;
  const kept =
    metadata && typeof metadata === "object"
      ? Object.fromEntries(
          Object.entries(metadata).filter(([key]) => /^(pactSpecification|pact-specification|plugins)$/.test(key)),
        )
      : undefined;
  return { consumer: content.consumer, provider: content.provider, ...(kept ? { metadata: kept } : {}) };
}

function contentOf(pact: PactSource): Record<string, unknown> {
  if (pact.content) return pact.content;
  if (!pact.file) throw new EnvironmentError(`pact ${pact.source} is neither in memory nor on disk`);
  return JSON.parse(readFileSync(pact.file, "utf8")) as Record<string, unknown>;
}

/**
 * Writes every pact, cut into chunks, to a directory of its own; `cleanup` removes it.
 * Only the interactions this contract covers go into the chunks (the others are never
 * sent: see outsideChecks), unless a pact's interactions were all marked covered by the
 * user's opt-in (sendEveryRequest). Pacts on disk are read one at a time.
 */
export function chunkPacts(pacts: readonly PactSource[]): { chunks: PactChunk[]; cleanup: () => void } {
  const { dir, remove } = temporaryFolder("participant-contract-pacts-");
  const chunks: PactChunk[] = [];
  try {
    for (const pact of pacts) {
      const content = contentOf(pact);
      const all = content.interactions as unknown[];
      const kept = pact.interactions.flatMap((interaction, i) =>
        interaction.outside ? [] : [{ interaction, raw: all[i] }],
      );
      for (let i = 0; i < kept.length; i += CHUNK_SIZE) {
        const file = join(dir, `pact-${chunks.length}.json`);
        const slice = kept.slice(i, i + CHUNK_SIZE);
        writeFileSync(file, JSON.stringify({ ...verifierFields(content), interactions: slice.map((k) => k.raw) }));
        chunks.push({ pact, file, interactions: slice.map((k) => k.interaction) });
      }
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { chunks, cleanup: remove };
}

/** The pacts with every interaction marked covered: the user's opt-in to send them all. */
export function sendingEveryRequest(pacts: readonly PactSource[]): PactSource[] {
  return pacts.map((pact) => ({
    ...pact,
    interactions: pact.interactions.map(({ outside: _, ...interaction }) => interaction),
  }));
}

/** A pact interaction's name in checks: its description, and its states when another shares the description. */
export function interactionName(pact: PactSource, interaction: PactInteraction): string {
  const twins = pact.interactions.filter((i) => i.description === interaction.description).length;
  const suffix = twins > 1 && interaction.states.length ? ` (given ${interaction.states.join(" and ")})` : "";
  return `${interaction.description}${suffix}`;
}

/** A skipped check, with its reason, for each interaction outside the contract: in every report, never sent. */
export function outsideChecks(pacts: readonly PactSource[]): CheckResult[] {
  return pacts.flatMap((pact) =>
    pact.interactions.flatMap((interaction): CheckResult[] => {
      if (!interaction.outside) return [];
      const name = interactionName(pact, interaction);
      return [
        {
          id: `pact/${pact.consumer}/${name}`,
          title: `${pact.consumer}: ${name}`,
          group: "pact",
          verdict: "skipped",
          findings: [],
          durationMs: 0,
          source: pact.source,
          reason: interaction.outside,
        },
      ];
    }),
  );
}

/** Every provider state the interactions to be sent name, once each (one never sent needs none). */
export function statesOf(pacts: readonly PactSource[]): string[] {
  return [...new Set(pacts.flatMap((p) => p.interactions.flatMap((i) => (i.outside ? [] : i.states))))];
}
