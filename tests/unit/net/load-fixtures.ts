/**
 * Child process for the special-file cases of fixtures.test.ts: a reader that blocks
 * (a FIFO) or never ends (/dev/zero) must not take the test run down with it.
 * Prints `loaded` or the error's message.
 */
import { loadFixtures } from "../../../src/net/fixtures.js";

try {
  loadFixtures(process.argv[2], {});
  process.stdout.write("loaded\n");
} catch (error) {
  process.stdout.write(`${(error as Error).message}\n`);
}
