/**
 * What the broker tests share: a recognisable fake token, pact files to publish, an
 * environment pointing at a broker double, and a way to run a broker command in-process
 * (the Rust `pact` CLI it wraps is still spawned for real).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { type Command, runCommand } from "../../src/cli/shell.js";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../../src/core/cases.js";

/** Grepped for in every output: it must never appear. */
export const FAKE_TOKEN = "pbtok-FAKE-4b1d-NEVER-PRINT-ME";
export const CONSUMER_VERSION = "0123456789abcdef0123456789abcdef01234567";
export const CONSUMER_BRANCH = "feat/broker";

/** A minimal pact from one of our consumers: enough for the broker, the CLI and the verifier. */
export function pactOf(consumer: string, path = "/v1/Services/KS1/Sessions/KC1/Participants/KP1") {
  return {
    consumer: { name: consumer },
    provider: { name: PACT_PROVIDER },
    interactions: [
      {
        description: `a request from ${consumer}`,
        providerState: "a participant with a phone number identifier exists",
        request: { method: "GET", path },
        response: { status: 200, headers: { "Content-Type": "application/json" }, body: { sid: "KP1" } },
      },
    ],
    metadata: { pactSpecification: { version: "2.0.0" } },
  };
}

/** A directory with one pact per consumer, as the consumer tests leave contracts/. */
export function pactDirectory(): { dir: string; pacts: Record<string, ReturnType<typeof pactOf>>; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "broker-pacts-"));
  const pacts: Record<string, ReturnType<typeof pactOf>> = {};
  for (const consumer of Object.values(PACT_CONSUMERS)) {
    pacts[consumer] = pactOf(consumer);
    writeFileSync(join(dir, `${consumer}-${PACT_PROVIDER}.json`), JSON.stringify(pacts[consumer], null, 2));
  }
  return { dir, pacts, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The test process's environment without any broker, git or CI variable, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(PACT_BROKER_|GIT_|GITHUB_)/.test(name)) env[name] = value;
  }
  return { ...env, PACT_DO_NOT_TRACK: "true", ...extra };
}

export function brokerEnv(baseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    PACT_BROKER_BASE_URL: baseUrl,
    PACT_BROKER_TOKEN: FAKE_TOKEN,
    GIT_COMMIT: CONSUMER_VERSION,
    GIT_BRANCH: CONSUMER_BRANCH,
    ...extra,
  });
}

export interface CommandRun {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/** Runs a broker command as its npm script would, capturing its output. */
export async function run(command: Command, argv: string[], env: NodeJS.ProcessEnv): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  const code = await runCommand(command, argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    colour: false,
  });
  return { code, out: out.join("\n"), err: err.join("\n"), ms: performance.now() - started };
}

/** Every run's outputs are checked for the token: the one assertion no broker test may skip. */
export function expectNoSecret(result: { out: string; err: string }) {
  expect(result.out).to.not.include(FAKE_TOKEN);
  expect(result.err).to.not.include(FAKE_TOKEN);
}

/** A port with nothing listening on it: a broker that is down. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The pact as the broker stored it, minus what the CLI adds on the way (metadata.pactRust). */
export function withoutCliMetadata(content: Record<string, unknown>) {
  const metadata = { ...(content.metadata as Record<string, unknown>) };
  delete metadata.pactRust;
  return { ...content, metadata };
}
