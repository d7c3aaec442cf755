/**
 * What one more interaction costs the pact verification: the client's pact copied out
 * to 4 and to 200 interactions, each verified by one warm worker against the
 * reference provider; the difference divided by the 196 extra interactions.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../src/core/cases.js";
import { defaultFixtures, startProvider } from "../src/provider/index.js";
import { DEFAULT_PACTS_DIR, PactWorker, readPactFile, verifyPacts } from "../src/verify/index.js";
import { fixturesRun } from "../tests/support/pact-run.js";
import { median } from "./measure.js";

export interface ScalingFigures {
  small: { interactions: number; ms: number };
  large: { interactions: number; ms: number };
  /** Milliseconds each extra interaction adds: goal ≤ 5. */
  msPerInteraction: number;
}

function pactWith(interactions: number, dir: string): { path: string; descriptions: string[] } {
  const source = JSON.parse(
    readFileSync(join(DEFAULT_PACTS_DIR, `${PACT_CONSUMERS.client}-${PACT_PROVIDER}.json`), "utf8"),
  ) as { interactions: { description: string }[] };
  const copies = Array.from({ length: interactions }, (_, i) => {
    const original = source.interactions[i % source.interactions.length] as { description: string };
    return { ...original, description: `${original.description} #${i + 1}` };
  });
  const path = join(dir, `scaling-${interactions}.json`);
  writeFileSync(path, JSON.stringify({ ...source, interactions: copies }));
  return { path, descriptions: copies.map((c) => c.description) };
}

export async function benchPactScaling(small = 4, large = 200, repeats = 3): Promise<ScalingFigures> {
  const dir = mkdtempSync(join(tmpdir(), "pact-scaling-"));
  const fixtures = defaultFixtures();
  const provider = await startProvider({ fixtures });
  const worker = new PactWorker();
  const time = async (n: number) => {
    const pact = pactWith(n, dir);
    const runs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      const checks = await verifyPacts(worker, [readPactFile(pact.path)], fixturesRun(provider.url, fixtures));
      runs.push(performance.now() - started);
      const failed = checks.filter((c) => c.verdict !== "pass");
      if (failed.length) throw new Error(`scaling pact failed: ${failed[0]?.title}`);
    }
    return median(runs);
  };
  try {
    await time(small); // warm-up: loads pact-js and the native core
    const smallMs = await time(small);
    const largeMs = await time(large);
    return {
      small: { interactions: small, ms: smallMs },
      large: { interactions: large, ms: largeMs },
      msPerInteraction: (largeMs - smallMs) / (large - small),
    };
  } finally {
    worker.close();
    await provider.close();
  }
}
