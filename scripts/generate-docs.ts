/**
 * Writes the generated parts of docs/: the by-design table of docs/contracts.md, from the
 * rows the differential test excuses disagreements with (tests/system/differential/by-design.ts),
 * and the dimension table of docs/explore.md, from the table the generator draws from
 * (src/verify/explore/dimensions.ts), so that a doc and its code cannot tell different
 * stories. A test fails when either is stale: run `npm run gen:docs` and commit it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DIMENSIONS } from "../src/verify/explore/dimensions.js";
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CONTRACTS_DOC, withByDesignTable(readFileSync(CONTRACTS_DOC, "utf8")));
  writeFileSync(EXPLORE_DOC, withDimensionTable(readFileSync(EXPLORE_DOC, "utf8")));
}
