// @ts-check
/**
 * The baseline of the verify figure: the pact-js Verifier alone, as a team would run it
 * in a script of its own, verifying the given pacts against a running provider (state
 * handlers answer the SIDs, a request filter adds the credentials). Plain JavaScript, so
 * that no loader is timed. Usage: node bench/pact-verifier.mjs JOB.json
 *
 * @typedef {{ providerBaseUrl: string, provider: string, pactUrls: string[],
 *   states: Record<string, Record<string, string>>, wrongCredentialsState: string,
 *   username: string, password: string }} Job
 */
import { readFileSync } from "node:fs";
import { Verifier } from "@pact-foundation/pact";

/** @type {Job} */
const job = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8"));
/** @type {string | undefined} */
let state;
const basic = (/** @type {string} */ password) =>
  `Basic ${Buffer.from(`${job.username}:${password}`).toString("base64")}`;

const options = {
  provider: job.provider,
  providerBaseUrl: job.providerBaseUrl,
  pactUrls: job.pactUrls,
  logLevel: "error",
  stateHandlers: Object.fromEntries(
    Object.entries(job.states).map(([name, values]) => [
      name,
      {
        setup: async () => {
          state = name;
          return values;
        },
        teardown: async () => {
          state = undefined;
        },
      },
    ]),
  ),
  /** @type {(req: { headers: Record<string, unknown> }, res: unknown, next: () => void) => void} */
  requestFilter: (req, _res, next) => {
    req.headers.authorization = basic(state === job.wrongCredentialsState ? "wrong-password" : job.password);
    next();
  },
};
// The option types mix HTTP and message state handlers; these are HTTP ones.
await new Verifier(/** @type {any} */ (options)).verifyProvider();
