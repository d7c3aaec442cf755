/**
 * `npm start`, the main job: the reference provider on a free 127.0.0.1 port, the full
 * verification against it, the report, and the verdict as exit code.
 */
import { PactWorker } from "../verify/pact/runner.js";

// First, before the rest loads: the worker's start-up then overlaps with ours.
const pactWorker = new PactWorker();

const { runVerification } = await import("../cli/verify.js");
const { exitWith, processIo, runCommand } = await import("../cli/shell.js");
const { defaultFixtures, startProvider } = await import("../provider/index.js");

const fixtures = defaultFixtures();
try {
  const code = await runCommand(
    async (_, shell) => {
      const provider = await startProvider({ fixtures });
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
