/**
 * Shrinking, as fast-check does it: walk the arbitrary's own shrink stream, keep the first
 * smaller case that still breaks its relation for the same reason, start again from it,
 * and stop when no smaller case does or the budget of tries is spent. The result is the
 * smallest request (fewest perturbations, simplest values, fewest requests in a sequence)
 * that still shows the defect.
 */
import type fc from "fast-check";

/**
 * The smallest value the stream reaches that still fails. `fails` runs a candidate; at most
 * `budget` candidates are tried, so a provider whose failures come and go cannot keep it going.
 */
export async function shrinkCase<T>(
  arbitrary: fc.Arbitrary<T>,
  start: fc.Value<T>,
  fails: (candidate: T) => Promise<boolean>,
  budget: number,
): Promise<{ value: fc.Value<T>; tries: number }> {
  let current = start;
  let tries = 0;
  let smaller = true;
  while (smaller && tries < budget) {
    smaller = false;
    for (const candidate of arbitrary.shrink(current.value_, current.context)) {
      if (tries >= budget) break;
      tries++;
      if (await fails(candidate.value_)) {
        current = candidate;
        smaller = true;
        break;
      }
    }
  }
  return { value: current, tries };
}
