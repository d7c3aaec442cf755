/** Messages between the verify process and the pact worker it forks (see pact-worker.mjs). */

export interface PactRun {
  /** Names the run's result. */
  id: number;
  /** A pact file (or one chunk of one). */
  file: string;
  /** The lane of the pact proxy this run talks to: the provider's stand-in and its state setup URL. */
  providerBaseUrl: string;
  stateUrl: string;
  provider: string;
}

export interface PactJob {
  type: "verify";
  runs: PactRun[];
  /** The verifier's own per-request timeout: a backstop behind the proxy's, which fires first. */
  timeoutMs: number;
  /** Runs at a time. */
  concurrency: number;
}

export interface PactRunResult {
  type: "result";
  id: number;
  /** The verifier's JSON report, whether it passed or failed. */
  report?: string;
  /** Set when the verifier could not run at all. */
  error?: string;
}

export type WorkerMessage = PactRunResult | { type: "ready" } | { type: "done" };
