/**
 * Start-up figures, each a ratio of two commands timed in alternating rounds (medians):
 * `npm start` end to end (npm, the reference provider, every check) against merely
 * loading @pact-foundation/pact; and the packaged `participant-contract verify` (pacts,
 * conformance and probes, `--explore 0`) against the pact-js Verifier alone verifying the same pacts
 * against the same provider. Also the pieces that explain them.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACT_PROVIDER, STATES } from "../src/core/cases.js";
import type { Fixtures } from "../src/net/fixtures.js";
import { defaultFixtures, startProvider } from "../src/provider/index.js";
import { DEFAULT_PACTS_DIR, findPactFiles } from "../src/verify/index.js";
import { fixtureStates } from "../src/verify/state-resolvers.js";
import { median, timeCommand } from "./measure.js";

const env = { ...process.env, PACT_DO_NOT_TRACK: "true", NO_COLOR: "1" };
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const node = process.execPath;
/** The packaged command: what `npm install` puts behind `npx participant-contract` (built by `npm run build`). */
const CLI = "dist/bin/participant-contract.js";

export interface Ratio {
  ms: number;
  baselineMs: number;
  /** ms / baselineMs */
  ratio: number;
}

/** Medians of `a` and `b` run in alternating rounds; every run must exit 0. */
async function ratioOf(a: [string, string[]], b: [string, string[]], rounds: number): Promise<Ratio> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [command, args, into] of [
      [...b, bs],
      [...a, as],
    ] as const) {
      const run = await timeCommand(command, args, env);
      if (run.code !== 0)
        throw new Error(`${command} ${args.join(" ")} exited ${run.code}: ${run.output.trim().split("\n").pop()}`);
      into.push(run.ms);
    }
  }
  const ms = median(as);
  const baselineMs = median(bs);
  return { ms, baselineMs, ratio: ms / baselineMs };
}

/** `npm start` against `node -e "require('@pact-foundation/pact')"`: goal ≤ 1.5. */
export function benchNpmStart(rounds = 7): Promise<Ratio> {
  return ratioOf([npm, ["start", "--silent"]], [node, ["-e", "require('@pact-foundation/pact')"]], rounds);
}

/** The reference provider running, its seed written to a fixtures file, for as long as `measure` takes. */
async function withReference<T>(
  measure: (run: { dir: string; url: string; fixtures: Fixtures; fixturesFile: string }) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "bench-reference-"));
  const fixtures = defaultFixtures();
  const provider = await startProvider({ fixtures });
  try {
    const fixturesFile = join(dir, "fixtures.json");
    writeFileSync(fixturesFile, JSON.stringify(fixtures));
    return await measure({ dir, url: provider.url, fixtures, fixturesFile });
  } finally {
    await provider.close();
  }
}

/** `participant-contract verify` against the pact-js Verifier on the same pacts and provider: goal ≤ 1.0. */
export function benchVerify(rounds = 7): Promise<Ratio> {
  return withReference(async ({ dir, url, fixtures, fixturesFile }) => {
    // What each state's handler answers: the values the fixtures give the suite's own states.
    const resolver = fixtureStates(fixtures);
    const states: Record<string, Record<string, unknown>> = {};
    for (const state of Object.values(STATES)) states[state] = await resolver.setup(state, {});
    const job = join(dir, "job.json");
    writeFileSync(
      job,
      JSON.stringify({
        providerBaseUrl: url,
        provider: PACT_PROVIDER,
        pactUrls: findPactFiles(DEFAULT_PACTS_DIR, PACT_PROVIDER).map((pact) => pact.source),
        states,
        wrongCredentialsState: STATES.wrongCredentials,
        username: fixtures.accountSid,
        password: fixtures.authToken,
      }),
    );
    // The same scope as the baseline's and as this figure's earlier rounds: the generated part has a figure of its own (benchExplore).
    return await ratioOf(
      [node, [CLI, "verify", "--base-url", url, "--fixtures", fixturesFile, "--explore", "0"]],
      [node, ["bench/pact-verifier.mjs", job]],
      rounds,
    );
  });
}

/**
 * The generated part's cost: the packaged `verify` of the reference provider with the
 * generated part on (its default budget) against the same command with `--explore 0`.
 * The goal is on `ms`: the whole verification, generated part on, under a second.
 */
export function benchExplore(rounds = 7): Promise<Ratio> {
  return withReference(({ url, fixturesFile }) => {
    const verify = [CLI, "verify", "--base-url", url, "--fixtures", fixturesFile];
    return ratioOf([node, verify], [node, [...verify, "--explore", "0"]], rounds);
  });
}

/** Where start-up time goes: each piece alone, as a median wall time. */
export async function benchPieces(rounds = 5): Promise<[string, number][]> {
  const pieces: [string, string, string[]][] = [
    ["node, nothing loaded", node, ["-e", "0"]],
    ["participant-contract --version (the shell)", node, [CLI, "--version"]],
    ["participant-contract verify --help (verify's modules)", node, [CLI, "verify", "--help"]],
    [
      "load @pact-foundation/pact-core (what the pact worker loads)",
      node,
      ["-e", "require('@pact-foundation/pact-core')"],
    ],
    [
      "load pact-js's Verifier module (the bare verifier's baseline)",
      node,
      ["--input-type=module", "-e", "await import('@pact-foundation/pact/src/dsl/verifier/index.js')"],
    ],
    ["load @pact-foundation/pact", node, ["-e", "require('@pact-foundation/pact')"]],
    ["npm run env (what npm itself adds to npm start)", npm, ["run", "--silent", "env"]],
  ];
  const times = new Map<string, number[]>(pieces.map(([name]) => [name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [name, command, args] of pieces) times.get(name)?.push((await timeCommand(command, args, env)).ms);
  }
  return pieces.map(([name]) => [name, median(times.get(name) ?? [])]);
}
