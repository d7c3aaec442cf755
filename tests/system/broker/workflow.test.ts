/**
 * The CI pipeline (.github/workflows/contract.yml) read as text: where its secrets come
 * from, and that every command it runs exists. GitHub runs it; these guard its edits.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";

const workflow = readFileSync(".github/workflows/contract.yml", "utf8");
const scripts = Object.keys(
  (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts,
);
/** A GitHub Actions expression, `${{ inner }}`, spelt so no linter takes it for a template. */
const expression = (inner: string) => ["$", "{{ ", inner, " }}"].join("");
/** The lines that set a variable, as `NAME: value`. */
const assignments = (name: string) =>
  [...workflow.matchAll(new RegExp(`^\\s*${name}:\\s*(.+)$`, "gm"))].map((m) => m[1]?.trim());

describe("the CI pipeline (.github/workflows/contract.yml)", () => {
  it("takes the broker token only from the CI's secrets", () => {
    const tokens = assignments("PACT_BROKER_TOKEN");
    expect(tokens).to.not.be.empty;
    expect(new Set(tokens)).to.deep.equal(new Set([expression("secrets.PACT_BROKER_TOKEN")]));
  });

  it("takes the broker URL from the repository variables", () => {
    expect(assignments("PACT_BROKER_BASE_URL")).to.deep.equal([expression("vars.PACT_BROKER_BASE_URL")]);
  });

  it("keeps the token out of the job that runs the tests", () => {
    const testJob = workflow.slice(workflow.indexOf("\n  test:"), workflow.indexOf("\n  publish:"));
    expect(testJob).to.not.include("secrets.");
  });

  it("runs only npm scripts that exist, on Node 20", () => {
    const used = [...workflow.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(used).to.include.members(["pact:publish", "verify", "can-i-deploy", "record-deployment"]);
    for (const script of used) expect(scripts, `npm run ${script}`).to.include(script);
    expect(assignments("node-version")).to.satisfy((versions: string[]) => versions.every((v) => v === "20"));
  });

  it("verifies from the broker with this build's version and branch, and publishes the results", () => {
    const verify = workflow.slice(workflow.indexOf("npm run verify --"), workflow.indexOf("\n  can-i-deploy:"));
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
});
