/**
 * What the pact verifier talks to instead of the implementation: one small server per
 * lane (a lane is one verifier run, whose interactions go one at a time), on 127.0.0.1.
 *
 * - `POST` to the state setup path (STATE_SETUP_PATH) is the verifier's provider-state URL: each setup and
 *   teardown goes to the run's StateResolver (the fixtures, or the implementation's own
 *   state endpoint), so any pact's states work, with that interaction's params.
 * - Every other request is forwarded to the implementation through the suite's one HTTP
 *   reader: the same timer, body cap (after decoding) and no-redirect rule as the live
 *   checks. Credentials never enter a pact: a request that carries an Authorization
 *   header gets the run's real one (a wrong password under the wrong-credentials state).
 * - Each interaction is recorded (its states, the request sent, its own time, findings
 *   the verifier cannot make), so pact checks name their request like every other check.
 * - The first request the implementation does not answer ends the whole pact phase:
 *   every later request is refused at once, and the run ends with exit 2 naming the
 *   implementation, not this proxy.
 */

import http from "node:http";
import type { AddressInfo } from "node:net";
import type { EnvironmentError } from "../../core/errors.js";
import type { CredentialRole, Evidence, Finding, RequestInfo } from "../../core/findings.js";
import { STATE_SETUP_PATH } from "../../core/resource.js";
import { brokenHttp, oversizedBody } from "../../judge/answer.js";
import { evidenceOf } from "../../judge/evidence.js";
import { BrokenAnswerError, send } from "../../net/reader.js";
import { authorizationFor, type CredentialSet, type HttpOptions, type LiveSender } from "../live-request.js";
import type { StateResolver } from "../state-resolvers.js";
import { outsideContract } from "./sources.js";

/** One interaction as the proxy saw it. */
export interface InteractionRecord {
  states: { name: string; params: Record<string, unknown> }[];
  request?: RequestInfo;
  /** What the implementation answered to `request`, as evidence for the check. */
  response?: Evidence;
  startedAt: number;
  endedAt: number;
  /** What the verifier cannot judge (an oversized body, a redirect): replaces its mismatches when `final`. */
  findings: Finding[];
  /** The proxy's own findings are the verdict; the verifier saw only a stand-in answer. */
  final: boolean;
  phase: "setup" | "request" | "teardown";
}

export interface ProxyRun {
  baseUrl: string;
  resolver: StateResolver;
  /**
   * Whether interactions of different lanes may run at once. Not when the implementation
   * sets its states up itself: two pacts' interactions naming the same SIDs would create
   * and remove each other's participants, so they go one at a time, as in Pact's own verifier.
   */
  parallel: boolean;
  credentials: CredentialSet;
  /** The state under which the request carries a wrong password. */
  wrongCredentialsState: string;
  http: HttpOptions;
  /** The run's pace and patience with 429s (see live-request.ts); without it, plain sends. */
  sender?: LiveSender;
  /** The user opted in to sending requests outside this contract; otherwise only a GET of the participant path goes on. */
  sendEveryRequest?: boolean;
  /** Shared by every lane of a run: the first environment problem, which stops them all. */
  failure: { error?: EnvironmentError };
}

export interface Lane {
  /** Give the verifier this as the provider's base URL. */
  url: string;
  /** And this as its provider-state setup URL. */
  stateUrl: string;
  readonly records: InteractionRecord[];
  close(): Promise<void>;
}

