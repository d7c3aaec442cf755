/**
 * The generated part end to end: the reference provider passes whatever the seed; a seed
 * repeats a failing run's findings exactly; a failure is shrunk to the one perturbation
 * that shows it, with the canonical and the perturbed request and answer, and a curl line
 * for each; every report names the seed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { PACT_CONSUMERS, STATES } from "../../../src/core/cases.js";
import type { Report } from "../../../src/core/findings.js";
import { CONTRACTS_DIR, pactFileName } from "../../../src/pact/contracts.js";
import { defaultFixtures, type Mutation, startProvider } from "../../../src/provider/index.js";
import { DIMENSIONS } from "../../../src/verify/explore/dimensions.js";
import { PactWorker, verify } from "../../../src/verify/index.js";
import { runCli, tempDir, writeFixtures } from "../../support/verify.js";
import { broken } from "../mutation/catalog.js";
import { setStatus, variantOnly } from "../mutation/mutations.js";

process.env.PACT_DO_NOT_TRACK = "true";
const fixtures = defaultFixtures();
const base = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
const SEEDS = Array.from({ length: 20 }, (_, i) => base + i);

let worker: PactWorker;
let pactDir = "";
let phonePact = "";
before(() => {
  worker = new PactWorker();
  // The pact phase still runs, on the client's phone interaction alone: the generated part is what is under test.
  pactDir = mkdtempSync(join(tmpdir(), "explore-pacts-"));
  const file = new URL(pactFileName(PACT_CONSUMERS.client), CONTRACTS_DIR);
  const pact = JSON.parse(readFileSync(file, "utf8")) as { interactions: { providerStates?: { name: string }[] }[] };
  phonePact = join(pactDir, pactFileName(PACT_CONSUMERS.client));
  writeFileSync(
    phonePact,
    JSON.stringify({
      ...pact,
      interactions: pact.interactions.filter((i) => i.providerStates?.[0]?.name === STATES.phone),
    }),
  );
});
after(() => {
  worker.close();
  rmSync(pactDir, { recursive: true, force: true });
});

/**
 * A verification whose generated part is what is under test: the canonical checks (always)
 * and the generated ones; the probes and the pact phase are other suites' to test, and
 * would only multiply the cost by the 20 seeds.
 */
const generatedOnly = (id: string) => id.startsWith("explore/");

async function verifyWith(mutation: Mutation, seed: number, explore?: number): Promise<Report> {
  const provider = await startProvider({ fixtures, mutation });
  try {
    return await verify({
      baseUrl: provider.url,
      fixtures,
      pacts: phonePact,
      pactWorker: worker,
      seed,
      only: generatedOnly,
      ...(explore !== undefined ? { explore } : {}),
    });
  } finally {
    await provider.close();
  }
}

const generated = (report: Report) => report.checks.filter((c) => c.group === "explore");
const variant = (name: string) => {
  const row = broken.find((r) => r.name === name);
  if (!row) throw new Error(`no broken variant ${name}`);
  return row.mutation;
};

describe(`explore: the reference provider passes whatever the seed (seeds ${SEEDS[0]} to ${SEEDS.at(-1)})`, () => {
  for (const seed of SEEDS)
    it(`seed ${seed}`, async function () {
      this.timeout(30_000);
      const report = await verifyWith({}, seed);
      const failed = report.checks.filter((c) => c.verdict !== "pass" && c.verdict !== "skipped");
      expect(failed.map((c) => `${c.id}: ${c.findings[0]?.rule} [${c.findings[0]?.request}]`)).to.deep.equal([]);
      expect(report.exploration?.seed).to.equal(seed);
      expect(report.exploration?.requests).to.be.within(150, 200);
      expect(generated(report)).to.have.length(DIMENSIONS.length);
    });
});

describe(`explore: a seed repeats a failing run exactly (seed ${base})`, () => {
  const name = "the participant SID compared on its first 20 characters";
  let first: Report;
  let second: Report;
  before(async function () {
    this.timeout(60_000);
    first = await verifyWith(variant(name), base);
    second = await verifyWith(variant(name), base);
  });
  it("the same generated checks fail, with the same findings and requests", () => {
    const seen = (r: Report) =>
      generated(r)
        .filter((c) => c.verdict === "fail")
        .map((c) => ({ id: c.id, findings: c.findings, template: c.request?.template }));
    expect(seen(first)).to.have.length.greaterThan(0);
    expect(seen(second)).to.deep.equal(seen(first));
  });
  it("and the same number of generated requests", () =>
    expect(second.exploration?.requests).to.equal(first.exploration?.requests));
});

