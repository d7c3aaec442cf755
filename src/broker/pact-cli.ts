/**
 * Runs the real Rust `pact broker …` CLI shipped in @pact-foundation/pact-cli, bounded in
 * time and with the broker's credentials in its environment, never on its command line
 * (where any process listing would show them).
 */

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { EnvironmentError } from "../core/errors.js";
import { printableUrl } from "../net/redact.js";
import type { BrokerSettings } from "./config.js";

export interface PactCliResult {
  /** The CLI's exit code. */
  code: number;
  /** stdout and stderr as they arrived, ANSI colours removed. Not yet redacted. */
  output: string;
}

export interface PactCliOptions {
  settings: BrokerSettings;
  /** The rest of the child's environment (PATH, HOME, SSL_CERT_FILE…). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** The CLI's own default is 8 retries with exponential back-off: minutes against a down broker. */
export const DEFAULT_HTTP_RETRIES = "2";

/** How long a broker command waits for the CLI unless --timeout says otherwise. */
export const BROKER_TIMEOUT_MS = 60_000;

/**
 * The binary itself, not the node_modules/.bin/pact wrapper: that wrapper is a Node process
 * running the binary synchronously, and killing it on timeout would orphan the binary.
 * The package has no entry point that names the binary (its `main` file does not exist),
 * so this reaches into its src/; the broker command tests fail if that file moves.
 */
export function pactBinary(): string {
  const require = createRequire(import.meta.url);
  try {
    const standalone = require("@pact-foundation/pact-cli/src/pact-standalone.js") as {
      standalone: () => { pactFullPath: string };
    };
    return standalone.standalone().pactFullPath;
  } catch (error) {
    throw new EnvironmentError(`cannot find the pact CLI (@pact-foundation/pact-cli): ${(error as Error).message}`);
  }
}

/** What says where the broker is and who we are: only ever from the settings. */
const CONNECTION_VARIABLES = [
  "PACT_BROKER_BASE_URL",
  "PACT_BROKER_TOKEN",
  "PACT_BROKER_USERNAME",
  "PACT_BROKER_PASSWORD",
];

/**
 * The child's environment: the caller's (so PACT_BROKER_CAN_I_DEPLOY_DRY_RUN and the like
 * still reach the CLI), with the connection variables taken from the settings alone.
 */
export function pactCliEnv(options: Pick<PactCliOptions, "settings" | "env">): NodeJS.ProcessEnv {
  const { settings, env } = options;
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!CONNECTION_VARIABLES.includes(name) && value !== undefined) childEnv[name] = value;
  }
  childEnv.PACT_BROKER_BASE_URL = settings.baseUrl;
  if (settings.token) childEnv.PACT_BROKER_TOKEN = settings.token;
  if (settings.username) childEnv.PACT_BROKER_USERNAME = settings.username;
  if (settings.password) childEnv.PACT_BROKER_PASSWORD = settings.password;
  childEnv.PACT_DO_NOT_TRACK = "true";
  return childEnv;
}

export function runPactBroker(subcommand: string, args: string[], options: PactCliOptions): Promise<PactCliResult> {
  const retries = options.env.PACT_BROKER_HTTP_RETRIES?.trim() || DEFAULT_HTTP_RETRIES;
  const argv = ["broker", subcommand, ...args, "--retries", retries];
  const binary = pactBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, argv, { env: pactCliEnv(options), stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new EnvironmentError(
          `pact broker ${subcommand} did not finish within ${options.timeoutMs} ms (broker at ${printableUrl(options.settings.baseUrl)})`,
        ),
      );
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new EnvironmentError(`cannot run the pact CLI: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal) return; // killed on timeout: already rejected
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

/**
 * The CLI reports a failure as a line starting with ❌ (on stdout, whatever the exit code:
 * `publish` even exits 0 when the broker refused a pact). The first such line is the cause.
 */
export function failureLines(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("❌"))
    .map((line) => line.replace(/^❌\s*/, ""));
}

export function failureCause(result: PactCliResult): string {
  const first = failureLines(result.output)[0];
  if (first) return first;
  const last = result.output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? `exit code ${result.code}`;
}
