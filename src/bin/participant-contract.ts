#!/usr/bin/env node
/** The package's command, `participant-contract` (and every npm script of this repository that runs one). */
import { main, runsVerify } from "../cli/main.js";
import { exitWith, processIo } from "../cli/shell.js";
import { PactWorker } from "../verify/pact/runner.js";

const argv = process.argv.slice(2);
// First, before the verifier's modules load (main loads them only when verify runs):
// the worker's start-up then overlaps with ours.
const pactWorker = runsVerify(argv) ? new PactWorker() : undefined;
try {
  exitWith(await main(argv, processIo(), pactWorker ? { pactWorker } : {}));
} finally {
  pactWorker?.close();
}
