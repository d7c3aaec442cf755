/**
 * Proof that the committed contract holds for genuine providers and not for broken ones:
 * the pact-js Verifier against a tiny provider. A genuine provider answers
 * `date_deleted: null` and `friendly_name: null` for an active, unnamed participant: that
 * must pass (the contract carries both fields, each "X or null"), and so must dates and
 * names; a SID with the wrong prefix, a 256-character name or a creation date outside GMT
 * must fail. Only our client's pact is verified: contracts.test.ts checks that the SDK's
 * interactions are copies of it. The verifier runs in a child process
 * (verifier-child.ts) whose output is kept, not shown: Pact's native verifier prints its
 * report to file descriptor 1, which no option in the process can silence, and an
 * expected failure must not print `ERROR … Verification unsuccessful` into a passing run.
 */
import { fork } from "node:child_process";
import { expect } from "chai";
import { PACT_CONSUMERS } from "../../../src/core/cases.js";
import { BROKEN, GENUINE } from "./verifier-cases.js";
import type { CaseOutcome } from "./verifier-child.js";

describe(`the ${PACT_CONSUMERS.client} contract, verified by pact-js's Verifier against a tiny provider`, () => {
  const outcomes = new Map<string, CaseOutcome>();
  let output = "";

  before(async function () {
    this.timeout(60_000);
    const child = fork(new URL("./verifier-child.ts", import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, PACT_DO_NOT_TRACK: "true" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("message", (message) => {
      for (const outcome of message as CaseOutcome[]) outcomes.set(outcome.name, outcome);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", (exit) => resolve(exit)));
    expect(code, output).to.equal(0);
  });

  for (const { name } of GENUINE) {
    it(`passes: ${name}`, () => {
      const outcome = outcomes.get(name);
      expect(outcome, `not run:\n${output}`).to.not.equal(undefined);
      expect(outcome?.failure, output).to.equal(undefined);
    });
  }

  for (const { name, field } of BROKEN) {
    it(`fails: ${name} (reported at ${field})`, () => {
      const failure = outcomes.get(name)?.failure;
      expect(failure, `verification passed:\n${output}`).to.be.a("string");
      expect(failure).to.include(field);
    });
  }
});
