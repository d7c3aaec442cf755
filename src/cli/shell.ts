/**
 * The one command shell behind every entry point (`participant-contract` and its
 * subcommands, `npm start`): one way to parse arguments, one parser of numbers with one
 * unit and range per flag name, one Io, one list of the secrets the environment holds,
 * one redactor every line passes through, and one last line when a command cannot go on.
 */
import { clearLine, cursorTo } from "node:readline";
import { parseArgs } from "node:util";
import { brokerCredentialsFromEnv } from "../broker/config.js";
import { EnvironmentError, ExitCode, type ExitCodeValue, errorLine, type ProcessExitCode } from "../core/errors.js";
import { CREDENTIAL_PAIRS, type PairRole } from "../core/request.js";
import { CREDENTIAL_VARIABLE } from "../core/template.js";
import type { LoadedFixtures } from "../net/fixtures.js";
import { inert, inertKeepingColour } from "../net/inert.js";
import { type LearningRedactor, learningRedactor, redactDeep, type Secret, secretsOfUrl } from "../net/redact.js";
import { wantsColour } from "../report/console.js";
import type { StatusLine } from "../report/progress.js";
import type { PactWorker } from "../verify/pact/runner.js";

/** Where a command's output goes and what it reads: the process's, or a test's. */
export interface Io {
  stdout(line: string): void;
  stderr(line: string): void;
  env: NodeJS.ProcessEnv;
  colour: boolean;
  /** A live line below the output, only when stdout is a terminal: never in a CI log. */
  status?: StatusLine;
}

/** What the process entry may hand a command besides its arguments. */
export interface Context {
  /** A pact worker forked before the command loaded (verify), or shared by tests. */
  pactWorker?: PactWorker;
  /** Ends a long-running command (the provider); without it, the process's SIGINT or SIGTERM does. */
  stop?: AbortSignal;
  /** Where the output of a command `proxy -- COMMAND` runs goes, line by line (tests); without it, the process's own streams. */
  commandOutput?: (line: string) => void;
}

/** The pairs that belong together, of each account and each key. */
const OWN_PAIRS = ["right", "other-account", "api-key", "other-api-key"] as const satisfies readonly PairRole[];

/**
 * The secrets the environment holds, whichever command runs: the TWILIO_* tokens and API key secrets, the
 * broker's credentials (read where every broker setting is read) and any password in
 * PACT_BROKER_BASE_URL. Never printed, whether used or not.
 */
export function environmentSecrets(env: NodeJS.ProcessEnv): Secret[] {
  const { token, username, password } = brokerCredentialsFromEnv(env);
  // Each account's and key's own pair: the secret alone, and the pair as a Basic header carries it.
  const own = OWN_PAIRS.flatMap((role): Secret[] => {
    const [user, secret] = CREDENTIAL_PAIRS[role].map((name) => env[CREDENTIAL_VARIABLE[name]]);
    if (!secret) return [];
    return user ? [secret, { username: user, password: secret }] : [secret];
  });
  return [
    ...own,
    token,
    password,
    ...(username && password ? [{ username, password }] : []),
    ...secretsOfUrl(env.PACT_BROKER_BASE_URL ?? ""),
  ].filter((secret): secret is Secret => !!secret);
}

/** A command's view of the process: output through one redactor that learns every secret the command meets. */
export class Shell {
  private readonly redactor: LearningRedactor;

