/**
 * The dimension table (src/verify/explore/dimensions.ts) and the generator
 * (generate.ts): every value a dimension generates keeps the relation its row names, what a
 * report shows of it holds no secret, a seed repeats a run's cases exactly, the budget is
 * kept, and every dimension is drawn at least twice.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import fc from "fast-check";
import { EXPLORE_DOC, withDimensionTable } from "../../../../scripts/generate-docs.js";
import type { VariantName } from "../../../../src/core/cases.js";
import { displayPieces } from "../../../../src/core/template.js";
import {
  DIMENSIONS,
  otherChar,
  REQUEST_DIMENSIONS,
  type RelationName,
} from "../../../../src/verify/explore/dimensions.js";
import { generate, ROUNDS_PER_DIMENSION } from "../../../../src/verify/explore/generate.js";
import { canonicalDraft, templateOf } from "../../../../src/verify/explore/model.js";
import { type Expectation, expectationOf } from "../../../../src/verify/explore/relations.js";
import { dimensionContext, refs, secrets } from "../../../support/explore.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
const ctx = dimensionContext;

/** The relations each row's values may produce: a conditional may match (304 allowed) or not; a swap may name a participant whole. */
const ALLOWED: Record<RelationName, Expectation["relation"][]> = {
  neutral: ["neutral"],
  conditional: ["neutral", "not-modified"],
  unauthenticated: ["unauthenticated"],
  "not-found": ["not-found"],
  malformed: ["malformed"],
  repetition: ["neutral"],
};
const SWAP_MAY_NAME = ["not-found", "neutral"];

describe(`dimensions: every value keeps the relation its row names (seed ${seed})`, () => {
  for (const d of REQUEST_DIMENSIONS.values()) {
    it(`${d.id} (${d.relation})`, () => {
      const values = fc.oneof(d.values(ctx), ...(d.samples?.(ctx) ?? []).map((s) => fc.constant(s)));
      fc.assert(
        fc.property(values, fc.constantFrom<VariantName>("phone", "messenger"), (params, participant) => {
          const draft = canonicalDraft(participant, refs[participant]);
          d.apply(draft, params, ctx);
          const got = expectationOf(draft, secrets, ctx);
          const allowed = d.id === "sid-swap" ? SWAP_MAY_NAME : ALLOWED[d.relation];
          // A neutral or conditional request stays the same participant's.
          const same = !("participant" in got) || d.id === "sid-swap" || got.participant === participant;
          return allowed.includes(got.relation) && same;
        }),
        { seed, numRuns: 60 },
      );
    });
  }
});

describe(`dimensions: what a report shows of a generated request holds no secret (seed ${seed})`, () => {
  it("every dimension's values, shown as the template's display", () => {
    for (const d of REQUEST_DIMENSIONS.values()) {
      const samples = fc.sample(d.values(ctx), { seed, numRuns: 20 });
      for (const params of samples) {
        const draft = canonicalDraft("phone", refs.phone);
        d.apply(draft, params, ctx);
        const t = templateOf(draft);
        const shown = [displayPieces(t.target), ...t.headers.map(([n, v]) => `${n}: ${displayPieces(v)}`)].join("\n");
        for (const secret of [secrets.authToken, secrets.otherAuthToken, secrets.apiSecret, secrets.otherApiSecret])
          expect(shown, `${d.id}: ${JSON.stringify(params)}`).not.to.include(secret.slice(4));
      }
    }
  });
});

describe("dimensions: an edited character differs from the one it replaces", () => {
  it("in every alphabet, whatever the step", () =>
    fc.assert(
      fc.property(fc.constantFrom(..."0123456789abcdefABCDEFxyzXYZ-_."), fc.nat({ max: 100 }), (c, k) => {
        const other = otherChar(c, k);
        return other.length === 1 && other.toLowerCase() !== c.toLowerCase();
      }),
      { seed, numRuns: 300 },
    ));
  it("a hex digit stays a hex digit, so an edited SID stays well formed", () =>
    expect([..."0123456789abcdef"].map((c) => otherChar(c, 3)).every((c) => /^[0-9a-f]$/.test(c))).to.equal(true));
});

describe(`generator: seeded, bounded, every dimension twice (seed ${seed})`, () => {
  const participants: VariantName[] = ["phone", "messenger"];
  it("the same seed draws the same cases; another seed others", () => {
    const a = generate(ctx, participants, 200, seed);
    expect(generate(ctx, participants, 200, seed).map((g) => g.case)).to.deep.equal(a.map((g) => g.case));
    expect(generate(ctx, participants, 200, seed + 1).map((g) => g.case)).not.to.deep.equal(a.map((g) => g.case));
  });
  it("never more requests than the budget", () =>
    fc.assert(
      fc.property(fc.nat({ max: 300 }), fc.nat(), (budget, s) => {
        const requests = generate(ctx, participants, budget, s).reduce((n, g) => n + g.case.requests.length, 0);
        return requests <= budget && (budget < 20 || requests > budget / 2);
      }),
      { seed, numRuns: 20 },
    ));
  it(`at the default budget, each dimension at least ${ROUNDS_PER_DIMENSION} times beyond its named samples`, () => {
    const cases = generate(ctx, participants, 200, seed);
    for (const d of DIMENSIONS) {
      const drawn = cases.filter((g) => g.focus === d.id && g.drawn).length;
      expect(drawn, d.id).to.be.at.least(ROUNDS_PER_DIMENSION);
    }
  });
  it("a small budget still reaches every dimension before any twice", () => {
    const cases = generate(ctx, participants, DIMENSIONS.length * 2, seed);
    expect(new Set(cases.map((g) => g.focus)).size).to.be.at.least(DIMENSIONS.length - 2);
  });
  it("without a second account or an API key, their dimensions are not drawn", () => {
    const { otherAccountSid: _, ...alone } = ctx;
    const cases = generate(
      { ...alone, secrets: { accountSid: secrets.accountSid, authToken: secrets.authToken } },
      participants,
      200,
      seed,
    );
    const dims = new Set(cases.flatMap((g) => g.case.requests.flatMap((r) => r.perturbations.map((p) => p.dimension))));
    expect(["other-account", "mixed-pair", "api-key"].filter((d) => dims.has(d))).to.deep.equal([]);
  });
  it("a generated budget of 0 draws nothing", () => expect(generate(ctx, participants, 0, seed)).to.deep.equal([]));
});

describe("dimensions: docs/explore.md's table is this table", () => {
  it("regenerated, the doc is unchanged (npm run gen:docs, then commit it)", () => {
    const doc = readFileSync(EXPLORE_DOC, "utf8");
    expect(withDimensionTable(doc)).to.equal(doc);
  });
});
