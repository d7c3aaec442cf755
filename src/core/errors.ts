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

/** A problem with the input or the surroundings, not with the implementation under test. */
export class EnvironmentError extends Error {
  readonly exitCode = ExitCode.environment;
  override readonly name = "EnvironmentError";
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
  return `${error instanceof EnvironmentError ? "" : "unexpected: "}${oneLine(error)}`;
}

/** The one line a command prints last when it cannot go on. */
export function errorLine(error: unknown): string {
  return `error: ${describeError(error)}`;
}
