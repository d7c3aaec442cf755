/**
 * `npm start`, the main job: the reference provider on a free 127.0.0.1 port, the full
 * verification against it, the report, and the verdict as exit code.
 */
import { PactWorker } from "../verify/pact/runner.js";

// First, before the rest loads: the worker's start-up then overlaps with ours.
const pactWorker = new PactWorker();

// The reference provider starts listening while the verifier's modules still load.
const starting = import("../provider/index.js").then(({ defaultFixtures, startProvider }) => {
  const fixtures = defaultFixtures();
  return startProvider({ fixtures }).then((provider) => ({ fixtures, provider }));
});
// Awaited inside the command below, whose shell reports a failure as one line; until then it must not count as unhandled.
starting.catch(() => undefined);
const [{ runVerification }, { exitWith, processIo, runCommand }] = await Promise.all([
  import("../cli/verify.js"),
  import("../cli/shell.js"),
]);

try {
  const code = await runCommand(
    async (_, shell) => {
      const { fixtures, provider } = await starting;
      try {
        shell.stdout(`Reference provider listening on ${provider.url}`);
        return (await runVerification({ baseUrl: provider.url, fixtures }, shell)).exitCode;
      } finally {
        await provider.close();
      }
    },
    [],
    processIo(),
    { pactWorker },
  );
  exitWith(code);
} finally {
  pactWorker.close();
}
