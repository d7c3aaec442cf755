/**
 * The layer rule, enforced: every import in src/ (static, dynamic, `import type`, JSDoc
 * `import()` types) points to the module's own folder or to a folder on a lower level of
 * docs/architecture.md's `layers` block. The block is data, read as data; the rule itself
 * is `importViolations`, tested here on planted violations as well as on the tree.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect } from "chai";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

/** Level of each folder, bottom 0, from the fenced `layers` block. */
function levelsOf(markdown: string): Map<string, number> {
  const block = /```layers\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!block) throw new Error("docs/architecture.md has no ```layers block");
  const lines = block.trim().split("\n").reverse();
  const levels = new Map<string, number>();
  lines.forEach((line, level) => {
    for (const folder of line.trim().split(/\s+/)) levels.set(folder, level);
  });
  return levels;
}

/** `verify/pact/proxy.ts` → `verify`; `index.ts` → `index`. */
function folderOf(file: string): string {
  const [first = "", ...rest] = file.split("/");
  return rest.length ? first : first.replace(/\.[cm]?[jt]s$/, "");
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

interface Module {
  /** Path under src/, with `/`. */
  file: string;
  text: string;
}

/** Every upward or sideways import, as `from → to (folder → folder)`. */
function importViolations(modules: readonly Module[], levels: Map<string, number>): string[] {
  const found: string[] = [];
  for (const { file, text } of modules) {
    const from = folderOf(file);
    const fromLevel = levels.get(from);
    if (fromLevel === undefined) {
      found.push(`${file}: folder ${from} is not in the layers block`);
      continue;
    }
    for (const [, spec = ""] of text.matchAll(SPECIFIER)) {
      const target = relative(SRC, resolve(SRC, dirname(file), spec))
        .split("\\")
        .join("/");
      if (target.startsWith("..")) {
        found.push(`${file} → ${spec}: outside src/`);
        continue;
      }
      const to = folderOf(target);
      if (to === from) continue;
      const toLevel = levels.get(to);
      if (toLevel === undefined || toLevel >= fromLevel) {
        found.push(
          `${file} → ${target} (${from} → ${to}${toLevel === undefined ? ", not a layer" : toLevel > fromLevel ? ", upward" : ", sideways"})`,
        );
      }
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|mjs|js)$/.test(name) ? [path] : [];
  });
}

const levels = levelsOf(readFileSync(join(ROOT, "docs/architecture.md"), "utf8"));
const modules: Module[] = sourceFiles(SRC).map((path) => ({
  file: relative(SRC, path).split("\\").join("/"),
  text: readFileSync(path, "utf8"),
}));

describe("the layers: imports only point down", () => {
  it("every folder of src/ is a layer, and no import in src/ points up or sideways", () => {
    expect(importViolations(modules, levels)).to.deep.equal([]);
  });

  const planted: [string, Module, string][] = [
    ["an upward import", { file: "core/cases.ts", text: 'import { x } from "../verify/index.js";' }, "upward"],
    ["a sideways import", { file: "client/a.ts", text: 'import type { X } from "../broker/hal.js";' }, "sideways"],
    ["a dynamic upward import", { file: "net/a.ts", text: 'await import("../cli/shell.js");' }, "upward"],
    [
      "a JSDoc type import",
      { file: "schema/a.mjs", text: '/** @typedef {import("../report/json.js").X} X */' },
      "upward",
    ],
    ["a folder outside the picture", { file: "misc/a.ts", text: "" }, "not in the layers block"],
  ];
  for (const [name, module, word] of planted) {
    it(`a planted violation is caught: ${name}`, () => {
      const found = importViolations([module], levels);
      expect(found).to.have.length(1);
      expect(found[0]).to.include(word);
    });
  }

  const allowed: [string, Module][] = [
    ["a downward import", { file: "verify/a.ts", text: 'import { x } from "../core/cases.js";' }],
    ["an import within a folder", { file: "verify/pact/a.ts", text: 'import { x } from "../probes.js";' }],
    ["a node built-in", { file: "core/a.ts", text: 'import { x } from "node:fs";' }],
  ];
  for (const [name, module] of allowed) {
    it(`allowed: ${name}`, () => expect(importViolations([module], levels)).to.deep.equal([]));
  }

  it("no two source files in src/ share a name (index.ts aside)", () => {
    const byName = new Map<string, string[]>();
    for (const { file } of modules) {
      const name = file.split("/").pop() ?? file;
      if (name.replace(/\.d\.[cm]?ts$|\.[cm]?[jt]s$/, "") === "index") continue;
      byName.set(name, [...(byName.get(name) ?? []), file]);
    }
    expect([...byName.values()].filter((files) => files.length > 1)).to.deep.equal([]);
  });

  it("at most 6 loose files at the root of src/", () => {
    expect(modules.filter((m) => !m.file.includes("/")).length).to.be.at.most(6);
  });
});
