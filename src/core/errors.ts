/**
 * The suite's exit codes (which one a verification ends with: exitCodeOf in
 * ./findings.ts), and the error that carries a usage or environment problem up to the CLI
 * as one line.
 */
export const ExitCode = {
  /** Every check passed. */
  ok: 0,
  /** The implementation breaks the contract. */
  breach: 1,
  /** Bad usage or a broken environment: the checks could not run. */
  environment: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The signals that cancel a run, and the process's exit code for each (128 + the signal's
 * number, as a shell reports it). A process status only: a report's verdict stays 0, 1 or 2.
 */
export const CANCEL_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type CancelSignal = keyof typeof CANCEL_SIGNALS;

/**
 * Another program's exit status, passed on as ours: `proxy -- COMMAND` exits with the
 * command's failure (1 to 255). Made only by `passedOn`, so no verdict is mistaken for one.
 */
export type PassedExitCode = number & { readonly passedOn: unique symbol };

export function passedOn(code: number): PassedExitCode {
  return code as PassedExitCode;
}

/** What a command answers: a verdict, the code of the signal that cancelled it, or a command's status passed on. */
export type ProcessExitCode = ExitCodeValue | (typeof CANCEL_SIGNALS)[CancelSignal] | PassedExitCode;

/** A problem with the input or the surroundings, not with the implementation under test. */
export class EnvironmentError extends Error {
  readonly exitCode = ExitCode.environment;
  override readonly name = "EnvironmentError";
}

/** The run was cancelled by a signal: not a problem with the input, the surroundings or the implementation. */
export class CancelledError extends Error {
  override readonly name = "CancelledError";
  readonly exitCode: (typeof CANCEL_SIGNALS)[CancelSignal];
  constructor(readonly signal: CancelSignal) {
    super(`cancelled by ${signal}`);
    this.exitCode = CANCEL_SIGNALS[signal];
  }
}

/**
 * Limits of this machine, by the error code that says one was reached: the run cannot go
 * on, and it is nobody else's fault (not the provider's, not the upstream's, not ours).
 */
const LOCAL_LIMITS: Record<string, string> = {
  EMFILE: "this process reached its limit of open files (raise it with ulimit -n, or send fewer requests at once)",
  ENFILE: "the system's table of open files is full",
  ENOMEM: "this machine is out of memory",
  ENOBUFS: "this machine is out of network buffers",
  EADDRINUSE: "the address is in use by another process",
  EADDRNOTAVAIL: "no local address or port is free for a new connection",
  ENOSPC: "the disk is full",
};

/** The local limit an error reports, in words with its code, or undefined when it reports none. */
export function localLimit(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  const words = typeof code === "string" ? LOCAL_LIMITS[code] : undefined;
  return words === undefined ? undefined : `${words} (${code})`;
}

/** Makes any thrown value into one line fit for a terminal: no stack, no newlines. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Why a command could not go on, in one line: the cause for an environment problem,
 * flagged as unexpected for anything else (a bug of ours), never a stack. Reports carry it.
 */
export function describeError(error: unknown): string {
  const local = localLimit(error);
  if (local !== undefined && !(error instanceof EnvironmentError)) return local;
  const named = error instanceof EnvironmentError || error instanceof CancelledError;
  return `${named ? "" : "unexpected: "}${oneLine(error)}`;
}

/** The one line a command prints last when it cannot go on. */
export function errorLine(error: unknown): string {
  return `error: ${describeError(error)}`;
}
