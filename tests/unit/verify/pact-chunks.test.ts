/**
 * A large pact is verified in chunks (src/verify/pact-worker.mjs); the chunks' verdicts
 * must add up to exactly what one verification of the whole pact would say.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../../../src/core/cases.js";
import { defaultFixtures, type RunningProvider, startProvider } from "../../../src/provider/index.js";
import { DEFAULT_PACTS_DIR, PactWorker, readPactFile, verifyPacts } from "../../../src/verify/index.js";
import { fixturesRun } from "../../support/pact-run.js";
import { tempDir, wrongSid } from "../../support/verify.js";

const COPIES = 12; // 4 interactions each: 48, more than two chunks

describe("pact verification of a large pact, in chunks", () => {
  const fixtures = defaultFixtures();
  let worker: PactWorker;
  let good: RunningProvider;
  let broken: RunningProvider;
  let pactFile: string;
  let descriptions: string[];

  before(async () => {
    worker = new PactWorker();
    [good, broken] = await Promise.all([startProvider({ fixtures }), startProvider({ fixtures, mutation: wrongSid })]);
    const pact = JSON.parse(
      readFileSync(join(DEFAULT_PACTS_DIR, `${PACT_CONSUMERS.client}-${PACT_PROVIDER}.json`), "utf8"),
    ) as { interactions: { description: string }[] };
    const interactions = Array.from({ length: COPIES }, (_, copy) =>
      pact.interactions.map((i) => ({ ...i, description: `${i.description} (copy ${copy + 1})` })),
    ).flat();
    descriptions = interactions.map((i) => i.description);
    pactFile = join(tempDir(), "large.json");
    writeFileSync(pactFile, JSON.stringify({ ...pact, interactions }));
  });
  after(async () => {
    worker.close();
    await Promise.all([good.close(), broken.close()]);
  });

  const verifyAgainst = (provider: RunningProvider) =>
    verifyPacts(worker, [readPactFile(pactFile)], fixturesRun(provider.url, fixtures));

  it("passes every interaction of a genuine provider, one check each", async () => {
    const checks = await verifyAgainst(good);
    expect(checks.map((c) => c.title.replace(`${PACT_CONSUMERS.client}: `, ""))).to.deep.equal(descriptions);
    expect(checks.filter((c) => c.verdict !== "pass").map((c) => c.title)).to.deep.equal([]);
  });

  it("fails exactly the interactions a broken provider breaks, in every chunk", async () => {
    const checks = await verifyAgainst(broken);
    const failed = checks.filter((c) => c.verdict === "fail");
    expect(failed).to.have.length(COPIES * 2);
    expect(failed.every((c) => /a request for a (phone|messenger) participant/.test(c.title))).to.equal(true);
    expect(failed.every((c) => c.findings.some((f) => f.field === "sid"))).to.equal(true);
  });
});
