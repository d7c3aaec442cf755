/**
 * Pact verification as checks: forks the worker (pact-worker.ts) at once so that
 * loading pact-js overlaps with the other checks, then turns each interaction of the
 * verifier's JSON report into a CheckResult with one finding per mismatch.
 */
import { type ChildProcess, fork } from "node:child_process";
import { EnvironmentError, oneLine } from "../errors.js";
import type { CheckResult, Finding } from "./findings.js";
import type { PactJob, PactRunResult, WorkerMessage } from "./pact-protocol.js";

/** What a run is about, known before it runs: names for the checks it will produce. */
export interface PactSource {
  source: string;
  consumer: string;
  /** Known for local files; for a broker's pact, read from the verifier's report. */
  interactions?: string[];
  /** A broker's pending pact: its failures are reported but do not fail the run. */
  pending?: boolean;
}

interface VerifierMismatch {
  type?: string;
  path?: string;
  key?: string;
  mismatch?: string;
  message?: string;
}

interface VerifierReport {
  interactionResults?: { description: string; result: string }[];
  errors?: { interaction: string; mismatch: { type: string; message?: string; mismatches?: VerifierMismatch[] } }[];
  pendingErrors?: VerifierReport["errors"];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the verifier colours its messages with ANSI escapes.
const ANSI = /\u001b\[[0-9;]*m/g;

function fieldOf(m: VerifierMismatch): string {
  if (m.type === "StatusMismatch") return "status";
  if (m.key) return m.key;
  if (m.path) return m.path === "$" ? "(body)" : m.path.replace(/^\$\./, "");
  return "(response)";
}

/** An "X or null" rule that failed says so twice; the null alternative adds nothing when the other speaks. */
function withoutNullAlternative(findings: Finding[]): Finding[] {
  const isNullAlternative = (f: Finding) => /to be a null value$/.test(f.rule);
  return findings.filter(
    (f) => !isNullAlternative(f) || !findings.some((o) => o.field === f.field && !isNullAlternative(o)),
  );
}

function findingsFor(description: string, report: VerifierReport): Finding[] {
  const errors = [...(report.errors ?? []), ...(report.pendingErrors ?? [])];
  const findings = errors
    .filter((e) => e.interaction.endsWith(` - ${description}`))
    .flatMap((e): Finding[] =>
      e.mismatch.mismatches
        ? e.mismatch.mismatches.map((m) => ({
            kind: "pact",
            field: fieldOf(m),
            rule: (m.mismatch ?? m.message ?? m.type ?? "mismatch").replace(ANSI, ""),
          }))
        : [
            {
              kind: "pact",
              field: "(request)",
              rule: oneLine(e.mismatch.message ?? e.mismatch.type).replace(ANSI, ""),
            },
          ],
    );
  return withoutNullAlternative(findings);
}

export function toChecks(source: PactSource, result: PactRunResult, durationMs: number): CheckResult[] {
  if (result.error || !result.report) {
    throw new EnvironmentError(`pact verification of ${source.source} could not run: ${oneLine(result.error)}`);
  }
  let report: VerifierReport;
  try {
    report = JSON.parse(result.report);
  } catch {
    throw new EnvironmentError(`pact verification of ${source.source} gave an unreadable report`);
  }
  const descriptions = source.interactions ?? (report.interactionResults ?? []).map((r) => r.description);
  if (!descriptions.length) throw new EnvironmentError(`pact ${source.source} has no interactions to verify`);
  const perInteraction = durationMs / descriptions.length;
  return descriptions.map((description) => {
    const findings = findingsFor(description, report);
    const outcome = report.interactionResults?.find((r) => r.description === description);
    if (!findings.length && outcome && outcome.result !== "OK") {
      findings.push({ kind: "pact", field: "(interaction)", rule: `verifier result ${outcome.result}` });
    }
    if (!outcome && !findings.length) {
      findings.push({ kind: "pact", field: "(interaction)", rule: "was not verified" });
    }
    return {
      id: `pact/${source.consumer}/${description}`,
      title: `${source.consumer}: ${description}`,
      group: "pact",
      verdict: findings.length ? (source.pending ? "pending" : "fail") : "pass",
      findings,
      durationMs: perInteraction,
      source: source.source,
    };
  });
}

/** The forked verifier process: started early, reusable for many jobs, always killed at the end. */
export class PactWorker {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private stderr = "";

  constructor() {
    // No TypeScript loader for the worker (execArgv: []): it is plain JavaScript, and a loader costs it 150 ms.
    this.child = fork(new URL("./pact-worker.mjs", import.meta.url), [], {
      execArgv: [],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once("message", (m: WorkerMessage) => (m.type === "ready" ? resolve() : undefined));
      this.child.once("exit", (code) => reject(this.crash(code)));
      this.child.once("error", (error) =>
        reject(new EnvironmentError(`cannot start the pact verifier: ${error.message}`)),
      );
    });
    // Not awaited until verify(); a crash before then must not become an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  private crash(code: number | null): EnvironmentError {
    const lastLine = this.stderr.trim().split("\n").pop() ?? "";
    return new EnvironmentError(`the pact verifier stopped (exit ${code})${lastLine ? `: ${oneLine(lastLine)}` : ""}`);
  }

  /** Jobs run one at a time: the worker holds one verifier's state. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Runs every source; rejects with an EnvironmentError if the worker dies or overruns. */
  verify(job: Omit<PactJob, "type" | "runs">, sources: PactSource[], budgetMs: number): Promise<CheckResult[]> {
    const run = this.queue.then(() => this.run(job, sources, budgetMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(
    job: Omit<PactJob, "type" | "runs">,
    sources: PactSource[],
    budgetMs: number,
  ): Promise<CheckResult[]> {
    await this.ready;
    const results = new Map<string, { result: PactRunResult; ms: number }>();
    let last = Date.now();
    let onMessage: (m: WorkerMessage) => void = () => undefined;
    let onExit: (code: number | null) => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => {
          // A verifier stuck mid-job cannot be reused: kill it, later jobs fail fast.
          this.close();
          reject(new EnvironmentError(`pact verification did not finish within ${budgetMs} ms`));
        }, budgetMs);
        onMessage = (m) => {
          if (m.type === "result") {
            const now = Date.now();
            results.set(m.source, { result: m, ms: now - last });
            last = now;
          } else if (m.type === "done") resolve();
        };
        onExit = (code) => reject(this.crash(code));
        this.child.on("message", onMessage);
        this.child.once("exit", onExit);
        this.child.send({ ...job, type: "verify", runs: sources.map(({ source }) => ({ source })) } satisfies PactJob);
      });
    } finally {
      clearTimeout(timer);
      this.child.off("message", onMessage);
      this.child.off("exit", onExit);
    }
    return sources.flatMap((s) => {
      const entry = results.get(s.source);
      if (!entry) throw new EnvironmentError(`pact verification of ${s.source} gave no result`);
      return toChecks(s, entry.result, entry.ms);
    });
  }

  /** False once the worker has exited or been killed: then it can take no more jobs. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && !this.child.killed;
  }

  close(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}
