/**
 * Writes the generated parts of the docs: the by-design table of docs/contracts.md, from the
 * rows the differential test excuses disagreements with (tests/system/differential/by-design.ts),
 * and the dimension table of docs/explore.md, from the table the generator draws from
 * (src/verify/explore/dimensions.ts); and the README's example of what `npm start` prints,
 * from the checks the code defines (the contracts' interactions, the live checks and the
 * generated part's dimensions), so that a doc and its code cannot tell different stories.
 * Tests fail when any is stale (tests/system/differential/, tests/unit/verify/explore/,
 * tests/unit/cli/verify.test.ts): run `npm run gen:docs` and commit.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PACT_PROVIDER } from "../src/core/cases.js";
import type { CheckResult } from "../src/core/findings.js";
import { consoleReporter } from "../src/report/console.js";
import { DIMENSIONS } from "../src/verify/explore/dimensions.js";
import { DEFAULT_EXPLORE_REQUESTS, plannedExploration } from "../src/verify/explore/explore.js";
import { DEFAULT_PACTS_DIR, findPactFiles } from "../src/verify/index.js";
import { LIVE_CHECKS } from "../src/verify/probes.js";
import { BY_DESIGN } from "../tests/system/differential/by-design.js";

export const CONTRACTS_DOC = new URL("../docs/contracts.md", import.meta.url);

const START = /<!-- by-design:start[^>]*-->\n/;
const END = "<!-- by-design:end -->";

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function byDesignTable(): string {
  return [
    "| what differs | rejected by | why |",
    "| --- | --- | --- |",
    ...BY_DESIGN.map((row) => `| ${cell(row.what)} | ${row.rejectedBy} | ${cell(row.why)} |`),
  ].join("\n");
}

/** The doc with its generated block replaced; throws when the markers are missing. */
export function withByDesignTable(doc: string): string {
  const start = START.exec(doc);
  const end = doc.indexOf(END);
  if (!start || end < start.index) throw new Error("docs/contracts.md has no by-design markers");
  const from = start.index + start[0].length;
  return `${doc.slice(0, from)}${byDesignTable()}\n${doc.slice(end)}`;
}

export const EXPLORE_DOC = new URL("../docs/explore.md", import.meta.url);

/** A cell of words: `|` and the emphasis markers a media range like `application/*` would open, escaped. */
const prose = (text: string) => cell(text).replace(/[*_]/g, (c) => `\\${c}`);

/** The dimension table of docs/explore.md, from the table the generator draws from. */
export function dimensionTable(): string {
  return [
    "| dimension | relation | what varies | why the answer keeps it |",
    "| --- | --- | --- | --- |",
    ...DIMENSIONS.map((d) => `| \`${d.id}\` | ${d.relation} | ${prose(d.what)} | ${prose(d.twilio)} |`),
  ].join("\n");
}

/** docs/explore.md with its generated table replaced; throws when the markers are missing. */
export function withDimensionTable(doc: string): string {
  const start = /<!-- dimensions:start[^>]*-->\n/.exec(doc);
  const end = doc.indexOf("<!-- dimensions:end -->");
  if (!start || end < start.index) throw new Error("docs/explore.md has no dimensions markers");
  const from = start.index + start[0].length;
  return `${doc.slice(0, from)}${dimensionTable()}\n${doc.slice(end)}`;
}

export const README = new URL("../README.md", import.meta.url);

/** The example's address and time: a run's own vary; the counts are the code's. */
export const EXAMPLE_URL = "http://127.0.0.1:34893";
const EXAMPLE_MS = 700;
/** The seed a run draws its generated requests from: fresh each run, printed so that it can be repeated. */
const EXAMPLE_SEED = 166533196;

/**
 * What `npm start` prints when every check passes: the run's opening lines, then the console
 * reporter's summary of a passing check for each interaction of the contracts (pact, first,
 * as a run reports them) and each live check the code defines.
 */
export function npmStartOutput(): string[] {
  const passing = (group: CheckResult["group"], id: string): CheckResult => ({
    id,
    title: id,
    group,
    verdict: "pass",
    findings: [],
    durationMs: 0,
  });
  const checks = [
    ...findPactFiles(DEFAULT_PACTS_DIR, PACT_PROVIDER).flatMap((pact) =>
      pact.interactions.filter((i) => !i.outside).map((i) => passing("pact", `pact/${pact.consumer}/${i.description}`)),
    ),
    ...LIVE_CHECKS.map((check) => passing(check.group, check.id)),
    ...plannedExploration().map((check) => passing(check.group, check.id)),
  ];
  const lines = [
    `Reference provider listening on ${EXAMPLE_URL}`,
    `Verifying ${EXAMPLE_URL} against the contracts, the schemas, the probes and ${DEFAULT_EXPLORE_REQUESTS} generated requests (seed ${EXAMPLE_SEED})`,
  ];
  consoleReporter((line) => lines.push(line), false, EXAMPLE_URL).summary({
    baseUrl: EXAMPLE_URL,
    checks,
    durationMs: EXAMPLE_MS,
    exitCode: 0,
    exploration: { seed: EXAMPLE_SEED, requests: DEFAULT_EXPLORE_REQUESTS },
  });
  return lines;
}

const NPM_START = /<!-- npm-start:start[^>]*-->\n/;
const NPM_START_END = "<!-- npm-start:end -->";

/** The README with its `npm start` example regenerated; throws when the markers are missing. */
export function withNpmStartOutput(readme: string): string {
  const start = NPM_START.exec(readme);
  const end = readme.indexOf(NPM_START_END);
  if (!start || end < start.index) throw new Error("README.md has no npm-start markers");
  const from = start.index + start[0].length;
  return `${readme.slice(0, from)}\`\`\`\n${npmStartOutput().join("\n")}\n\`\`\`\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CONTRACTS_DOC, withByDesignTable(readFileSync(CONTRACTS_DOC, "utf8")));
  writeFileSync(EXPLORE_DOC, withDimensionTable(readFileSync(EXPLORE_DOC, "utf8")));
  writeFileSync(README, withNpmStartOutput(readFileSync(README, "utf8")));
}
