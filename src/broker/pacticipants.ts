/**
 * The pacticipants a broker command is about, read from the pacts themselves: the consumer
 * each pact file names. A repository publishes its own pacts and asks about its own
 * names; this package's own contracts are never assumed.
 */
import { EnvironmentError } from "../core/errors.js";
import { readRegularFile } from "../net/fixtures.js";

/** A pact file is rarely over a few megabytes; a broker refuses far less than this. */
const MAX_PACT_FILE_BYTES = 64 * 1024 * 1024;

/** The consumer a pact file names (`consumer.name`), or one line saying the file is no pact. */
export function consumerOf(file: string): string {
  const text = readRegularFile(file, "pact file", MAX_PACT_FILE_BYTES);
  let pact: unknown;
  try {
    pact = JSON.parse(text);
  } catch {
    throw new EnvironmentError(`pact file ${file} is not JSON`);
  }
  const consumer = (pact as { consumer?: { name?: unknown } } | null)?.consumer?.name;
  if (typeof consumer !== "string" || !consumer.trim())
    throw new EnvironmentError(`pact file ${file} names no consumer (consumer.name)`);
  return consumer;
}

/** The consumers of these pact files, each once, in the files' order. */
export function consumersOf(files: readonly string[]): string[] {
  return [...new Set(files.map(consumerOf))];
}
