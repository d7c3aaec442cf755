/** core/in-turns.ts: bounded concurrency, results in order, the first failure rejects. */
import { expect } from "chai";
import fc from "fast-check";
import { inTurns } from "../../../src/core/in-turns.js";

describe("core/in-turns.ts: inTurns", () => {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  it(`results in the items' order, never more than the limit in flight (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(5), { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (delays, limit) => {
          let inFlight = 0;
          let most = 0;
          const results = await inTurns(delays, limit, async (delay) => {
            inFlight++;
            most = Math.max(most, inFlight);
            for (let i = 0; i < delay; i++) await Promise.resolve();
            inFlight--;
            return delay * 2;
          });
          expect(results).to.deep.equal(delays.map((d) => d * 2));
          expect(most).to.be.at.most(limit);
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it("rejects with the first failure", async () => {
    const error = await inTurns([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error("two");
      return n;
    }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(error).to.equal("two");
  });

  it("an empty list is an empty result", async () => expect(await inTurns([], 3, async () => 1)).to.deep.equal([]));
});
