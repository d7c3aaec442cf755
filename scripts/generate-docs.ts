/**
 * Writes the generated parts of docs/: the by-design table of docs/contracts.md, from the
 * rows the differential test excuses disagreements with (tests/system/differential/by-design.ts),
 * so that the doc and the test cannot tell different stories. tests/system/differential/
 * fails when the doc is stale: run `npm run gen:docs` and commit it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CONTRACTS_DOC, withByDesignTable(readFileSync(CONTRACTS_DOC, "utf8")));
}