describe("explore: a failure shrunk, shown with the canonical request and both answers", () => {
  let report: Report;
  before(async function () {
    this.timeout(30_000);
    report = await verifyWith(variant("406 to an Accept with q-values (application/json;q=0.9)"), base);
  });
  it("the failing request differs from the canonical one in its Accept alone", () => {
    const check = report.checks.find((c) => c.id === "explore/accept");
    expect(check?.verdict).to.equal("fail");
    expect(Object.keys(check?.request?.headers ?? {})).to.deep.equal(["accept"]);
    expect(check?.request?.headers?.accept).to.include(";q=");
  });
  it("the canonical request, its answer and both curl lines are on the check", () => {
    const check = report.checks.find((c) => c.id === "explore/accept");
    expect(check?.response?.status).to.equal(406);
    expect(check?.canonical?.response?.status).to.equal(200);
    expect(check?.canonical?.request.template).to.not.equal(undefined);
    expect(check?.findings[0]?.request).to.match(/canonical request with Accept: /);
  });
  it("no other dimension is blamed for it", () =>
    expect(
      generated(report)
        .filter((c) => c.verdict === "fail")
        .map((c) => c.id),
    ).to.deep.equal(["explore/accept"]));
});

describe("probes judged by relation: never a pass where there was nothing to compare with", () => {
  it("the phone participant answered 500: every probe judged against its canonical answer is skipped, saying why", async function () {
    this.timeout(30_000);
    const provider = await startProvider({ fixtures, mutation: setStatus(500, variantOnly("phone")) });
    const comparing = ["probe/path/query/right", "probe/connection-reuse", "probe/overlapping"];
    try {
      const report = await verify({
        baseUrl: provider.url,
        fixtures,
        pacts: phonePact,
        pactWorker: worker,
        explore: 0,
        only: (id) => comparing.includes(id),
      });
      const checks = report.checks.filter((c) => comparing.includes(c.id));
      expect(checks.map((c) => [c.id, c.verdict])).to.deep.equal(comparing.map((id) => [id, "skipped"]));
      for (const c of checks) expect(c.reason).to.match(/phone participant's canonical request .* conformance\/phone/);
      expect(report.checks.find((c) => c.id === "conformance/phone")?.verdict).to.equal("fail");
    } finally {
      await provider.close();
    }
  });
});

describe("explore: off with --explore 0, and every report names the seed", () => {
  it("--explore 0 sends no generated request and makes no generated check", async function () {
    this.timeout(30_000);
    const report = await verifyWith({}, base, 0);
    expect(generated(report)).to.deep.equal([]);
    expect(report.exploration).to.equal(undefined);
  });
  it("the console, JSON and JUnit reports name the seed the run used", async function () {
    this.timeout(30_000);
    const provider = await startProvider({ fixtures });
    const dir = tempDir();
    try {
      const run = await runCli([
        "verify",
        "--base-url",
        provider.url,
        "--fixtures",
        writeFixtures(fixtures, dir),
        "--pacts",
        phonePact,
        "--seed",
        "4242",
        "--explore",
        "40",
        "--json",
        join(dir, "r.json"),
        "--junit",
        join(dir, "r.xml"),
      ]);
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(run.stdout).to.include("40 generated requests (seed 4242)");
      expect(run.stdout).to.include("--seed 4242");
      const json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { exploration: { seed: number } };
      expect(json.exploration.seed).to.equal(4242);
      expect(readFileSync(join(dir, "r.xml"), "utf8")).to.include('<property name="seed" value="4242"/>');
    } finally {
      await provider.close();
    }
  });
  it("a seed or a budget that is not a whole number in range: one line, exit 2", async () => {
    for (const argv of [
      ["--seed", "1000000000"],
      ["--seed", "x"],
      ["--explore", "10001"],
    ]) {
      const run = await runCli(["verify", "--base-url", "http://127.0.0.1:9", "--fixtures", "/dev/null", ...argv]);
      expect(run.code, argv.join(" ")).to.equal(2);
      expect(run.stderr.split("\n"), argv.join(" ")).to.have.length(1);
      expect(run.stderr).to.include(argv[0]);
    }
  });
});
