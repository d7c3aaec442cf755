/**
 * The pact layer's verdict on many bodies at once, from the real verifier over the
 * committed interactions: each body gets a copy of its variant's 200 interaction (the
 * copy's description and an `X-Body` request header carry its index), a server on
 * 127.0.0.1 answers copy i with the bytes of body i, and the verifier's report says which
 * copies passed. The copies are verified in pact files of a few dozen (the verifier's
 * cost per interaction grows with the file's size), a few files at a time, in a child
 * process (verifier-child.mjs).
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleRef, PACT_CONSUMERS, type VariantName, variants } from "../../../src/core/cases.js";
import { CONTRACTS_DIR, pactFileName } from "../../../src/pact/contracts.js";

/** One thing the verifier found wrong: where (`$.sid`, `$` for the body as a whole) and its words. */
export interface PactMismatch {
  path: string;
  message: string;
}

/** What the pact layer says of one body: passed, or the verifier's mismatches. */
export interface PactVerdict {
  valid: boolean;
  mismatches: PactMismatch[];
}

export interface BodyToVerify {
  variant: VariantName;
  bytes: Buffer;
}

interface PactInteraction {
  description: string;
  providerStates?: { name: string }[];
  request: { headers?: Record<string, string[]> };
  response: { status: number };
}

export interface PactFile {
  interactions: PactInteraction[];
  [key: string]: unknown;
}

const BODY_HEADER = "x-body";
const CHUNK_SIZE = 25;
const CONCURRENCY = 3;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the verifier colours its messages with ANSI escapes.
const ANSI = /\u001b\[[0-9;]*m/g;

/** The committed pact whose 200 interactions are copied; the SDK's are the same interactions (tests/consumer). */
export const COMMITTED_PACT = new URL(pactFileName(PACT_CONSUMERS.client), CONTRACTS_DIR);

export function readCommittedPact(): PactFile {
  return JSON.parse(readFileSync(COMMITTED_PACT, "utf8")) as PactFile;
}

/** The 200 interaction of each variant, found by its provider state. */
function participantInteractions(pact: PactFile): Record<VariantName, PactInteraction> {
  const find = (variant: VariantName) => {
    const found = pact.interactions.find(
      (i) => i.response.status === 200 && i.providerStates?.[0]?.name === variants[variant].state,
    );
    if (!found) throw new Error(`the pact has no 200 interaction for the ${variant} state`);
    return found;
  };
  return { phone: find("phone"), messenger: find("messenger") };
}

function copyOf(interaction: PactInteraction, index: number): PactInteraction {
  const copy = structuredClone(interaction);
  copy.description = `body ${index}: ${interaction.description}`;
  copy.request.headers = { ...copy.request.headers, "X-Body": [String(index)] };
  return copy;
}

function startServer(bodies: readonly BodyToVerify[]): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === "POST") {
      // Pact's provider-state call (setup and teardown): the SIDs the request path is built from.
      req.resume();
      req.on("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(exampleRef)));
      return;
    }
    const body = bodies[Number(req.headers[BODY_HEADER])];
    if (!body) return res.writeHead(400).end();
    res.writeHead(200, { "Content-Type": "application/json" }).end(body.bytes);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface ChildMessage {
  type: "ready" | "result" | "done";
  file?: string;
  report?: string;
  error?: string;
}

function runChild(files: string[], providerBaseUrl: string, budgetMs: number): Promise<Map<string, string>> {
  const child: ChildProcess = fork(new URL("./verifier-child.mjs", import.meta.url), [], {
    execArgv: [],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "json",
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const reports = new Map<string, string>();
  return new Promise<Map<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the verifier did not finish ${files.length} pact files within ${budgetMs} ms`));
    }, budgetMs);
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") {
        child.send({
          files,
          providerBaseUrl,
          stateSetupUrl: `${providerBaseUrl}/_pact/state`,
          concurrency: CONCURRENCY,
        });
      } else if (message.type === "result" && message.file) {
        if (message.error) reject(new Error(`the verifier could not run ${message.file}: ${message.error}`));
        reports.set(message.file, message.report ?? "");
      } else if (message.type === "done") {
        clearTimeout(timer);
        child.kill();
        resolve(reports);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (reports.size < files.length)
        reject(new Error(`the verifier process stopped (exit ${code}): ${stderr.trim()}`));
    });
  });
}

interface VerifierReport {
  interactionResults?: { description: string; result: string }[];
  errors?: {
    interaction: string;
    mismatch: { message?: string; mismatches?: { path?: string; mismatch?: string; type?: string }[] };
  }[];
}

function indexOf(description: string): number {
  const match = /body (\d+): /.exec(description);
  if (!match) throw new Error(`not a copy made here: ${description}`);
  return Number(match[1]);
}

/** The pact layer's verdict on each body, in order: by the committed pact, or by `pact` when given. */
export async function pactVerdicts(
  bodies: readonly BodyToVerify[],
  base: PactFile = readCommittedPact(),
  budgetMs = 120_000,
): Promise<PactVerdict[]> {
  const templates = participantInteractions(base);
  const dir = mkdtempSync(join(tmpdir(), "differential-pacts-"));
  const server = await startServer(bodies);
  try {
    const files: string[] = [];
    for (let start = 0; start < bodies.length; start += CHUNK_SIZE) {
      const interactions = bodies
        .slice(start, start + CHUNK_SIZE)
        .map((body, offset) => copyOf(templates[body.variant], start + offset));
      const file = join(dir, `chunk-${files.length}.json`);
      writeFileSync(file, JSON.stringify({ ...base, interactions }));
      files.push(file);
    }
    const { port } = server.address() as AddressInfo;
    const reports = await runChild(files, `http://127.0.0.1:${port}`, budgetMs);
    const verdicts: (PactVerdict | undefined)[] = bodies.map(() => undefined);
    for (const text of reports.values()) {
      const report = JSON.parse(text) as VerifierReport;
      for (const result of report.interactionResults ?? []) {
        verdicts[indexOf(result.description)] = { valid: result.result === "OK", mismatches: [] };
      }
      for (const error of report.errors ?? []) {
        const verdict = verdicts[indexOf(error.interaction)];
        if (!verdict) continue;
        verdict.valid = false;
        const mismatches = error.mismatch.mismatches?.map((m) => ({
          path: m.path ?? `(${m.type ?? "response"})`,
          message: (m.mismatch ?? "").replace(ANSI, ""),
        })) ?? [{ path: "(interaction)", message: (error.mismatch.message ?? "failed").replace(ANSI, "") }];
        verdict.mismatches.push(...mismatches);
      }
    }
    return verdicts.map((verdict, index) => {
      if (!verdict) throw new Error(`the verifier reported nothing for body ${index}`);
      return verdict;
    });
  } finally {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
