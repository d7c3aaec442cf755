/**
 * Runs one consumer's interactions into a fresh temporary pact directory (Pact MERGES
 * into an existing file, so stale interactions would survive in contracts/), then, as
 * the suite's last test, compares the result with the committed file, or replaces it
 * when PACT_UPDATE=1.
 */
import "./pact-env.js";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PactV4 } from "@pact-foundation/pact";
import { getFfiLib } from "@pact-foundation/pact-core";
import { expect } from "chai";
import { PACT_PROVIDER } from "../../src/core/cases.js";
import { CONTRACTS_DIR, firstDifference, normalisePact, pactFileName } from "../../src/pact/contracts.js";

export const UPDATE_COMMAND = "PACT_UPDATE=1 npx mocha tests/consumer";

/**
 * Resolves once the mock server counts every expected request as received, or after
 * `withinMs`. Pact's mock server records a match asynchronously, after it has answered
 * (pact-foundation/pact-reference#535): on a busy machine, executeTest's check right
 * after the consumer's last response can find nothing recorded yet and fail a request
 * that was matched. A consumer test ends with `await recorded(mock)`; a request that
 * really went unmatched still fails, after the wait.
 */
export async function recorded(mock: { port: number }, withinMs = 5_000): Promise<void> {
  const ffi = getFfiLib();
  const deadline = Date.now() + withinMs;
  while (!ffi.pactffiMockServerMatched(mock.port) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Declares a describe block for one consumer; `register` adds its interaction tests, given a getter for the pact. */
export function describeConsumerContract(consumer: string, register: (pact: () => PactV4) => void): void {
  const file = pactFileName(consumer);
  describe(`${consumer} -> ${PACT_PROVIDER} (contracts/${file})`, () => {
    let dir = "";
    let pact: PactV4 | undefined;

    before(() => {
      dir = mkdtempSync(join(tmpdir(), "participant-pacts-"));
      pact = new PactV4({ consumer, provider: PACT_PROVIDER, dir, logLevel: "error" });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    register(() => {
      if (!pact) throw new Error("the pact is created in before()");
      return pact;
    });

    // Mocha runs a suite's tests in order, so this one sees the pact every test above wrote.
    it(`regenerates contracts/${file} byte for byte`, function () {
      const generatedPath = join(dir, file);
      expect(existsSync(generatedPath), `no pact was written to ${generatedPath}`).to.equal(true);
      const generated = normalisePact(readFileSync(generatedPath, "utf8"));
      const committedUrl = new URL(file, CONTRACTS_DIR);
      if (process.env.PACT_UPDATE === "1") {
        const failed = (this.test?.parent?.tests ?? []).filter((t) => t.state === "failed");
        if (failed.length) expect.fail(`not updating contracts/${file}: ${failed.length} interaction test(s) failed`);
        writeFileSync(committedUrl, generated);
        return;
      }
      if (!existsSync(committedUrl)) expect.fail(`contracts/${file} is missing; run ${UPDATE_COMMAND} and commit it`);
      const diff = firstDifference(readFileSync(committedUrl, "utf8"), generated);
      if (diff) {
        expect.fail(
          `contracts/${file} differs from the regenerated pact at line ${diff.line} ` +
            `(committed: \`${diff.expected.trim()}\`, regenerated: \`${diff.actual.trim()}\`). ` +
            `If the change is intended, run ${UPDATE_COMMAND} and commit the diff.`,
        );
      }
    });
  });
}
