/** Runs the verify CLI in-process with captured output, and small servers that misbehave on purpose. */

import { writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { Fixtures } from "../../src/net/fixtures.js";
import type { Mutation } from "../../src/provider/index.js";
import { PactWorker } from "../../src/verify/index.js";
import { tempDir } from "./temp.js";

export { missingPath, tempDir } from "./temp.js";

process.env.PACT_DO_NOT_TRACK = "true";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * One pact worker for every in-process run of these tests, as the mutation test does:
 * forking one per run would cost more than the runs. Replaced if a run killed it.
 */
let sharedWorker: PactWorker | undefined;
// Under mocha only: bench/hostile.ts imports this module's servers without a test runner.
if (typeof after === "function") after(() => sharedWorker?.close());

function worker(): PactWorker {
  if (!sharedWorker?.alive) sharedWorker = new PactWorker();
  return sharedWorker;
}

/**
 * A verification's generated part, in a test that does not say: a few requests, which cover
 * its paths whatever else the test is about. The generated part itself is tested at its full
 * budget (tests/system/explore/, the README's example run in tests/unit/cli/verify.test.ts).
 */
const TEST_EXPLORE = ["--explore", "20"];

/** Whether argv runs verify (the default command) without saying how much to explore. */
function exploresByDefault(argv: readonly string[]): boolean {
  const command = argv[0] === undefined || argv[0].startsWith("-") ? "verify" : argv[0];
  return command === "verify" && !argv.some((a) => a === "--explore" || a.startsWith("--explore=") || a === "--help");
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  if (exploresByDefault(argv)) argv = [...argv, ...TEST_EXPLORE];
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  const code = await main(
    argv,
    {
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
      env: { PATH: process.env.PATH, ...env },
      colour: false,
    },
    { pactWorker: worker() },
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), ms: performance.now() - started };
}

export function writeFixtures(fixtures: Partial<Fixtures> | string, dir = tempDir()): string {
  const path = join(dir, "fixtures.json");
  writeFileSync(path, typeof fixtures === "string" ? fixtures : JSON.stringify(fixtures));
  return path;
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** A server on 127.0.0.1:0 that answers every request with the handler; closes its sockets on close(). */
export async function serve(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Nothing in the output may look like a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text) || /\b(TypeError|ReferenceError|SyntaxError):/.test(text);
}

/** A 200 body with one field replaced: the mutation most tests here need. */
export function withField(field: string, value: unknown): Mutation {
  return {
    respond: (r) => (r.status === 200 && r.body ? { ...r, body: { ...(r.body as object), [field]: value } } : r),
  };
}

/** The defect most tests here break the provider with: a participant SID with the wrong prefix. */
export const wrongSid = withField("sid", `KX${"9".repeat(32)}`);
