/** Temporary folders for a test run, removed when the process ends, and paths certain to name nothing. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every directory tempDir made, removed when the process ends: a test run leaves nothing behind. */
const made: string[] = [];
process.once("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "participant-contract-"));
  made.push(dir);
  return dir;
}

/**
 * A path that certainly names nothing: inside a fresh temporary folder of this run, under a
 * folder that does not exist. A fixed absolute path such as /nonexistent may exist on some
 * machine (a report written there creates it), and the test would then test something else.
 */
export function missingPath(...names: string[]): string {
  return join(tempDir(), "missing", ...names);
}
