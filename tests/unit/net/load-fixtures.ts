/**
 * Child process for the special-file cases of fixtures.test.ts: a reader that blocks
 * (a FIFO) or never ends (/dev/zero) must not take the test run down with it. Loads each
 * path given, in order, and prints one JSON line per path as soon as it is done:
 * `{"path", "said"}`, where `said` is `loaded` or the error's message. A path that hangs
 * leaves its line, and the lines after it, missing.
 */
import { loadFixtures } from "../../../src/net/fixtures.js";

for (const path of process.argv.slice(2)) {
  let said: string;
  try {
    loadFixtures(path, {});
    said = "loaded";
  } catch (error) {
    said = (error as Error).message;
  }
  process.stdout.write(`${JSON.stringify({ path, said })}\n`);
}
