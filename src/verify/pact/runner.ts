/**
 * The pact phase: the pacts cut into chunks, one pact-proxy lane per chunk, the forked
 * verifier (pact-worker.mjs) run against the lanes, and each interaction of its JSON
 * report turned into a CheckResult: the verifier's mismatches, plus what the proxy saw
 * (the request sent, with which credentials, its own time, an oversized body or a
 * redirect). The worker is forked first thing, so that loading pact-core overlaps with
 * everything else a run does.
 */

import { type ChildProcess, fork } from "node:child_process";
import { EnvironmentError, oneLine } from "../../core/errors.js";
import type { CheckResult, Finding } from "../../core/findings.js";
import { mismatchesToFindings, type VerifierMismatch, verifierMessageFinding } from "./mismatches.js";
import type { PactJob, PactRun, PactRunResult, WorkerMessage } from "./protocol.js";
import { type InteractionRecord, type Lane, openLane, type ProxyRun } from "./proxy.js";
import { chunkPacts, type PactChunk, type PactInteraction, type PactSource } from "./sources.js";

interface VerifierError {
  interaction: string;
  mismatch: { type: string; message?: string; mismatches?: VerifierMismatch[] };
}

interface VerifierReport {
  interactionResults?: { description: string; result: string }[];
  errors?: VerifierError[];
  pendingErrors?: VerifierError[];
}

/** The verifier names an interaction `… Given STATE[ And STATE…] - DESCRIPTION`. */
function isAbout(error: VerifierError, interaction: PactInteraction): boolean {
  if (!error.interaction.endsWith(` - ${interaction.description}`)) return false;
  return interaction.states.every((state) => error.interaction.includes(state));
}

function verifierFindings(interaction: PactInteraction, report: VerifierReport): Finding[] {
  const errors = [...(report.errors ?? []), ...(report.pendingErrors ?? [])].filter((e) => isAbout(e, interaction));
  return errors.flatMap((e): Finding[] =>
    e.mismatch.mismatches
      ? mismatchesToFindings(e.mismatch.mismatches)
      : [verifierMessageFinding(e.mismatch.message ?? e.mismatch.type)],
  );
}

/**
 * Pairs each interaction of a chunk with what the proxy recorded for it. The verifier
 * goes through a chunk's interactions one at a time, in file order; an interaction
 * whose states are set up opens a record, one without states opens it with its request.
 */
export function pairRecords(
  interactions: readonly PactInteraction[],
  records: readonly InteractionRecord[],
): (InteractionRecord | undefined)[] {
  let next = 0;
  return interactions.map((interaction) => {
    for (let j = next; j < records.length; j++) {
      const names = (records[j] as InteractionRecord).states.map((s) => s.name);
      if (names.length === interaction.states.length && names.every((n, k) => n === interaction.states[k])) {
        next = j + 1;
        return records[j];
      }
    }
    return undefined;
  });
}

function checkId(pact: PactSource, interaction: PactInteraction): string {
  const twins = pact.interactions.filter((i) => i.description === interaction.description).length;
  // Two interactions may share a description under different states: the state tells them apart.
  const suffix = twins > 1 && interaction.states.length ? ` (given ${interaction.states.join(" and ")})` : "";
  return `${interaction.description}${suffix}`;
}

export function toChecks(
  chunk: PactChunk,
  result: PactRunResult | undefined,
  records: readonly InteractionRecord[],
  fallbackMs: number,
): CheckResult[] {
  if (!result || result.error || !result.report) {
    throw new EnvironmentError(
      `pact verification of ${chunk.pact.source} could not run: ${oneLine(result?.error ?? "no result")}`,
    );
  }
  let report: VerifierReport;
  try {
    report = JSON.parse(result.report);
  } catch {
    throw new EnvironmentError(`pact verification of ${chunk.pact.source} gave an unreadable report`);
  }
  const paired = pairRecords(chunk.interactions, records);
  return chunk.interactions.map((interaction, index) => {
    const record = paired[index];
    const name = checkId(chunk.pact, interaction);
    const findings = record?.final
      ? [...record.findings]
      : [...verifierFindings(interaction, report), ...(record?.findings ?? [])];
    const outcome = report.interactionResults?.find((r) => r.description === interaction.description);
    if (!findings.length && outcome && outcome.result !== "OK") {
      findings.push({ kind: "pact", field: "(interaction)", rule: `verifier result ${outcome.result}` });
    }
    if (!findings.length && !record?.request) {
      findings.push({
        kind: "pact",
        field: "(interaction)",
        rule: "was not verified: no request reached the provider",
      });
    }
    return {
      id: `pact/${chunk.pact.consumer}/${name}`,
      title: `${chunk.pact.consumer}: ${name}`,
      group: "pact",
      verdict: findings.length ? (chunk.pact.pending ? "pending" : "fail") : "pass",
      findings,
      durationMs: record ? record.endedAt - record.startedAt : fallbackMs,
      source: chunk.pact.source,
      ...(record?.request ? { request: record.request } : {}),
      ...(record?.response ? { response: record.response } : {}),
    };
  });
}

