// @ts-check
/**
 * Runs pact-core's verifier in a process of its own. Its native core prints a coloured
 * report straight to file descriptor 1, which no option silences; the parent forks this
 * worker with that descriptor discarded and gets the same report as JSON over IPC.
 *
 * pact-core, not pact-js: pact-js's Verifier adds an express proxy for state handlers
 * and request filters, which the parent's own pact proxy (pact-proxy.ts) replaces, and
 * loading it costs about three times as much. Plain JavaScript (type-checked through
 * JSDoc), so that it starts without a TypeScript loader.
 *
 * @typedef {import("./protocol.js").PactJob} PactJob
 * @typedef {import("./protocol.js").PactRun} PactRun
 * @typedef {import("./protocol.js").PactRunResult} PactRunResult
 * @typedef {import("./protocol.js").WorkerMessage} WorkerMessage
 */

import { fileURLToPath } from "node:url";

process.env.PACT_DO_NOT_TRACK = "true";
// The verifier only ever talks to the parent's proxy on 127.0.0.1 over plain HTTP (the
// proxy makes any TLS request itself). Its native core otherwise loads the system's TLS
// root store for every request it makes, three per interaction: most of its cost. So it
// gets a store of one certificate nobody holds the key of (tls/trusts-nothing.pem, at the
// package's root, beside dist/ and src/ alike): it trusts nothing. An empty store
// (/dev/null) was enough for pact-core 19; pact-core 20 refuses to build its HTTP client
// on one ("builder error" for every interaction).
process.env.SSL_CERT_FILE = fileURLToPath(new URL("../../../tls/trusts-nothing.pem", import.meta.url));
process.env.SSL_CERT_DIR = "/dev/null";

// CommonJS: its module.exports (our `default`) carries the API and a `default` naming the same object, as typed.
const pactCore = (await import("@pact-foundation/pact-core")).default.default;

/** @param {WorkerMessage} message */
const tellParent = (message) => process.send?.(message);

/**
 * @param {PactRun} run
 * @param {number} timeoutMs
 * @returns {Promise<PactRunResult>}
 */
async function verifyOne(run, timeoutMs) {
  try {
    const report = await pactCore.verifyPacts({
      provider: run.provider,
      providerBaseUrl: run.providerBaseUrl,
      providerStatesSetupUrl: run.stateUrl,
      pactUrls: [run.file],
      timeout: timeoutMs,
      logLevel: "error",
      failIfNoPactsFound: true,
    });
    return { type: "result", id: run.id, report: String(report) };
  } catch (error) {
    // A failed verification rejects with the JSON report as the error's message.
    const message = error instanceof Error ? error.message : String(error);
    return message.trimStart().startsWith("{")
      ? { type: "result", id: run.id, report: message }
      : { type: "result", id: run.id, error: message };
  }
}

process.on("message", async (/** @type {PactJob} */ job) => {
  let next = 0;
  const lane = async () => {
    while (next < job.runs.length) {
      const run = /** @type {PactRun} */ (job.runs[next++]);
      tellParent(await verifyOne(run, job.timeoutMs));
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  tellParent({ type: "done" });
});

// The worker must not outlive its parent, however the parent ends: the IPC channel
// closing says so at once; a parent killed so hard that the channel lingers shows as a
// new parent process id.
process.on("disconnect", () => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
tellParent({ type: "ready" });
