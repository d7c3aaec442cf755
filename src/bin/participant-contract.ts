#!/usr/bin/env node
/** The package's command, `participant-contract` (and every npm script of this repository that runs one). */
import { main, runsVerify } from "../cli/main.js";
import { exitWith, processIo, stopSignal } from "../cli/shell.js";
import { PactWorker } from "../verify/pact/runner.js";

const argv = process.argv.slice(2);
// First, before the verifier's modules load (main loads them only when verify runs):
// the worker's start-up then overlaps with ours.
const pactWorker = runsVerify(argv) ? new PactWorker() : undefined;
// verify ends on SIGINT/SIGTERM by itself, writing every report; other commands keep the default.
const stop = pactWorker ? stopSignal() : undefined;
try {
  exitWith(await main(argv, processIo(), pactWorker && stop ? { pactWorker, stop } : {}));
} finally {
  pactWorker?.close();
}
