/**
 * The suite's own mutation test: every variant in the catalog is served by the
 * reference provider with that one change, and the real verifier (pact verification,
 * conformance checks and probes) runs against it in-process. Broken variants must be
 * killed (exit 1) for the reason the catalog names; genuine ones must pass (exit 0).
 */
import assert from "node:assert/strict";
import { oneLine } from "../../src/errors.js";
import type { Fixtures } from "../../src/fixtures.js";
import { defaultFixtures, type Mutation, startProvider } from "../../src/provider/index.js";
import { type Report, verify } from "../../src/verify/index.js";
import { formatViolation } from "../../src/violation.js";
import { type BrokenVariant, broken, type Expectation, genuine } from "./catalog.js";

process.env.PACT_DO_NOT_TRACK = "true";

/** Verifications at once: each forks a pact worker, so more than the cores only queues. */
const CONCURRENCY = 4;
const seed = defaultFixtures();

interface Outcome {
  exitCode: number;
  report?: Report;
  /** The one-line cause when verify itself failed (exit 2). */
  error?: string;
}

async function verifyVariant(mutation: Mutation, fixtures: Fixtures): Promise<Outcome> {
  const provider = await startProvider({ fixtures, mutation });
  try {
    const report = await verify({ baseUrl: provider.url, fixtures, strict: false, timeoutMs: 5000 });
    return { exitCode: report.exitCode, report };
  } catch (error) {
    return { exitCode: 2, error: oneLine(error) };
  } finally {
    await provider.close();
  }
}

async function inPool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
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

/** Killed for the right reason: a failing check of the named kind holds a finding on the named field. */
function killedFor(outcome: Outcome, expected: Expectation): boolean {
  return failingFindings(outcome.report).some(
    (f) =>
      f.check.startsWith(expected.check) &&
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

  before(async function () {
    this.timeout(60_000);
    const started = performance.now();
    const rows: (() => Promise<unknown>)[] = [
      ...broken.map((row) => async () => brokenOutcomes.set(row, await verifyVariant(row.mutation, seed))),
      ...genuine.map(
        (row) => async () =>
          genuineOutcomes.set(row.name, await verifyVariant(row.mutation, row.fixtures?.(seed) ?? seed)),
      ),
    ];
    await inPool(rows, CONCURRENCY, (run) => run());
    elapsedMs = performance.now() - started;
  });

  after(() => {
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
