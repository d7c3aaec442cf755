/**
 * Runs the real Rust `pact broker …` CLI shipped in @pact-foundation/pact-cli, bounded in
 * time and with the broker's credentials in its environment, never on its command line
 * (where any process listing would show them).
 */

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { EnvironmentError, oneLine } from "../core/errors.js";
import { printableUrl } from "../net/redact.js";
import type { BrokerSettings } from "./config.js";
import { BrokerRequestError, halRequest } from "./hal.js";

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
 * `publish` even exits 0 when the broker refused a pact).
 */
export function failureLines(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("❌"))
    .map((line) => line.replace(/^(?:❌\s*)+/, ""));
}

/** How the CLI wraps the broker's own messages: `failed validation - ["…", …]` holds them as JSON. */
const VALIDATION_PREFIX = "failed validation - ";
/** The CLI's echo of the broker's base URL at the end of a line, which the failure line names already. */
const URL_ECHO = ". URL: '";

/** One ❌ line as the broker's own messages: JSON-quoted ones unwrapped, the CLI's URL echo dropped. */
function messagesOf(line: string): string[] {
  if (line.startsWith(VALIDATION_PREFIX)) {
    try {
      const parsed: unknown = JSON.parse(line.slice(VALIDATION_PREFIX.length));
      if (Array.isArray(parsed) && parsed.every((m) => typeof m === "string")) return parsed;
    } catch {
      // Not the CLI's JSON list after all: the line as it is.
    }
  }
  const echo = line.lastIndexOf(URL_ECHO);
  return [echo > 0 && line.endsWith("'") ? line.slice(0, echo) : line];
}

/**
 * Why the CLI failed, in the broker's own words where it gave them: each distinct message
 * once (the CLI often prints the same one twice, wrapped and bare), else its last line.
 */
export function failureCause(result: PactCliResult): string {
  const messages = [...new Set(failureLines(result.output).flatMap(messagesOf))];
  if (messages.length) return messages.join("; ");
  const last = result.output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? `exit code ${result.code}`;
}

/** How long the index may take to answer before the CLI runs: a broker that is up answers at once. */
const INDEX_TIMEOUT_MS = 10_000;

/**
 * The broker's index, asked with our own reader before the CLI runs: a broker that cannot be
 * reached, or that refuses the credentials, is one line naming the broker, what was asked,
 * and its own status and message (or why nothing came), instead of the CLI's retried, repeated
 * text. `asked` says what the command was about to do ("can-i-deploy web 1a2b to production").
 */
export async function askBrokerIndex(settings: BrokerSettings, asked: string, timeoutMs: number): Promise<void> {
  try {
    await halRequest(settings, "GET", `${settings.baseUrl}/`, {
      at: Date.now() + Math.min(timeoutMs, INDEX_TIMEOUT_MS),
      ms: Math.min(timeoutMs, INDEX_TIMEOUT_MS),
    });
  } catch (error) {
    // Anything but the broker's doing (our own bug) stays what it is, for the shell to say as such.
    if (!(error instanceof EnvironmentError)) throw error;
    // Its own message names the broker and the request (a body that is not JSON, a redirect elsewhere…).
    if (!(error instanceof BrokerRequestError)) throw new EnvironmentError(`${asked}: ${oneLine(error)}`);
    const answer = error.answer;
    throw "noAnswer" in answer
      ? new EnvironmentError(`${asked}: ${answer.noAnswer}`)
      : brokerFailure(settings, asked, `answered ${error.where} with HTTP ${answer.status}${answer.reason}`);
  }
}

/** One line: what was asked, the broker, and the cause, e.g. `… : the Pact Broker at URL answered …`. */
export function brokerFailure(settings: BrokerSettings, asked: string, cause: string): EnvironmentError {
  return new EnvironmentError(`${asked}: the Pact Broker at ${printableUrl(settings.baseUrl)} ${cause}`);
}
