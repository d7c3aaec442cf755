// @ts-check
/**
 * Runs the pact-js Verifier in a process of its own. The verifier's native core prints
 * its coloured report straight to file descriptor 1, which no JS option silences; the
 * parent forks this worker with that descriptor discarded and gets the same report as
 * JSON over IPC instead. Loading pact-js here also overlaps with the parent's own checks.
 *
 * Plain JavaScript (type-checked through JSDoc) so that it starts without a TypeScript
 * loader: the worker's start-up is on the critical path of every verification.
 *
 * @typedef {import("./pact-protocol.js").PactJob} PactJob
 * @typedef {import("./pact-protocol.js").PactRunResult} PactRunResult
 * @typedef {import("./pact-protocol.js").WorkerMessage} WorkerMessage
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

process.env.PACT_DO_NOT_TRACK = "true";
// The verifier sub-module alone: the full package also loads the consumer DSL and the mock server.
const { Verifier } = await import("@pact-foundation/pact/src/dsl/verifier/index.js");

/** @param {WorkerMessage} message */
const send = (message) => process.send?.(message);

/** @param {string} username @param {string} password */
function basic(username, password) {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/**
 * @param {PactJob} job
 * @param {string} source
 * @returns {Promise<PactRunResult>}
 */
async function runOne(job, source) {
  /** @type {string | undefined} */
  let currentState;
  const stateHandlers = Object.fromEntries(
    Object.entries(job.states).map(([name, values]) => [
      name,
      {
        setup: async () => {
          currentState = name;
          return values;
        },
        teardown: async () => {
          currentState = undefined;
          return undefined;
        },
      },
    ]),
  );
  const options = {
    provider: job.provider,
    providerBaseUrl: job.providerBaseUrl,
    pactUrls: [source],
    stateHandlers,
    // Credentials never enter a pact: every request gets the real ones here, except the
    // interaction whose state asks for wrong ones.
    /** @type {(req: { headers: Record<string, unknown> }, res: unknown, next: () => void) => void} */
    requestFilter: (req, _res, next) => {
      const wrong = currentState === job.wrongCredentialsState;
      req.headers.authorization = basic(job.username, wrong ? job.wrongPassword : job.password);
      next();
    },
    timeout: job.timeoutMs,
    logLevel: "error",
    failIfNoPactsFound: true,
    // pact-core rejects these keys when present but undefined.
    ...(job.broker?.token ? { pactBrokerToken: job.broker.token } : {}),
    ...(job.broker?.username ? { pactBrokerUsername: job.broker.username } : {}),
    ...(job.broker?.password ? { pactBrokerPassword: job.broker.password } : {}),
  };
  // The option types mix HTTP and message state handlers; ours are HTTP ones.
  const verifier = new Verifier(/** @type {any} */ (options));
  try {
    const report = await verifier.verifyProvider();
    return { type: "result", source, report: String(report) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.trimStart().startsWith("{")
      ? { type: "result", source, report: message }
      : { type: "result", source, error: message };
  }
}

/**
 * The verifier's cost per interaction grows with the size of the pact (about 6 ms each
 * for 40 interactions, 22 ms each for 400, measured here): it does work per interaction
 * that is proportional to the whole pact. A large local pact is therefore verified in
 * chunks, each a pact file of its own, three at a time (the native core runs each
 * verification on a thread of its own, and much of it is waiting on loopback HTTP, so
 * three beat two even on two cores); the chunks' reports are merged into one.
 */
const CHUNK_SIZE = 15;
const CONCURRENCY = 3;

/**
 * @param {string} source
 * @returns {{ files: string[], cleanup: () => void }}
 */
function chunksOf(source) {
  if (/^https?:/i.test(source)) return { files: [source], cleanup: () => undefined };
  const pact = JSON.parse(readFileSync(source, "utf8"));
  const interactions = Array.isArray(pact.interactions) ? pact.interactions : [];
  if (interactions.length <= CHUNK_SIZE) return { files: [source], cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), "pact-chunks-"));
  const files = [];
  for (let i = 0; i < interactions.length; i += CHUNK_SIZE) {
    const file = join(dir, `chunk-${files.length}.json`);
    writeFileSync(file, JSON.stringify({ ...pact, interactions: interactions.slice(i, i + CHUNK_SIZE) }));
    files.push(file);
  }
  return { files, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * @param {PactJob} job
 * @param {string} source
 * @returns {Promise<PactRunResult>}
 */
async function runChunked(job, source) {
  const { files, cleanup } = chunksOf(source);
  if (files.length === 1) return runOne(job, source);
  try {
    /** @type {PactRunResult[]} */
    const results = [];
    let next = 0;
    const lane = async () => {
      while (next < files.length) {
        const index = next++;
        results[index] = await runOne(job, /** @type {string} */ (files[index]));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const failed = results.find((r) => r.error);
    if (failed) return { type: "result", source, error: failed.error };
    const reports = results.map((r) => JSON.parse(r.report ?? "{}"));
    /** @param {string} key */
    const all = (key) => reports.flatMap((r) => r[key] ?? []);
    const merged = {
      errors: all("errors"),
      pendingErrors: all("pendingErrors"),
      interactionResults: all("interactionResults"),
    };
    return { type: "result", source, report: JSON.stringify(merged) };
  } finally {
    cleanup();
  }
}

const systemCertStore = { file: process.env.SSL_CERT_FILE, dir: process.env.SSL_CERT_DIR };

/**
 * The verifier's native core builds an HTTP client, and loads the system's TLS root
 * certificates, for every request it makes: three per interaction (state setup, the
 * request, teardown). That loading is most of the cost of an interaction (about 25 of
 * 30 ms here). When nothing in the job uses TLS, point the loader at an empty store;
 * otherwise leave the system's.
 *
 * @param {PactJob} job
 */
function useCertStoreFor(job) {
  const tls = job.providerBaseUrl.startsWith("https:") || job.runs.some((r) => /^https:/i.test(r.source));
  const keep = tls || process.platform === "win32";
  /** @param {"SSL_CERT_FILE" | "SSL_CERT_DIR"} name @param {string | undefined} value */
  const set = (name, value) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  set("SSL_CERT_FILE", keep ? systemCertStore.file : "/dev/null");
  set("SSL_CERT_DIR", keep ? systemCertStore.dir : "/dev/null");
}

process.on("message", async (/** @type {PactJob} */ job) => {
  useCertStoreFor(job);
  for (const run of job.runs) send(await runChunked(job, run.source));
  send({ type: "done" });
});
// If the parent dies (even by SIGKILL), the IPC channel closes: leave with it rather than linger.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
