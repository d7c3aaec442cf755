/**
 * Tests never rely on a fixed absolute path being absent: `/nonexistent` exists on a machine
 * where some report was once written there (the reporters create missing folders), and the
 * test then tests something else. A path a test expects to be missing comes from
 * `missingPath()` (tests/support/temp.ts): a folder that does not exist, inside a fresh
 * temporary folder of the run. The rule is checked on planted lines as well as on the tree.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { expect } from "chai";
import { missingPath } from "../support/temp.js";

const TESTS = resolve(import.meta.dirname, "..");

/** A path-taking flag or loader given a literal absolute path (a device under /dev is a real thing to name). */
const FIXED_PATH = /(?:"--(?:fixtures|pacts|dir|junit|json|html)",\s*|(?:loadFixtures|readFixturesFile)\()"\/(?!dev\/)/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("paths a test expects to be missing", () => {
  const planted: [line: string, fixed: boolean][] = [
    ['["--fixtures", "/nonexistent/fixtures.json"]', true],
    ['["--pacts", "/no/such/dir"]', true],
    ['loadFixtures("/nonexistent/fixtures.json", {})', true],
    ['["--junit", "/dev/full"]', false],
    ['["--fixtures", missingPath("fixtures.json")]', false],
    ['["--base-url", "/v1/Services"]', false],
  ];
  for (const [line, fixed] of planted)
    it(`${fixed ? "flags" : "allows"} ${line}`, () => expect(FIXED_PATH.test(line)).to.equal(fixed));

  it("no test passes a fixed absolute path where it expects nothing to be", () => {
    const offenders = sources(TESTS)
      .filter((file) => !file.endsWith("test-paths.test.ts"))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, i) => [line, i] as const)
          .filter(([line]) => FIXED_PATH.test(line))
          .map(([, i]) => `${relative(TESTS, file)}:${i + 1}`),
      );
    expect(offenders).to.deep.equal([]);
  });

  it("missingPath names nothing, in a fresh folder each time", () => {
    const [a, b] = [missingPath("x.json"), missingPath("x.json")];
    expect(a).not.to.equal(b);
    expect(() => statSync(a)).to.throw(/ENOENT/);
  });
});
