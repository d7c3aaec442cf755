/**
 * Shrinking (src/verify/explore/shrink.ts) walks the arbitrary's own shrink stream to the
 * smallest value that still fails, within its budget of tries.
 */
import { expect } from "chai";
import fc from "fast-check";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { shrinkCase } from "../../../../src/verify/explore/shrink.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
const list = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 });
const failing = (xs: number[]) => xs.some((x) => x >= 500);

/** A value of `list` that fails, drawn from the seed. */
function failingValue(s: number): fc.Value<number[]> {
  const random = new fc.Random(xoroshiro128plus(s));
  for (;;) {
    const value = list.generate(random, undefined);
    if (failing(value.value_)) return value;
  }
}

describe(`shrink: to the smallest case that still fails (seed ${seed})`, () => {
  it("a list with elements past the threshold shrinks to the threshold itself, the rest to zeros", async () => {
    const { value } = await shrinkCase(list, failingValue(seed), async (xs) => failing(xs), 1000);
    // fast-check drops list items from the front only: what follows the failing one stays, at its simplest.
    expect(value.value_.filter((x) => x !== 0)).to.deep.equal([500]);
    expect(value.value_[0]).to.equal(500);
  });
  it("never tries more candidates than its budget", async () => {
    let tried = 0;
    const { tries } = await shrinkCase(
      list,
      failingValue(seed),
      async (xs) => {
        tried++;
        return failing(xs);
      },
      3,
    );
    expect(tries).to.be.at.most(3);
    expect(tried).to.equal(tries);
  });
  it("a failure that does not come back keeps the case it started from", async () => {
    const start = failingValue(seed);
    const { value } = await shrinkCase(list, start, async () => false, 50);
    expect(value.value_).to.deep.equal(start.value_);
  });
});
