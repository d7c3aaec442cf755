/** `npm run verify` and the package's `participant-contract` command. */
import { PactWorker } from "../verify/pact.js";

const argv = process.argv.slice(2);
// First, before the rest loads, unless only the help is wanted: the worker's start-up then overlaps with ours.
const pactWorker = argv.some((a) => a === "--help" || a === "-h") ? undefined : new PactWorker();

const { exitWith, main, processIo } = await import("../cli.js");
try {
  exitWith(await main(argv, processIo(), { pactWorker }));
} finally {
  pactWorker?.close();
}
