/**
 * The CI pipeline (.github/workflows/contract.yml), parsed as YAML: where its secrets come
 * from, which job holds them, and that every command it runs exists. GitHub runs it;
 * these guard its edits.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { parse } from "yaml";

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(".github/workflows/contract.yml", "utf8")) as Workflow;
const scripts = Object.keys(
  (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts,
);
/** A GitHub Actions expression, `${{ inner }}`, spelt so no linter takes it for a template. */
const expression = (inner: string) => ["$", "{{ ", inner, " }}"].join("");

/** Every `env` block of the workflow, its jobs and their steps, with where it sits. */
const envBlocks: [string, Record<string, string>][] = [
  ["workflow", workflow.env ?? {}],
  ...Object.entries(workflow.jobs).flatMap(([name, job]): [string, Record<string, string>][] => [
    [name, job.env ?? {}],
    ...job.steps.map((step, i): [string, Record<string, string>] => [`${name} step ${i + 1}`, step.env ?? {}]),
  ]),
];
const valuesOf = (name: string) => envBlocks.flatMap(([, env]) => (name in env ? [env[name]] : []));
const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));

describe("the CI pipeline (.github/workflows/contract.yml)", () => {
  it("takes the broker token only from the CI's secrets", () => {
    const tokens = valuesOf("PACT_BROKER_TOKEN");
    expect(tokens).to.not.be.empty;
    expect(new Set(tokens)).to.deep.equal(new Set([expression("secrets.PACT_BROKER_TOKEN")]));
  });

  it("takes the broker URL from the repository variables", () => {
    expect(valuesOf("PACT_BROKER_BASE_URL")).to.deep.equal([expression("vars.PACT_BROKER_BASE_URL")]);
  });

  it("keeps every secret out of the job that runs the tests", () => {
    const test = workflow.jobs.test;
    expect(test, "a job named test").to.not.equal(undefined);
    expect(JSON.stringify(test)).to.not.include("secrets.");
  });

  it("runs only npm scripts that exist, on Node 20", () => {
    const used = runs.flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string));
    expect(used).to.include.members(["pact:publish", "verify", "can-i-deploy", "record-deployment"]);
    for (const script of used) expect(scripts, `npm run ${script}`).to.include(script);
    const versions = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((s) => s.uses?.startsWith("actions/setup-node")).map((s) => String(s.with?.["node-version"])),
    );
    expect(versions).to.not.be.empty;
    expect(new Set(versions)).to.deep.equal(new Set(["20"]));
  });

  it("verifies from the broker with this build's version and branch, and publishes the results", () => {
    const verify = (workflow.jobs.verify?.steps ?? [])
      .map((s) => s.run ?? "")
      .find((r) => r.includes("npm run verify"));
    expect(verify, "a step running npm run verify").to.be.a("string");
    for (const flag of [
      "--broker-url",
      "--provider-version",
      "--provider-branch",
      "--publish",
      "--base-url",
      "--fixtures",
    ]) {
      expect(verify).to.include(flag);
    }
  });

  it("verifies only after publishing, and records a deployment only after can-i-deploy", () => {
    const needs = (job: string) => [workflow.jobs[job]?.needs ?? []].flat();
    expect(needs("verify")).to.include("publish");
    const deployJobs = Object.entries(workflow.jobs).filter(([, job]) =>
      job.steps.some((s) => s.run?.includes("npm run record-deployment")),
    );
    expect(deployJobs).to.not.be.empty;
    for (const [name] of deployJobs) expect(JSON.stringify(needs(name)), name).to.match(/can-i-deploy|deploy/);
  });
});
