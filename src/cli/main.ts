/**
 * `participant-contract [COMMAND] …`: picks the subcommand and hands it to the shell.
 * Each subcommand's module is loaded only when it runs, so `--version`, `--help` and the
 * broker commands never pay for loading the verifier.
 */
import { ExitCode, type ProcessExitCode } from "../core/errors.js";
import { PACKAGE } from "../net/package-files.js";
import { type Command, type Context, type Io, runCommand, usageError } from "./shell.js";

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

/** The subcommands, in the order the help lists them. `verify` is the default. */
export const COMMANDS = {
  verify: {
    summary: "verify a running implementation: pacts, live conformance checks, negative probes",
    load: async () => (await import("./verify.js")).verifyCommand,
  },
  provider: {
    summary: "start the reference provider (writes the built-in seed to a new --fixtures FILE)",
    load: async () => (await import("./provider.js")).providerCommand,
  },
  check: {
    summary: "judge the participant exchanges recorded in HAR files (browser, mitmproxy, Playwright)",
    load: async () => (await import("./check.js")).checkCommand,
  },
  proxy: {
    summary:
      "forward to --upstream URL unchanged, judging every participant exchange on the way (-- COMMAND: around your tests)",
    load: async () => (await import("./traffic-proxy.js")).proxyCommand,
  },
  publish: {
    summary: "publish pacts (this package's contracts/, or --dir DIR) to a Pact Broker",
    load: async () => (await import("./publish.js")).publish,
  },
  "can-i-deploy": {
    summary: "ask the Pact Broker whether this version may be deployed to an environment",
    load: async () => (await import("./can-i-deploy.js")).canIDeploy,
  },
  "record-deployment": {
    summary: "tell the Pact Broker this version is now deployed to an environment",
    load: async () => (await import("./record-deployment.js")).recordDeployment,
  },
} satisfies Record<string, Entry>;

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const commands = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Contract tests for Twilio Proxy's Fetch a Participant API.

Usage:
  participant-contract [verify] --base-url URL --fixtures FILE [options]
  participant-contract COMMAND [options]
  participant-contract COMMAND --help      the options of one command

Commands:
${commands.join("\n")}

  -h, --help      this help
  -v, --version   the version

Exit status: 0 success; 1 the implementation breaks the contract (verify, check, proxy) or
may not be deployed (can-i-deploy); 2 usage or environment error, with one line on stderr naming the cause.`;
}

/** Everything `participant-contract` does, with its outputs injected; answers the exit code. */
export async function main(argv: string[], io: Io, context: Context = {}): Promise<ProcessExitCode> {
  const [first, ...rest] = argv;
  const say =
    (text: string): Command =>
    async (_, shell) => {
      shell.stdout(text);
      return ExitCode.ok;
    };
  if (first === "--version" || first === "-v") return runCommand(say(PACKAGE.version), [], io);
  if (first === "--help" || first === "-h" || first === "help") return runCommand(say(usage()), [], io);
  // Without a subcommand (nothing, or a flag first), the arguments are verify's.
  if (first === undefined || first.startsWith("-")) return runCommand(await COMMANDS.verify.load(), argv, io, context);
  const entry: Entry | undefined = Object.hasOwn(COMMANDS, first)
    ? COMMANDS[first as keyof typeof COMMANDS]
    : undefined;
  const unknown: Command = async () => {
    throw usageError("", `unknown command ${JSON.stringify(first)}`);
  };
  return runCommand(entry ? await entry.load() : unknown, rest, io, context);
}

/** Whether these arguments run verify: then the process entry forks the pact worker before anything loads. */
export function runsVerify(argv: readonly string[]): boolean {
  const [first] = argv;
  const verify = first === "verify" || first === undefined || (first.startsWith("-") && first !== "-v");
  return verify && !argv.some((arg) => arg === "--help" || arg === "-h" || arg === "--version");
}
