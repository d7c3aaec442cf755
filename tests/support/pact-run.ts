/**
 * The pact phase's settings for fixtures mode, for tests and benches that run the pact
 * phase alone (verifyPacts) rather than a whole verification.
 */
import { STATES } from "../../src/core/cases.js";
import type { LoadedFixtures } from "../../src/net/fixtures.js";
import { REQUEST_TIMEOUT_MS } from "../../src/verify/index.js";
import { DEFAULT_MAX_BODY_BYTES } from "../../src/verify/live-request.js";
import type { ProxyRun } from "../../src/verify/pact/proxy.js";
import { fixtureStates } from "../../src/verify/state-resolvers.js";

/** The pact phase's settings for fixtures mode: for callers that run the pact phase alone (tests, benches). */
export function fixturesRun(baseUrl: string, fixtures: LoadedFixtures, timeoutMs = REQUEST_TIMEOUT_MS): ProxyRun {
  return {
    baseUrl,
    resolver: fixtureStates(fixtures),
    parallel: true,
    credentials: { right: { username: fixtures.accountSid, password: fixtures.authToken } },
    wrongCredentialsState: STATES.wrongCredentials,
    http: { timeoutMs, maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
    failure: {},
  };
}
