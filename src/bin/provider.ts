/**
 * `npm run provider`: the reference provider by hand, for trying the verify command or a
 * client against it. With a fixtures file that does not exist yet, it writes its built-in
 * seed there first, so that `npm run verify` can be given the same file.
 */
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { EnvironmentError, ExitCode, errorLine, oneLine } from "../errors.js";
import { loadFixtures, withParticipants } from "../fixtures.js";
import { defaultFixtures, startProvider } from "../provider/index.js";

const USAGE = `Start the reference provider of Twilio Proxy's Fetch a Participant API.

Usage: npm run provider -- --fixtures FILE [--port N] [--host H]

  --fixtures FILE   the participants and credentials it serves; created from the
                    built-in seed when FILE does not exist
  --port N          default 3000; 0 picks a free port
  --host H          default 127.0.0.1

It runs until interrupted (Ctrl-C).`;

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fixtures: { type: "string" },
      port: { type: "string", default: "3000" },
      host: { type: "string", default: "127.0.0.1" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.fixtures) throw new EnvironmentError("--fixtures is required (see --help)");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EnvironmentError(`--port must be 0 to 65535, got "${values.port}"`);
  if (!existsSync(values.fixtures)) {
    writeFileSync(values.fixtures, `${JSON.stringify(defaultFixtures(), null, 2)}\n`, { mode: 0o600 });
    console.log(`Wrote the built-in seed to ${values.fixtures}`);
  }
  const fixtures = withParticipants(loadFixtures(values.fixtures), values.fixtures);
  const provider = await startProvider({ fixtures, port, host: values.host }).catch((error: NodeJS.ErrnoException) => {
    throw new EnvironmentError(`cannot listen on ${values.host}:${port}: ${error.code ?? oneLine(error)}`);
  });
  console.log(`Reference provider listening on ${provider.url}`);
  console.log(`Verify it: npm run verify -- --base-url ${provider.url} --fixtures ${values.fixtures}`);
  const stop = () => void provider.close().then(() => process.exit(ExitCode.ok));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

run().catch((error) => {
  console.error(errorLine(error));
  process.exitCode = ExitCode.environment;
});
