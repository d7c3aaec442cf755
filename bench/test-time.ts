/**
 * `npm test` against `npm test` of an earlier commit, in alternating rounds on the same
 * machine (a ratio, not a wall time: these machines are shared). The earlier commit is
 * checked out as a temporary git worktree that borrows this checkout's node_modules, so it
 * must not need a dependency this one lacks.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, timeCommand } from "./measure.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

export interface TestTime {
  ms: number;
  baselineMs: number;
  ratio: number;
  failed?: string;
}

export async function benchTestAgainst(rev: string, rounds = 2): Promise<TestTime> {
  const root = resolve(import.meta.dirname, "..");
  const dir = join(mkdtempSync(join(tmpdir(), "bench-test-")), "tree");
  execFileSync("git", ["-C", root, "worktree", "add", "--detach", dir, rev], { stdio: "ignore" });
  try {
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    const now: number[] = [];
    const then: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const [cwd, times] of [
        [root, now],
        [dir, then],
      ] as const) {
        const run = await timeCommand(npm, ["test", "--silent", "--prefix", cwd]);
        if (run.code !== 0) {
          return {
            ms: 0,
            baselineMs: 0,
            ratio: Number.NaN,
            failed: `${cwd === root ? "this tree" : rev}: exit ${run.code}`,
          };
        }
        times.push(run.ms);
      }
    }
    return { ms: median(now), baselineMs: median(then), ratio: median(now) / median(then) };
  } finally {
    execFileSync("git", ["-C", root, "worktree", "remove", "--force", dir], { stdio: "ignore" });
    rmSync(resolve(dir, ".."), { recursive: true, force: true });
  }
}
