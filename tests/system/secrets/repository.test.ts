/**
 * A live auth token must not end up in a commit: fixtures files are ignored by git, and
 * the README's own walkthrough writes its fixtures outside the repository.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Whether git would ignore this path (the rules as written, tracked or not). */
function ignored(path: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "--quiet", "--no-index", path], { cwd: ROOT, stdio: "ignore" });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 1) return false;
    throw error;
  }
}

describe("secrets: fixtures files stay out of the repository", () => {
  const rows: [string, boolean][] = [
    ["fixtures.json", true],
    ["ci.fixtures.json", true],
    ["sub/dir/fixtures.json", true],
    ["schemas/fixtures.schema.json", false],
    ["src/net/fixtures.ts", false],
  ];
  for (const [path, expected] of rows) {
    it(`git ${expected ? "ignores" : "keeps"} ${path}`, () => expect(ignored(path)).to.equal(expected));
  }
});
