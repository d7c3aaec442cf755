/**
 * `participant-contract provider` (also `npm run provider`): the reference provider by
 * hand, for trying the verify command or a client against it. With a fixtures file that
 * does not exist yet, it writes its built-in seed there first (mode 0600: it holds a live
 * token), so that verify can be given the same file. Runs until the process is stopped.
 */
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { EnvironmentError, ExitCode, oneLine } from "../core/errors.js";
import { loadFixtures, withParticipants } from "../net/fixtures.js";
import { defaultFixtures, startProvider } from "../provider/index.js";
import { command, type Flags, numberFlag, stopSignal, usageError } from "./shell.js";

const DEFAULT_PORT = 3000;
const DEFAULT_HOST = "127.0.0.1";

export const PROVIDER_USAGE = `Start the reference provider of Twilio Proxy's Fetch a Participant API.

Usage: participant-contract provider --fixtures FILE [--port N] [--host H]

  --fixtures FILE   the participants and credentials it serves; created from the
                    built-in seed when FILE does not exist
  --port N          default ${DEFAULT_PORT}; 0 picks a free port
  --host H          default ${DEFAULT_HOST}

It prints "Reference provider listening on URL" and runs until interrupted (Ctrl-C, SIGTERM).`;

const FLAGS = {
  fixtures: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
} as const satisfies Flags;

/** Writes the seed only to a file that does not exist yet: never over someone's fixtures. */
function writeSeed(path: string): boolean {
  try {
    writeFileSync(path, `${JSON.stringify(defaultFixtures(), null, 2)}\n`, { mode: 0o600, flag: "wx" });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    throw new EnvironmentError(`cannot write the seed to ${path}: ${code ?? oneLine(error)}`);
  }
}

export const providerCommand = command({
  name: "provider",
  usage: PROVIDER_USAGE,
  flags: FLAGS,
  async run(values, shell) {
    const path = values.fixtures;
    if (!path) throw usageError("provider", "--fixtures is required");
    const port = numberFlag("port", values.port, DEFAULT_PORT);
    const host = values.host ?? DEFAULT_HOST;
    if (writeSeed(path)) shell.stdout(`Wrote the built-in seed to ${path}`);
    const fixtures = withParticipants(loadFixtures(path, shell.env), path);
    shell.learnFixtures(fixtures);
    const provider = await startProvider({ fixtures, port, host }).catch((error: NodeJS.ErrnoException) => {
      throw new EnvironmentError(`cannot listen on ${host}:${port}: ${error.code ?? oneLine(error)}`);
    });
    shell.stdout(`Reference provider listening on ${provider.url}`);
    shell.stdout(`Verify it: participant-contract verify --base-url ${provider.url} --fixtures ${path}`);
    // The process's SIGINT/SIGTERM unless the caller (a test) stops it another way.
    const stop = shell.context.stop ?? stopSignal();
    if (!stop.aborted) await once(stop, "abort");
    await provider.close();
    return ExitCode.ok;
  },
});
