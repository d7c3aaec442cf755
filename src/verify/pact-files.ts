/**
 * Finds the pact files to verify and checks that each is a pact at all, so a broken
 * file is reported as one line naming it rather than as a verifier crash.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentError } from "../errors.js";

export interface PactFile {
  path: string;
  consumer: string;
  provider: string;
  interactions: { description: string }[];
}

function fail(path: string, why: string): never {
  throw new EnvironmentError(`pact file ${path} is not a valid pact: ${why}`);
}

export function readPactFile(path: string): PactFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(path, code ? `cannot read it (${code})` : "not JSON");
  }
  const pact = data as { consumer?: { name?: unknown }; provider?: { name?: unknown }; interactions?: unknown };
  if (typeof pact?.consumer?.name !== "string") fail(path, "no consumer name");
  if (typeof pact.provider?.name !== "string") fail(path, "no provider name");
  if (!Array.isArray(pact.interactions) || pact.interactions.length === 0) fail(path, "no interactions");
  const interactions = pact.interactions.map(
    (i: { description?: unknown; request?: unknown; response?: unknown }, n) => {
      if (typeof i?.description !== "string") fail(path, `interaction ${n + 1} has no description`);
      if (typeof i.request !== "object" || typeof i.response !== "object") {
        fail(path, `interaction "${i.description}" has no request or response`);
      }
      return { description: i.description };
    },
  );
  return { path, consumer: pact.consumer.name, provider: pact.provider.name, interactions };
}

/** Every *.json in a directory (or the one file named), for the given provider. */
export function findPactFiles(location: string, provider: string): PactFile[] {
  let paths: string[];
  try {
    paths = statSync(location).isDirectory()
      ? readdirSync(location)
          .filter((name) => name.endsWith(".json"))
          .sort()
          .map((name) => join(location, name))
      : [location];
  } catch {
    throw new EnvironmentError(`cannot read pacts from ${location}: no such file or directory`);
  }
  const pacts = paths.map(readPactFile).filter((p) => p.provider === provider);
  if (!pacts.length) throw new EnvironmentError(`no pact for provider ${provider} in ${location}`);
  return pacts;
}
