/**
 * What the broker commands share: where the user's pacts are (./pacts, as pact-js writes
 * them, or --dir), and the pacticipants a command is about: named with --pacticipant, else
 * the consumers those pacts name. A repository publishes its own pacts and asks about its
 * own names; this package's own contracts are never assumed.
 */
import { existsSync } from "node:fs";
import { EnvironmentError } from "../core/errors.js";
import { pactFilesIn } from "../pact/pact-dir.js";
import { readPactFile } from "../verify/pact/sources.js";
import { type Flags, usageError } from "./shell.js";

/** Where pact-js writes pacts unless told otherwise (PactV4's `dir` defaults to ./pacts). */
export const DEFAULT_PACT_DIR = "pacts";

/** The flags of a command about pacticipants, and their help lines. */
export const PACTICIPANT_FLAGS = {
  pacticipant: { type: "string", multiple: true },
  dir: { type: "string" },
} as const satisfies Flags;

export const PACTICIPANT_HELP = (width: number) =>
  [
    `  ${"--pacticipant".padEnd(width)}repeatable: your application's name in the broker (a provider names itself here)`,
    `  ${"--dir".padEnd(width)}without --pacticipant: the consumers named by the pacts in DIR (default ./${DEFAULT_PACT_DIR})`,
  ].join("\n");

/** The pact files of a folder: a missing default folder or an empty one is a line saying what to do. */
export function pactFiles(dir: string | undefined): string[] {
  const folder = dir ?? DEFAULT_PACT_DIR;
  if (dir === undefined && !existsSync(folder))
    throw new EnvironmentError(
      `no ./${DEFAULT_PACT_DIR} folder here: run your consumer tests first (pact-js writes ./${DEFAULT_PACT_DIR}), or give --dir DIR`,
    );
  const files = pactFilesIn(folder);
  if (!files.length) throw new EnvironmentError(`no pact files (*.json) in ${folder}: run the consumer tests first`);
  return files;
}

/** The consumers of these pact files, each once, in the files' order: read as verify reads a pact, within its bound. */
export function consumersOf(files: readonly string[]): string[] {
  return [...new Set(files.map((file) => readPactFile(file).consumer))];
}

/**
 * The pacticipants a command asks about: those named with --pacticipant, else the consumers
 * of the pacts in --dir (default ./pacts); with neither, a line saying to name them.
 */
export function pacticipantsFrom(named: string[] | undefined, dir: string | undefined, commandName: string): string[] {
  if (named?.length) return named;
  if (dir === undefined && !existsSync(DEFAULT_PACT_DIR))
    throw usageError(
      commandName,
      `name the pacticipant with --pacticipant NAME (repeatable): there is no ./${DEFAULT_PACT_DIR} folder to read the consumer names from`,
    );
  return consumersOf(pactFiles(dir));
}
