/**
 * The edge shared by the broker commands: argument parsing, the one-line error, the
 * exit code, and redaction of every line printed, whoever wrote it.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { EnvironmentError, ExitCode, type ExitCodeValue, oneLine } from "../errors.js";
import { redactor } from "../redact.js";
import { secretsOf } from "./config.js";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A broker command: arguments and environment in, exit code out, all output through `io`. */
export type Command = (argv: string[], env: NodeJS.ProcessEnv, io: Io) => Promise<ExitCodeValue>;

/** Runs a command with redacted output; an EnvironmentError (or any other) becomes one line and exit 2. */
export async function runCommand(command: Command, argv: string[], env: NodeJS.ProcessEnv, io: Io) {
  const redact = redactor(
    secretsOf({ token: env.PACT_BROKER_TOKEN, username: env.PACT_BROKER_USERNAME, password: env.PACT_BROKER_PASSWORD }),
  );
  const safeIo: Io = { out: (text) => io.out(redact(text)), err: (text) => io.err(redact(text)) };
  try {
    return await command(argv, env, safeIo);
  } catch (error) {
    safeIo.err(`error: ${oneLine(error)}`);
    return ExitCode.environment;
  }
}

/** The process entry point of a command. */
export async function main(command: Command): Promise<void> {
  const io: Io = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
  process.exitCode = await runCommand(command, process.argv.slice(2), process.env, io);
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs in strict mode, with its errors as one-line EnvironmentErrors. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, commandName: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean" } }, strict: true }).values;
  } catch (error) {
    throw new EnvironmentError(`${oneLine(error)} (see npm run ${commandName} -- --help)`);
  }
}

/** A whole number of at least `min` from an option, or the default. */
export function wholeNumber(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new EnvironmentError(`--${name} must be a whole number of at least ${min}, got "${value}"`);
  }
  return Number(value);
}

/** A duration in seconds (decimals allowed) from an option, in milliseconds. */
export function timeoutMs(value: string | undefined, fallbackSeconds: number): number {
  if (value === undefined) return fallbackSeconds * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new EnvironmentError(`--timeout must be a positive number of seconds, got "${value}"`);
  }
  return seconds * 1000;
}