/** The forked verifier process: started early, reusable for many jobs, always killed at the end. */
export class PactWorker {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private stderr = "";
  private readonly killOnExit = () => this.close();

  constructor() {
    // No TypeScript loader for the worker (execArgv: []): it is plain JavaScript.
    this.child = fork(new URL("./worker.mjs", import.meta.url), [], {
      execArgv: [],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    // A worker must not outlive us, whichever way we end.
    process.once("exit", this.killOnExit);
    this.child.once("exit", () => process.off("exit", this.killOnExit));
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
    // Not awaited until a job comes; a crash before then must not become an unhandled rejection.
    this.ready.catch(() => undefined);
    // The worker must not keep a finished run alive.
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
  }

  private crash(code: number | null): EnvironmentError {
    const lastLine = this.stderr.trim().split("\n").pop() ?? "";
    return new EnvironmentError(`the pact verifier stopped (exit ${code})${lastLine ? `: ${oneLine(lastLine)}` : ""}`);
  }

  /** Jobs run one at a time: the worker holds one verifier's state. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Runs a job; rejects with an EnvironmentError if the worker dies or overruns the budget. */
  run(job: Omit<PactJob, "type">, budgetMs: number): Promise<Map<number, PactRunResult>> {
    const run = this.queue.then(() => this.execute(job, budgetMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async execute(job: Omit<PactJob, "type">, budgetMs: number): Promise<Map<number, PactRunResult>> {
    const results = new Map<number, PactRunResult>();
    let onMessage: (m: WorkerMessage) => void = () => undefined;
    let onExit: (code: number | null) => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    (this.child.channel as { ref?: () => void } | undefined)?.ref?.();
    try {
      await this.ready;
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => {
          // A verifier stuck mid-job cannot be reused: kill it, later jobs fail fast.
          this.close();
          reject(new EnvironmentError(`pact verification did not finish within ${budgetMs} ms`));
        }, budgetMs);
        onMessage = (m) => {
          if (m.type === "result") results.set(m.id, m);
          else if (m.type === "done") resolve();
        };
        onExit = (code) => reject(this.crash(code));
        this.child.on("message", onMessage);
        this.child.once("exit", onExit);
        // A worker closed meanwhile (its run cancelled, its budget spent) has no channel: with a
        // callback, that is this job's failure rather than an 'error' event that ends the process.
        this.child.send({ ...job, type: "verify" } satisfies PactJob, (error) => {
          if (error) reject(this.crash(this.child.exitCode));
        });
      });
    } finally {
      clearTimeout(timer);
      this.child.off("message", onMessage);
      this.child.off("exit", onExit);
      (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    }
    return results;
  }

  /** False once the worker has exited or been killed: then it can take no more jobs. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && !this.child.killed;
  }

  close(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

/**
 * Verifier runs at a time, when they may overlap: the native core verifies each on a
 * thread of its own and much of a run waits on loopback HTTP, so three beat two even on
 * two cores.
 */
const PARALLEL_RUNS = 3;

/**
 * Verifies the pacts through the worker, each chunk against a lane of its own. Throws
 * the run's first environment problem (a provider that stopped answering, a state that
 * could not be set up) rather than reporting what followed from it.
 */
export async function verifyPacts(
  worker: PactWorker,
  pacts: readonly PactSource[],
  run: ProxyRun,
): Promise<CheckResult[]> {
  const { chunks, cleanup } = chunkPacts(pacts);
  const lanes: Lane[] = [];
  try {
    for (const _ of chunks) lanes.push(await openLane(run));
    const runs: PactRun[] = chunks.map((chunk, id) => {
      const lane = lanes[id] as Lane;
      return {
        id,
        file: chunk.file,
        providerBaseUrl: lane.url,
        stateUrl: lane.stateUrl,
        provider: chunk.pact.provider,
      };
    });
    const interactions = pacts.reduce((n, p) => n + p.interactions.length, 0);
    // Each interaction makes up to three requests (setup, the request, teardown), each bounded by the timeout.
    const budgetMs = run.http.timeoutMs * (3 * interactions + 2) + 15_000;
    const started = performance.now();
    const results = await worker.run(
      { runs, timeoutMs: run.http.timeoutMs + 2000, concurrency: run.parallel ? PARALLEL_RUNS : 1 },
      budgetMs,
    );
    if (run.failure.error) throw run.failure.error;
    const fallbackMs = (performance.now() - started) / Math.max(1, interactions);
    return chunks.flatMap((chunk, id) => toChecks(chunk, results.get(id), (lanes[id] as Lane).records, fallbackMs));
  } finally {
    await Promise.all(lanes.map((lane) => lane.close()));
    cleanup();
  }
}
