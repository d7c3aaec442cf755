/**
 * `npm start`, the main job: the reference provider on a free 127.0.0.1 port, the full
 * verification against it, the report, and the verdict as exit code.
 */
import { exitWith, processIo, runVerification } from "../cli.js";
import { EnvironmentError, ExitCode, oneLine } from "../errors.js";
import { defaultFixtures, startProvider } from "../provider/index.js";

const io = processIo();
const fixtures = defaultFixtures();
const provider = await startProvider({ fixtures });
io.stdout(`Reference provider listening on ${provider.url}`);
try {
  exitWith((await runVerification({ baseUrl: provider.url, fixtures }, io)).exitCode);
} catch (error) {
  io.stderr(`error: ${error instanceof EnvironmentError ? "" : "unexpected: "}${oneLine(error)}`);
  exitWith(ExitCode.environment);
} finally {
  await provider.close();
}
