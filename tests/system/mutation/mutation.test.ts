/**
 * The suite's own mutation test: every variant in the catalog is served by the
 * reference provider with that one change, and the real verifier (pact verification,
 * conformance checks and probes) runs against it in-process. Broken variants must be
 * killed (exit 1) for the reason the catalog names; genuine ones must pass (exit 0).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PACT_CONSUMERS } from "../../../src/core/cases.js";
import { oneLine } from "../../../src/core/errors.js";
import { formatViolation } from "../../../src/core/violation.js";
import type { Fixtures } from "../../../src/net/fixtures.js";
import { CONTRACTS_DIR, pactFileName } from "../../../src/pact/contracts.js";
import { defaultFixtures, type Mutation, STATE_SETUP_PATH, startProvider } from "../../../src/provider/index.js";
import { DIMENSIONS } from "../../../src/verify/explore/dimensions.js";
import { PactWorker, type Report, verify } from "../../../src/verify/index.js";
import { LIVE_CHECKS } from "../../../src/verify/probes.js";
import { type BrokenVariant, broken, type Expectation, genuine } from "./catalog.js";

process.env.PACT_DO_NOT_TRACK = "true";

/**
 * Forking a pact worker costs about 0.6 s of CPU, a verification in a warm one about
 * 0.1 s: so a few long-lived workers, one per core, shared by every row in turn.
 */
const PACT_WORKERS = 2;
/** Verifications in flight: enough to keep every worker busy while the others run their live checks. */
const CONCURRENCY = 2 * PACT_WORKERS;
const seed = defaultFixtures();

/**
 * Which pacts each kind of variant is verified with. A genuine variant gets our client's
 * pact, every interaction of the contract: a false alarm could come from any of them, and
 * the twilio SDK's pact adds none (each of its interactions is the client's of the same
 * name, which tests/unit/pact/contracts.test.ts keeps true, so verifying one verifies both).
 * A broken one is verified for the checks its row names alone (`only`): a pact row gets
 * the pact phase on that same pact, any other none (no pact verdict could change its row's,
 * and most of a verification's cost was checks nobody judged).
 */
const clientPactFile = fileURLToPath(new URL(pactFileName(PACT_CONSUMERS.client), CONTRACTS_DIR));
const GENUINE_PACTS = clientPactFile;
/** A broken row's checks: those its expectation names. */
const onlyFor = (row: BrokenVariant) => (id: string) => id.startsWith(row.expect.check);

interface Outcome {
  exitCode: number;
  report?: Report;
  /** The one-line cause when verify itself failed (exit 2). */
  error?: string;
}

interface Run {
  mutation: Mutation;
  fixtures: Fixtures;
  pacts: string;
  viaStateSetup?: boolean;
  /** Generated requests (the seed is fixed, so a row's outcome repeats). */
  explore: number;
  seed: number;
  /** The checks to run; every one unless given. */
  only?: (checkId: string) => boolean;
}

/**
 * How much of the generated part each row gets. A broken row killed by a generated check gets
 * the named samples of every dimension, the noisy draws and a few more; one killed elsewhere
 * gets none (no generated verdict could change its row's); a genuine row gets every dimension
 * at least once, each row from a seed of its own, so that together they try above a thousand
 * requests (the reference itself is explored at the full budget over 20 seeds, tests/system/explore).
 */
const EXPLORE_FOR_BROKEN = 100;
const EXPLORE_FOR_GENUINE = 24;
const exploreFor = (row: BrokenVariant) => (row.expect.check.startsWith("explore/") ? EXPLORE_FOR_BROKEN : 0);

async function verifyVariant(run: Run, pactWorker: PactWorker): Promise<Outcome> {
  const provider = await startProvider({ fixtures: run.fixtures, mutation: run.mutation });
  const { accountSid, authToken } = run.fixtures;
  try {
    const report = await verify({
      baseUrl: provider.url,
      pacts: run.pacts,
      strict: false,
      timeoutMs: 5000,
      pactWorker,
      explore: run.explore,
      seed: run.seed,
      ...(run.only ? { only: run.only } : {}),
      // A 429's wait is honoured in order and bounded as in a real run, but spent in a few milliseconds.
      ratePolicy: { wait: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))) },
      ...(run.viaStateSetup
        ? { fixtures: { accountSid, authToken }, stateSetupUrl: `${provider.url}${STATE_SETUP_PATH}` }
        : { fixtures: run.fixtures }),
    });
    return { exitCode: report.exitCode, report };
  } catch (error) {
    return { exitCode: 2, error: oneLine(error) };
  } finally {
    await provider.close();
  }
}

async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function failingFindings(report: Report | undefined) {
  return (report?.checks ?? [])
    .filter((c) => c.verdict === "fail")
    .flatMap((c) => c.findings.map((f) => ({ check: c.id, ...f })));
}

/**
 * Killed for the right reason: a failing check of the named kind holds a finding on the
 * named field; `checkId`, when given, must be that check.
 */
