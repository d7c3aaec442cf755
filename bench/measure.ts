/** Timing helpers for the benchmarks: repeated runs, medians, child processes timed end to end. */
import { spawn } from "node:child_process";

/**
 * Ratio of the cost of `a` to the cost of `b`, measured in alternating rounds so that
 * both see the same machine load; the median of the per-round ratios.
 */
export function costRatio(a: () => void, b: () => void, rounds = 9, msPerRound = 60): number {
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) ratios.push(opsPerSecond(b, msPerRound) / opsPerSecond(a, msPerRound));
  return median(ratios);
}

/** Calls fn in batches for about `ms` and returns calls per second (after a warm-up). */
export function opsPerSecond(fn: () => void, ms = 400): number {
  for (let i = 0; i < 2000; i++) fn();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
    elapsed = performance.now() - started;
  }
  return (calls / elapsed) * 1000;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface Timed {
  ms: number;
  code: number | null;
  output: string;
}

/** Runs a command to completion and returns its wall time in ms. */
export function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, output }));
  });
}