  constructor(
    private readonly io: Io,
    readonly context: Context = {},
  ) {
    this.redactor = learningRedactor(environmentSecrets(io.env));
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  get colour(): boolean {
    return this.io.colour;
  }

  /** The terminal's live line, when there is one: our own words and counts, redacted all the same, as every line is. */
  get status(): StatusLine | undefined {
    const line = this.io.status;
    return line && { show: (text) => line.show(this.redact(text)), clear: () => line.clear() };
  }

  /** Secrets met on the way (a fixtures file's tokens, credentials in a URL): kept out of everything after. */
  learn(...secrets: readonly (Secret | undefined)[]): void {
    this.redactor.learn(secrets);
  }

  /** A fixtures file's tokens and API key secrets, alone and as the Basic credentials a provider might echo. */
  learnFixtures(fixtures: Pick<LoadedFixtures, "accountSid" | "authToken" | "otherAccount" | "apiKey">): void {
    const { accountSid, authToken, otherAccount, apiKey } = fixtures;
    this.learn(authToken, { username: accountSid, password: authToken });
    if (otherAccount)
      this.learn(otherAccount.authToken, { username: otherAccount.accountSid, password: otherAccount.authToken });
    for (const key of [apiKey, otherAccount?.apiKey])
      if (key) this.learn(key.secret, { username: key.sid, password: key.secret });
  }

  /** The credentials in each URL, learnt: `https://user:pass@host` must not show anywhere. */
  learnUrls(...urls: readonly (string | undefined)[]): void {
    this.learn(...urls.flatMap((url) => (url ? secretsOfUrl(url) : [])));
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** Every string inside a value (a report, a finding's actual value), redacted. */
  redactDeep<T>(value: T): T {
    return redactDeep(value, this.redactor.redact);
  }

  /**
   * Redacted, then made inert line by line: text that others control (a pact CLI's output, a
   * provider's value) cannot forge a line, move the cursor or issue a CI command. Our own
   * colour codes survive on a terminal; every other control character is escaped.
   */
  stdout(text: string): void {
    const lines = this.redact(text).split(/\r\n|\n/);
    this.io.stdout(lines.map((line) => (this.io.colour ? inertKeepingColour(line) : inert(line))).join("\n"));
  }

  /**
   * One line, whatever it holds (a broker's or a state endpoint's message is quoted in it):
   * redacted first, then made inert (a line break inside shows as `\n`), then shortened.
   * Never the other order: a cut before redaction could leave part of a secret it no
   * longer recognises.
   */
  stderr(line: string): void {
    this.io.stderr(shortened(inert(this.redact(line)), MAX_STDERR_LINE));
  }
}

/** The longest line printed on stderr: a cause is a sentence; a quoted answer beyond this is cut, after redaction. */
export const MAX_STDERR_LINE = 2000;

/** Text cut to `max` characters (code points, so no surrogate pair is split), saying how much was left out. */
export function shortened(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join("")}… (${chars.length - max} more characters)`;
}

/** A command: arguments in, exit code out, every line through the shell. */
export type Command = (argv: string[], shell: Shell) => Promise<ProcessExitCode>;

/** Runs a command; anything it throws becomes one redacted line on stderr and exit 2. */
export async function runCommand(
  command: Command,
  argv: string[],
  io: Io,
  context: Context = {},
): Promise<ProcessExitCode> {
  const shell = new Shell(io, context);
  try {
    return await command(argv, shell);
  } catch (error) {
    shell.stderr(errorLine(error));
    return ExitCode.environment;
  }
}

// --- Arguments --------------------------------------------------------------------------

/** A flag: a string (repeatable or not) or a boolean switch, as node:util parseArgs declares them. */
export interface Flag {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
}
export type Flags = Record<string, Flag>;

/** The parsed values of `F`: what each flag was given, when it was. */
export type Values<F extends Flags> = {
  [K in keyof F]?: F[K] extends { type: "boolean" } ? boolean : F[K] extends { multiple: true } ? string[] : string;
};

/** A subcommand as data: its flags, its help, and what it does with the parsed values. */
export interface CommandSpec<F extends Flags> {
  /** As typed after `participant-contract`, e.g. `can-i-deploy`. */
  name: string;
  usage: string;
  flags: F;
  run(values: Values<F>, shell: Shell): Promise<ExitCodeValue>;
}

const HELP = { help: { type: "boolean", short: "h" } } as const satisfies Flags;

/** A usage mistake, as one line that points at the command's help. */
export function usageError(command: string, message: string): EnvironmentError {
  return new EnvironmentError(`${message} (see participant-contract ${command ? `${command} ` : ""}--help)`);
}

/**
 * Parses `argv` against `flags`: every mistake (an unknown flag, a missing or stray value,
 * a flag given twice, an argument that is no flag) is a one-line EnvironmentError of ours,
 * decided from parseArgs' tokens rather than from the wording of its errors.
 */
export function parseFlags<F extends Flags>(
  command: string,
  flags: F,
  argv: string[],
  /** Where a command that takes operands (`check FILE…`) collects them; without it, an operand is a mistake. */
  operands?: string[],
): Values<F & typeof HELP> {
  const all: Flags = { ...flags, ...HELP };
  const { values, tokens } = parseArgs({
    args: argv,
    options: all,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === "positional") {
      if (!operands) throw usageError(command, `unexpected argument ${JSON.stringify(token.value)}`);
      operands.push(token.value);
      continue;
    }
    if (token.kind !== "option") continue;
    const flag = all[token.name];
    if (!flag) throw usageError(command, `unknown option ${token.rawName}`);
    const name = `--${token.name}`;
    if (flag.type === "boolean" && token.value !== undefined) throw usageError(command, `${name} takes no value`);
    // A value that starts with `-` and was not written `--flag=-x` is taken for the next flag, as parseArgs' strict mode does.
    if (flag.type === "string" && (token.value === undefined || (!token.inlineValue && token.value.startsWith("-"))))
      throw usageError(command, `${name} needs a value`);
    if (!flag.multiple && seen.has(token.name)) throw usageError(command, `${name} is given more than once`);
    seen.add(token.name);
  }
  return values as Values<F & typeof HELP>;
}

/** A subcommand with the shell's parsing and help around it. */
export function command<F extends Flags>(spec: CommandSpec<F>): Command {
  return async (argv, shell) => {
    const values = parseFlags(spec.name, spec.flags, argv);
    if (values.help) {
      shell.stdout(spec.usage);
      return ExitCode.ok;
    }
    return spec.run(values, shell);
  };
}

// --- Numbers ----------------------------------------------------------------------------

/**
 * Every numeric flag of every command: one unit and one range per name. Whole numbers
 * only, so `1e10`, `0x10` and `5.0` are refused rather than read as something unexpected.
 */
export const NUMERIC_FLAGS = {
  timeout: { what: "a whole number of milliseconds", min: 1, max: 600_000 },
  port: { what: "a TCP port number (0: any free port)", min: 0, max: 65_535 },
  "retry-while-unknown": { what: "a whole number of attempts", min: 0, max: 100 },
  "retry-interval": { what: "a whole number of seconds", min: 1, max: 600 },
  explore: { what: "a whole number of generated requests (0: none)", min: 0, max: 10_000 },
  seed: { what: "a whole number", min: 0, max: 999_999_999 },
} as const;
export type NumericFlag = keyof typeof NUMERIC_FLAGS;

/** The value of a numeric flag, range-checked, or `fallback` when it was not given. */
export function numberFlag(name: NumericFlag, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const { what, min, max } = NUMERIC_FLAGS[name];
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new EnvironmentError(`--${name} must be ${what} from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

// --- The process ------------------------------------------------------------------------

/**
 * Writes to a stream of the process until it fails, then nothing: a reader that went away
 * (`… | head -n 3` closes the pipe: EPIPE) ends the output quietly, and the run goes on to
 * write its reports and end with its verdict's exit code, never a stack trace.
 */
function lineWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on("error", () => {
    closed = true;
  });
  return (line) => {
    if (!closed && !stream.destroyed) stream.write(`${line}\n`);
  };
}

/** The process side of a command: real streams, colour and a live status line for a terminal. */
export function processIo(): Io {
  return streamIo(process.stdout, process.stderr, process.env);
}

/** An Io over two streams; a status line only when stdout is a terminal, and every line written above it. */
export function streamIo(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Io {
  const status = stdout.isTTY ? terminalStatus(stdout) : undefined;
  const above = (write: () => void) => (status ? status.above(write) : write());
  const out = lineWriter(stdout);
  const err = lineWriter(stderr);
  return {
    stdout: (line) => above(() => out(line)),
    stderr: (line) => above(() => err(line)),
    env,
    colour: wantsColour(stdout, env),
    ...(status ? { status } : {}),
  };
}

/**
 * One line at the bottom of a terminal: erased (node:readline's clearLine and cursorTo)
 * before every line written above it and drawn again after, cut to the terminal's width so
 * that it never wraps (a wrapped line could not be erased), and gone once cleared.
 */
export function terminalStatus(stream: NodeJS.WriteStream): StatusLine & { above(write: () => void): void } {
  let shown: string | undefined;
  const erase = () => {
    clearLine(stream, 0);
    cursorTo(stream, 0);
  };
  const draw = () => {
    if (shown === undefined) return;
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write([...inert(shown)].slice(0, width).join(""));
  };
  return {
    show(text) {
      if (text === shown) return;
      if (shown !== undefined) erase();
      shown = text;
      draw();
    },
    clear() {
      if (shown === undefined) return;
      erase();
      shown = undefined;
    },
    above(write) {
      if (shown === undefined) return write();
      erase();
      write();
      draw();
    },
  };
}

/**
 * Aborted on SIGINT or SIGTERM, with the signal's name as its reason: how a long-running
 * command (the provider, verify) learns it should end. Only such a command asks: a handler
 * here replaces the default of ending the process at once. A second signal of the same
 * kind ends the process the default way.
 */
export function stopSignal(): AbortSignal {
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort(signal));
  return controller.signal;
}

/** Sets the exit code and leaves; a lingering handle (a provider's keep-alive socket) must not keep us. */
export function exitWith(code: ProcessExitCode): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}
