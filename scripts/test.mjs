// `npm test`: lint first (biome, a second or two on every core), then the type-check beside
// every mocha test, the package suite included (tests/system/package/: the package packed,
// installed into an empty project and run; `npm run test:package` runs it alone). tsc
// --noEmit runs on one core for a second or two; run before the tests, it left the other
// core idle while the tests waited for it. Its output is held back and shown after the
// tests, so that an error is not lost among mocha's dots. The exit code is the first
// failure's: lint, then type-check, then tests. Plain JavaScript: it runs before anything is
// compiled, and each tool is started directly, without an npm of its own.
import { spawn } from "node:child_process";

/** @param {string} name */
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

/**
 * Runs a command; answers its exit code, and its output when `quiet` held it back.
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(command, args, quiet = false) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ code: 127, output: `${command}: ${error.message}\n` }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

const lint = await run(bin("biome"), ["check", "--error-on-warnings", "."]);
if (lint.code !== 0) process.exit(lint.code);

// Incremental: a second run re-checks only what changed (its state in node_modules/.cache, never committed).
const typecheckArgs = [
  "--noEmit",
  "-p",
  ".",
  "--incremental",
  "--tsBuildInfoFile",
  "node_modules/.cache/tsc.tsbuildinfo",
];
const [typecheck, tests] = await Promise.all([
  run(bin("tsc"), typecheckArgs, true),
  run(bin("mocha"), ["tests/**/*.test.ts"]),
]);
if (typecheck.code !== 0) process.stdout.write(`\ntsc --noEmit -p . failed:\n${typecheck.output}`);
process.exit(typecheck.code || tests.code);
