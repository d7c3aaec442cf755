/** Messages between the verify process and the pact worker it forks (see pact-worker.ts). */

export interface PactRun {
  /** A pact file path or a broker pact URL. */
  source: string;
}

export interface PactJob {
  type: "verify";
  runs: PactRun[];
  providerBaseUrl: string;
  provider: string;
  /** Provider state name -> the values fromProviderState expressions read. */
  states: Record<string, Record<string, string>>;
  /** The state whose request must carry wrong credentials. */
  wrongCredentialsState: string;
  username: string;
  password: string;
  wrongPassword: string;
  timeoutMs: number;
  broker?: { token?: string; username?: string; password?: string };
}

export interface PactRunResult {
  type: "result";
  source: string;
  /** The verifier's JSON report, whether it passed or failed. */
  report?: string;
  /** Set when the verifier could not run at all. */
  error?: string;
}

export type WorkerMessage = PactRunResult | { type: "ready" } | { type: "done" };
