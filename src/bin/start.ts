/**
 * `npm start`, the main job: the reference provider on a free 127.0.0.1 port, the full
 * verification against it, the report, and the verdict as exit code.
 */
import { PactWorker } from "../verify/pact.js";

// First, before the rest loads: the worker's start-up then overlaps with ours.
const pactWorker = new PactWorker();

const { exitWith, processIo, runVerification } = await import("../cli.js");
const { ExitCode, errorLine } = await import("../errors.js");
const { defaultFixtures, startProvider } = await import("../provider/index.js");

const io = processIo();
const fixtures = defaultFixtures();
const provider = await startProvider({ fixtures });
io.stdout(`Reference provider listening on ${provider.url}`);
try {
  exitWith((await runVerification({ baseUrl: provider.url, fixtures, pactWorker }, io)).exitCode);
} catch (error) {
  io.stderr(errorLine(error));
  exitWith(ExitCode.environment);
} finally {
  pactWorker.close();
  await provider.close();
}
