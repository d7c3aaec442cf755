/**
 * One source of truth, proven: the schema layer (the verifier's body decoding, the
 * schemas and the rules) and the pact layer (the committed interactions, run through the
 * real Pact verifier) give every body of the edge table the same verdict, except where
 * by-design.ts says why not. `npm run fuzz` does the same over thousands of drawn bodies.
 */

import { readFileSync } from "node:fs";
import { expect } from "chai";
import { CONTRACTS_DOC, withByDesignTable } from "../../../scripts/generate-docs.js";
import { type BodyCase, tableBodies } from "./bodies.js";
import { BY_DESIGN } from "./by-design.js";
import { describeDisagreement, type Judged, judge } from "./compare.js";
import { readCommittedPact } from "./pact-layer.js";

const bodies = tableBodies();

describe("layer agreement: schemas and pacts judge every body alike (tests/differential)", function () {
  // One verifier run for all bodies (a few seconds); generous for a busy two-core machine.
  this.timeout(90_000);
  const verdicts = new Map<BodyCase, Judged>();
  before(async () => {
    for (const judged of await judge(bodies)) verdicts.set(judged.body, judged);
  });
  const judged = (body: BodyCase) => verdicts.get(body) as Judged;

  it(`judges ${bodies.length} bodies, and both layers accept some and reject some`, () => {
    const all = [...verdicts.values()];
    expect(all).to.have.length.above(300);
    const count = (layer: "schema" | "pact", valid: boolean) => all.filter((j) => j[layer].valid === valid).length;
    expect([count("schema", true), count("schema", false), count("pact", true), count("pact", false)]).to.satisfy(
      (counts: number[]) => counts.every((n) => n >= 50),
    );
  });

  for (const body of bodies) {
    it(`${body.name}: same verdict, or a by-design difference`, () => {
      const j = judged(body);
      if (j.direction && !j.byDesign) expect.fail(describeDisagreement(j));
    });
  }

  for (const row of BY_DESIGN) {
    it(`by design, ${row.id}: still a difference the table shows (else the row must go)`, () => {
      const shown = [...verdicts.values()].filter((j) => j.byDesign?.includes(row));
      expect(shown, `no body of the table shows ${row.id}`).to.not.be.empty;
    });
  }
});

describe("layer agreement: the comparison notices a layer that is wrong", function () {
  this.timeout(60_000);

  it("a pact whose dates are shape-only (the old regex) disagrees on 30 February and 29 February 2015", async () => {
    const shapeOnly = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|\\+00:00)$";
    const pact = readCommittedPact();
    for (const interaction of pact.interactions) {
      const rules = (interaction.response as { matchingRules?: { body?: Record<string, { matchers: object[] }> } })
        .matchingRules?.body?.["$.date_created"];
      if (rules) rules.matchers = [{ match: "regex", regex: shapeOnly }, { match: "null" }];
    }
    const dates = bodies.filter((b) => /date_created: (30 February|29 February of a common year)/.test(b.name));
    expect(dates).to.have.length(2);

    const judgedWithOldPact = await judge(dates, pact);

    expect(judgedWithOldPact.map((j) => [j.direction, j.byDesign])).to.deep.equal([
      ["schema only rejects", undefined],
      ["schema only rejects", undefined],
    ]);
  });
});

describe("docs/contracts.md's by-design table", () => {
  it("is generated from the rows this test excuses (npm run gen:docs)", () => {
    const doc = readFileSync(CONTRACTS_DOC, "utf8");
    expect(withByDesignTable(doc), "docs/contracts.md is stale: run `npm run gen:docs` and commit it").to.equal(doc);
  });

  it("is refused without its markers", () => {
    expect(() => withByDesignTable("no table here")).to.throw(/markers/);
  });
});