/** Headers that describe one hop, not the message: never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

const MAX_VERIFIER_BODY = 1024 * 1024;

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_VERIFIER_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  headers: http.OutgoingHttpHeaders = {},
) {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function openLane(run: ProxyRun): Promise<Lane> {
  const records: InteractionRecord[] = [];
  let current: InteractionRecord | undefined;
  const begin = (): InteractionRecord => {
    const now = performance.now();
    current = { states: [], startedAt: now, endedAt: now, findings: [], final: false, phase: "setup" };
    records.push(current);
    return current;
  };

  const stateSetup = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const text = (await readAll(req)).toString("utf8");
    let change: { state?: unknown; params?: unknown; action?: unknown };
    try {
      change = JSON.parse(text);
    } catch {
      return reply(res, 400, "state setup must be JSON");
    }
    const state = typeof change.state === "string" ? change.state : "";
    const params =
      change.params !== null && typeof change.params === "object" && !Array.isArray(change.params)
        ? (change.params as Record<string, unknown>)
        : {};
    // The run has failed: let the verifier through its remaining interactions at once (it
    // retries a failed state change, with back-off), their verdicts are never read.
    if (run.failure.error) return reply(res, 200, "{}", { "content-type": "application/json" });
    try {
      if (change.action === "teardown") {
        if (current) {
          current.phase = "teardown";
          current.endedAt = performance.now();
        }
        await run.resolver.teardown(state, params);
        if (current) current.endedAt = performance.now();
        return reply(res, 200, "{}", { "content-type": "application/json" });
      }
      const record = current?.phase === "setup" ? current : begin();
      // The verifier asks for state "" before an interaction without states: it opens the record, names nothing.
      if (state !== "") record.states.push({ name: state, params });
      const values = await run.resolver.setup(state, params);
      record.endedAt = performance.now();
      return reply(res, 200, JSON.stringify(values), { "content-type": "application/json" });
    } catch (error) {
      run.failure.error ??= error as EnvironmentError;
      return reply(res, 200, "{}", { "content-type": "application/json" });
    }
  };

  const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = await readAll(req);
    if (run.failure.error) return reply(res, 503, "the run has already failed");
    const record = current?.phase === "setup" ? current : begin();
    record.phase = "request";
    const path = req.url ?? "/";
    const method = req.method ?? "GET";
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    let role: CredentialRole = "none";
    if (headers.authorization !== undefined) {
      role = record.states.some((s) => s.name === run.wrongCredentialsState) ? "wrong-password" : "right";
      headers.authorization = authorizationFor(role, run.credentials) ?? "";
    }
    record.request = { method, path, credentials: role };
    // A second guard behind sources.ts, which keeps such interactions out of the chunks: never forwarded with credentials.
    const outside = run.sendEveryRequest ? undefined : outsideContract({ method, path: path.split("?")[0] });
    if (outside) {
      record.final = true;
      record.findings.push({ kind: "pact", field: "(request)", rule: outside });
      return reply(res, 403, "outside the contract: not forwarded");
    }
    try {
      const request = {
        method,
        url: `${run.baseUrl}${path}`,
        headers,
        ...(body.length ? { body } : {}),
        timeoutMs: run.http.timeoutMs,
        maxBodyBytes: run.http.maxBodyBytes,
      };
      const what = `the provider at ${run.baseUrl}`;
      const answer = run.sender ? (await run.sender.send(request, what)).response : await send(request, what);
      record.endedAt = performance.now();
      record.response = evidenceOf(answer);
      const out: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
      // Decoded here, within the cap: the verifier gets the plain bytes.
      delete out["content-encoding"];
      if (answer.truncated) {
        record.final = true;
        record.findings.push(oversizedBody(run.http.maxBodyBytes));
        return reply(res, 502, "");
      }
      if (answer.status >= 300 && answer.status < 400 && out.location !== undefined) {
        record.findings.push({
          kind: "header",
          field: "location",
          rule: "is not followed: a redirect is not the resource",
          actual: answer.headers.location,
        });
        // Without it the verifier does not follow the redirect either, and judges the 3xx as it stands.
        delete out.location;
      }
      return reply(res, answer.status, answer.body, out);
    } catch (error) {
      record.endedAt = performance.now();
      // The provider answered but broke HTTP: a finding, as in the live checks, not the run's end.
      if (error instanceof BrokenAnswerError) {
        record.final = true;
        record.findings.push(brokenHttp(error));
        return reply(res, 502, "");
      }
      run.failure.error ??= error as EnvironmentError;
      return reply(res, 503, "no answer");
    }
  };

  const server = http.createServer((req, res) => {
    const handle = req.url === STATE_SETUP_PATH && req.method === "POST" ? stateSetup : forward;
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    stateUrl: `${url}${STATE_SETUP_PATH}`,
    records,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
