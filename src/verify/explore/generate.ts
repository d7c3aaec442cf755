/**
 * The generator: cases drawn from the dimension table by fast-check arbitraries, from one
 * seed, so that a run repeats exactly (`--seed`) and a failing case shrinks with the
 * arbitrary that made it. First every dimension twice, each time with a little noise around
 * it (values of the neutral and conditional dimensions); then random compositions of any
 * dimensions, until the request budget.
 */
import fc from "fast-check";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { VariantName } from "../../core/cases.js";
import { DIMENSIONS, type Dimension, type DimensionContext, type RequestDimension } from "./dimensions.js";
import type { Case, Perturbation, RequestSpec } from "./model.js";

/** A generated case, and what it takes to shrink it with fast-check: its arbitrary and its value (with its context). */
export interface Generated {
  case: Case;
  /** The dimension it was drawn for, in the first pass; undefined for a random composition. */
  focus?: string;
  /** Absent for a dimension's named sample, which is not drawn: minimise (explore.ts) shrinks it. */
  drawn?: { arbitrary: fc.Arbitrary<Case>; value: fc.Value<Case> };
}

/** Each dimension is drawn at least this many times before any random composition. */
export const ROUNDS_PER_DIMENSION = 2;
/** The share of the budget the first pass may take, dimension by dimension; the rest composes them at random. */
const FOCUSED_SHARE = 0.6;
/** Requests a focused draw takes on average (most are one request, sequences several). */
const REQUESTS_PER_DRAW = 1.4;

/** Why a dimension cannot run here, or undefined. */
export function unmetNeed(d: Dimension, ctx: DimensionContext): string | undefined {
  return d.needs?.(ctx);
}

function perturbation(d: RequestDimension<unknown>, ctx: DimensionContext): fc.Arbitrary<Perturbation> {
  return d.values(ctx).map((params) => ({ dimension: d.id, params }));
}

/** The arbitraries of one run, built once from what the run knows. */
export function arbitraries(ctx: DimensionContext, participants: readonly VariantName[]) {
  const runnable = DIMENSIONS.filter((d) => unmetNeed(d, ctx) === undefined);
  const requestDims = runnable.filter((d): d is RequestDimension<unknown> => d.kind === "request");
  const participant = fc.constantFrom(...participants);
  /** Noise: values of the dimensions that change nothing, or only whether a 304 may come (the oracle reads either). */
  const isNoise = (d: RequestDimension<unknown>) => d.relation === "neutral" || d.relation === "conditional";
  const noiseExcept = (id?: string) => {
    const options = requestDims.filter((d) => isNoise(d) && d.id !== id).map((d) => perturbation(d, ctx));
    return options.length ? fc.oneof(...options) : undefined;
  };
  const anyPerturbation = fc.oneof(...requestDims.map((d) => perturbation(d, ctx)));
  const single = (perturbations: fc.Arbitrary<Perturbation[]>): fc.Arbitrary<Case> =>
    fc.record({ participant, perturbations }).map(({ participant: p, perturbations: ps }) => ({
      mode: "fresh",
      requests: [{ participant: p, perturbations: ps }],
    }));
  /** A request of a sequence: canonical, or with one perturbation of any dimension (a 401 and a 404 among them). */
  const sequenceRequest: fc.Arbitrary<RequestSpec> = fc.record({
    participant,
    perturbations: fc.array(anyPerturbation, { maxLength: 1 }),
  });
  const focused = (d: Dimension): fc.Arbitrary<Case> => {
    if (d.kind === "request") {
      const noise = noiseExcept(d.id);
      const extras = noise ? fc.array(noise, { maxLength: 2 }) : fc.constant([]);
      return single(fc.tuple(perturbation(d, ctx), extras).map(([focus, more]) => [focus, ...more]));
    }
    if (d.id === "kept-alive-order")
      return fc
        .array(sequenceRequest, { minLength: 2, maxLength: 5 })
        .map((requests): Case => ({ mode: "kept-alive", requests }));
    return fc
      .record({
        mode: fc.constantFrom<Case["mode"]>("fresh", "overlapping"),
        requests: fc.array(fc.record({ participant, perturbations: fc.constant([]) }), { minLength: 2, maxLength: 6 }),
      })
      .map((c): Case => c);
  };
  /**
   * A dimension's value with one value of every other neutral dimension around it: a
   * request as noisy as real clients make them, where a defect that needs two dimensions
   * at once shows (a gateway that skips a check for browser requests); minimise (explore.ts)
   * then drops the noise that does not matter.
   */
  const noisy = (d: RequestDimension<unknown>): fc.Arbitrary<Case> => {
    const others = requestDims.filter((n) => isNoise(n) && n.id !== d.id).map((n) => perturbation(n, ctx));
    return single(fc.tuple(perturbation(d, ctx), ...others).map((all) => [...all]));
  };
  const composed: fc.Arbitrary<Case> = fc.oneof(
    { weight: 4, arbitrary: single(fc.array(anyPerturbation, { minLength: 1, maxLength: 3 })) },
    { weight: 1, arbitrary: focused(DIMENSIONS.find((d) => d.id === "kept-alive-order") as Dimension) },
    { weight: 1, arbitrary: focused(DIMENSIONS.find((d) => d.id === "repeated-reads") as Dimension) },
  );
  return { runnable, focused, noisy, composed };
}