function killedFor(outcome: Outcome, expected: Expectation, checkId?: string): boolean {
  return failingFindings(outcome.report).some(
    (f) =>
      f.check.startsWith(expected.check) &&
      (checkId === undefined || f.check === checkId) &&
      f.field.toLowerCase() === expected.field.toLowerCase() &&
      (expected.kind === undefined || f.kind === expected.kind),
  );
}

function explain(outcome: Outcome): string {
  if (outcome.error) return `verify failed: ${outcome.error}`;
  const findings = failingFindings(outcome.report);
  if (!findings.length) return "no check failed";
  return findings
    .map((f) => `${f.check} [${f.kind}] ${formatViolation({ field: f.field, rule: f.rule, actual: f.actual })}`)
    .join("\n  ");
}

describe("mutation test: verify against variants of the reference provider", () => {
  const brokenOutcomes = new Map<BrokenVariant, Outcome>();
  const genuineOutcomes = new Map<string, Outcome>();
  let elapsedMs = 0;
  let workers: PactWorker[] = [];

  before(async function () {
    this.timeout(120_000);
    const started = performance.now();
    workers = Array.from({ length: PACT_WORKERS }, () => new PactWorker());
    const rows: ((worker: PactWorker) => Promise<unknown>)[] = [
      ...broken.map(
        (row) => async (worker: PactWorker) =>
          brokenOutcomes.set(
            row,
            await verifyVariant(
              {
                mutation: row.mutation,
                fixtures: seed,
                pacts: clientPactFile,
                explore: exploreFor(row),
                seed: 1,
                only: onlyFor(row),
              },
              worker,
            ),
          ),
      ),
      ...genuine.map(
        (row, index) => async (worker: PactWorker) =>
          genuineOutcomes.set(
            row.name,
            await verifyVariant(
              {
                ...row,
                fixtures: row.fixtures?.(seed) ?? seed,
                pacts: GENUINE_PACTS,
                explore: EXPLORE_FOR_GENUINE,
                seed: index + 1,
              },
              worker,
            ),
          ),
      ),
    ];
    await inPool(rows, CONCURRENCY, (run, index) => run(workers[index % workers.length] as PactWorker));
    elapsedMs = performance.now() - started;
  });

  after(() => {
    for (const worker of workers) worker.close();
    const killed = broken.filter((row) => {
      const outcome = brokenOutcomes.get(row);
      return outcome?.exitCode === 1 && killedFor(outcome, row.expect);
    }).length;
    const falseAlarms = genuine.filter((row) => genuineOutcomes.get(row.name)?.exitCode !== 0).length;
    console.log(
      `\n  mutation test: killed ${killed}/${broken.length} broken variants, ` +
        `${falseAlarms}/${genuine.length} false alarms (${broken.length + genuine.length} verifications in ${Math.round(elapsedMs)} ms)`,
    );
  });

  it("the catalog holds at least 25 broken and 8 genuine variants, each named once", () => {
    assert.ok(broken.length >= 25, `${broken.length} broken variants`);
    assert.ok(genuine.length >= 8, `${genuine.length} genuine variants`);
    const names = [...broken, ...genuine].map((row) => row.name);
    assert.deepEqual(
      names.filter((name, i) => names.indexOf(name) !== i),
      [],
      "duplicate names",
    );
  });

  describe("broken variants: verify exits 1, for the named reason", () => {
    for (const row of broken) {
      const reason = `${row.expect.check} ${row.expect.kind ? `[${row.expect.kind}] ` : ""}${row.expect.field}`;
      it(`${row.name} (killed by ${reason})`, () => {
        const outcome = brokenOutcomes.get(row);
        assert.ok(outcome, "not run");
        assert.equal(outcome.exitCode, 1, `survived: ${explain(outcome)}`);
        assert.ok(killedFor(outcome, row.expect), `killed, but not by ${reason}:\n  ${explain(outcome)}`);
      });
    }
  });

  describe("every live check the verifier makes kills a broken variant, for that variant's reason", () => {
    for (const check of LIVE_CHECKS) {
      it(check.id, () => {
        const killers = broken.filter((row) => {
          const outcome = brokenOutcomes.get(row);
          return outcome?.exitCode === 1 && killedFor(outcome, row.expect, check.id);
        });
        assert.ok(killers.length > 0, `no broken variant is killed by ${check.id} for the reason its row names`);
      });
    }
  });

  describe("every dimension of the generated part kills a broken variant, for that variant's reason", () => {
    for (const dimension of DIMENSIONS) {
      const id = `explore/${dimension.id}`;
      it(id, () => {
        const killers = broken.filter((row) => {
          const outcome = brokenOutcomes.get(row);
          return outcome?.exitCode === 1 && killedFor(outcome, row.expect, id);
        });
        assert.ok(killers.length > 0, `no broken variant is killed by ${id} for the reason its row names`);
      });
    }
  });

  describe("genuine variants: verify exits 0", () => {
    for (const row of genuine) {
      it(row.name, () => {
        const outcome = genuineOutcomes.get(row.name);
        assert.ok(outcome, "not run");
        assert.equal(outcome.exitCode, 0, `false alarm:\n  ${explain(outcome)}`);
      });
    }
  });
});
