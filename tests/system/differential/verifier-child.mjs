// @ts-check
/**
 * Runs the real pact verifier (pact-core's native one, the verifier under pact-js's
 * Verifier) over a list of pact files, a few at a time, and sends each file's JSON
 * report to the parent. A process of its own because the native core prints its report
 * to file descriptor 1, which the parent discards; plain JavaScript so that it starts
 * without a TypeScript loader.
 *
 * @typedef {{ files: string[], providerBaseUrl: string, stateSetupUrl: string, concurrency: number }} Job
 * @typedef {{ file: string, report?: string, error?: string }} FileResult
 */

import { fileURLToPath } from "node:url";

process.env.PACT_DO_NOT_TRACK = "true";
// Nothing here uses TLS: an empty root store spares the native core loading the system's for each request.
// A store of one certificate that trusts nothing, as the pact worker's (src/verify/pact/worker.mjs): pact-core 20 refuses an empty one.
process.env.SSL_CERT_FILE = fileURLToPath(new URL("../../../tls/trusts-nothing.pem", import.meta.url));
process.env.SSL_CERT_DIR = "/dev/null";

const { Verifier } = await import("@pact-foundation/pact-core");

/**
 * @param {Job} job
 * @param {string} file
 * @returns {Promise<FileResult>}
 */
async function verifyFile(job, file) {
  try {
    const report = await new Verifier({
      providerBaseUrl: job.providerBaseUrl,
      pactUrls: [file],
      providerStatesSetupUrl: job.stateSetupUrl,
      logLevel: "error",
      timeout: 30_000,
    }).verify();
    return { file, report: String(report) };
  } catch (error) {
    // A failed verification rejects with the JSON report as the message; anything else could not run.
    const message = error instanceof Error ? error.message : String(error);
    return message.trimStart().startsWith("{") ? { file, report: message } : { file, error: message };
  }
}

process.on("message", async (/** @type {Job} */ job) => {
  let next = 0;
  const lane = async () => {
    while (next < job.files.length) {
      const file = /** @type {string} */ (job.files[next++]);
      process.send?.({ type: "result", ...(await verifyFile(job, file)) });
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  process.send?.({ type: "done" });
});
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready" });