/** The seed a run uses when none is given: a fresh one each run, so that CI explores anew and the report names it. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 1_000_000_000);
}

/**
 * The cases of one run, within `budget` requests: every runnable dimension (or each of `only`)
 * ROUNDS_PER_DIMENSION times at least (each once before any twice), then random
 * compositions. The same seed and context give the same cases.
 */
export function generate(
  ctx: DimensionContext,
  participants: readonly VariantName[],
  budget: number,
  seed: number,
  only?: readonly Dimension[],
): Generated[] {
  if (budget <= 0 || participants.length === 0) return [];
  const { runnable: all, focused, noisy, composed } = arbitraries(ctx, participants);
  // Drawn for: every runnable dimension, or those asked for (their noise still comes from all of them).
  const runnable = only ? all.filter((d) => only.includes(d)) : all;
  const random = new fc.Random(xoroshiro128plus(seed));
  const cases: Generated[] = [];
  let requests = 0;
  const add = (generated: Generated): boolean => {
    const size = generated.case.requests.length;
    if (requests + size > budget) return false;
    requests += size;
    cases.push(generated);
    return true;
  };
  const draw = (arbitrary: fc.Arbitrary<Case>, focus?: string): boolean => {
    const value = arbitrary.generate(random, undefined);
    return add({ case: value.value_, drawn: { arbitrary, value }, ...(focus ? { focus } : {}) });
  };
  // Dimension by dimension in turn, so that a small budget still reaches every one: first each
  // dimension's named samples (on each participant in turn), then one draw amid every noise
  // dimension's noise, then random draws of it with a little noise around them.
  const rounds = Math.max(
    ROUNDS_PER_DIMENSION,
    Math.floor((budget * FOCUSED_SHARE) / (runnable.length * REQUESTS_PER_DRAW)),
  );
  const queues = runnable.map((d) => ({
    d,
    arbitrary: focused(d),
    samples: d.kind === "request" ? [...(d.samples?.(ctx) ?? [])] : [],
    noisy: d.kind === "request" ? noisy(d) : undefined,
    drawn: 0,
  }));
  let turn = 0;
  for (let progressed = true; progressed && requests < budget; ) {
    progressed = false;
    for (const q of queues) {
      if (q.samples.length) {
        const participant = participants[turn++ % participants.length] as VariantName;
        const perturbation = { dimension: q.d.id, params: q.samples.shift() };
        add({ case: { mode: "fresh", requests: [{ participant, perturbations: [perturbation] }] }, focus: q.d.id });
        progressed = true;
      } else if (q.noisy) {
        draw(q.noisy, q.d.id);
        q.noisy = undefined;
        progressed = true;
      } else if (q.drawn < rounds) {
        // A draw that does not fit the budget left is passed over; a smaller one may still fit.
        draw(q.arbitrary, q.d.id);
        q.drawn++;
        progressed = true;
      }
    }
  }
  // A draw that does not fit ends the run only once nothing smaller fits either. Compositions
  // belong to no one dimension: a run asked for some dimensions only draws none.
  if (!only) for (let misses = 0; requests < budget && misses < 8; ) if (!draw(composed)) misses++;
  return cases;
}
