/**
 * `participant-contract proxy … -- COMMAND [ARGS…]`: the command the proxy runs beside
 * itself, with the proxy's URL in its environment, so that a CI job is one step: the proxy
 * starts, the tests run through it, the proxy stops when they exit (reports written, no
 * process left behind) and the step's status is the tests' failure, else the proxy's verdict.
 * No shell is involved: the command and its arguments are passed on as they are.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { PassedExitCode } from "../core/errors.js";
import { passedOn } from "../core/errors.js";

/** The variable that holds the proxy's URL in the command's environment. */
export const PROXY_URL_VARIABLE = "PARTICIPANT_CONTRACT_PROXY_URL";

/** The arguments split at the first `--`: the proxy's own, and the command to run, if any. */
export function splitCommand(argv: readonly string[]): { own: string[]; command?: string[] } {
  const at = argv.indexOf("--");
  if (at === -1) return { own: [...argv] };
  return { own: argv.slice(0, at), command: argv.slice(at + 1) };
}

/** How the command ended: its exit code, the signal that ended it, or why it could not start. */
export type CommandExit = { code: number } | { signal: NodeJS.Signals } | { error: string };

export interface ProxiedCommand {
  exited: Promise<CommandExit>;
  /** Passes a signal on (the proxy got SIGINT or SIGTERM): the command ends, and the proxy with it. */
  signal(name: NodeJS.Signals): void;
}

/** Why a command could not start, in words: spawn's error codes. */
const START_ERRORS: Record<string, string> = {
  ENOENT: "not found",
  EACCES: "permission denied",
};

/**
 * Starts the command with `PROXY_URL_VARIABLE` set to the proxy's URL, its output the
 * process's own (inherited), or handed to `output` (tests) line by line.
 */
export function startProxiedCommand(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  proxyUrl: string,
  output?: (line: string) => void,
): ProxiedCommand {
  const [file = "", ...args] = command;
  const child = spawn(file, args, {
    env: { ...env, [PROXY_URL_VARIABLE]: proxyUrl },
    stdio: output ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  if (output) {
    let pending = "";
    const take = (chunk: Buffer) => {
      const lines = (pending + chunk.toString("utf8")).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) output(line);
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
    child.once("close", () => {
      if (pending) output(pending);
    });
  }
  const exited = new Promise<CommandExit>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      resolve({ error: `cannot run ${file}: ${START_ERRORS[error.code ?? ""] ?? error.code ?? "unknown error"}` }),
    );
    child.once("close", (code, signal) => resolve(signal ? { signal } : { code: code ?? 1 }));
  });
  return {
    exited,
    signal: (name) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(name);
    },
  };
}

/** The exit status a shell gives the command: its code, or 128 + the signal's number. */
export function commandStatus(exit: CommandExit): PassedExitCode | undefined {
  if ("error" in exit) return undefined;
  if ("signal" in exit) return passedOn(128 + (constants.signals[exit.signal] ?? 0));
  return passedOn(exit.code);
}

/** The command in one line, for the proxy's own output. */
export function commandText(command: readonly string[]): string {
  return command.map((arg) => (/^[\w./:=@%+-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(" ");
}
