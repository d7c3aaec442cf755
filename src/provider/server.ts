/**
 * The reference provider: Twilio Proxy's Fetch a Participant endpoint on node:http,
 * answering as Twilio does (Basic auth, accounts isolated, Twilio's error bodies, a
 * 404 for a malformed SID, CORS headers), plus Pact's provider-state endpoint. No
 * framework, so it starts in milliseconds; every response goes through the optional
 * mutation, which is how the suite's mutation test breaks it.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { variants } from "../cases.js";
import type { Fixtures } from "../fixtures.js";
import { notFoundError, parseParticipantPath, participantBody, unauthorizedError } from "../resource.js";
import { isValid } from "../schemas.js";
import type { TwilioError } from "../types.generated.js";
import { AUTH_CHALLENGE, authenticate } from "./auth.js";
import type { AuthVerdict, Mutation, ProviderResponse, RequestContext, Route } from "./mutation.js";
import { handleStateChange, PROVIDER_STATES_PATH } from "./states.js";
import { type ParticipantStore, seedStore } from "./store.js";

export interface ProviderOptions {
  fixtures: Fixtures;
  mutation?: Mutation;
  /** Where startProvider listens; 127.0.0.1 unless told. */
  host?: string;
  /** 0 (a free port) unless told. */
  port?: number;
}

export interface RunningProvider {
  /** http://host:port, no trailing slash. */
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** Twilio's CORS headers, sent on every answer as Twilio does. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
  "access-control-allow-headers":
    "Accept, Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Twilio-Request-Id",
  "access-control-allow-credentials": "true",
  "access-control-expose-headers": "ETag, Twilio-Request-Id",
};

const ALLOWED_METHODS = "GET, HEAD, OPTIONS";
/** The provider-state body is a few hundred bytes; anything far larger is not one. */
const MAX_STATE_BODY = 64 * 1024;

function methodNotAllowed(): TwilioError {
  return {
    code: 20004,
    message: "Method not allowed",
    more_info: "https://www.twilio.com/docs/errors/20004",
    status: 405,
  };
}

function internalError(): TwilioError {
  return {
    code: 20500,
    message: "Internal Server Error",
    more_info: "https://www.twilio.com/docs/errors/20500",
    status: 500,
  };
}

/** Twilio-Request-Id: RQ and 32 hex digits; unique per response without a random draw each time. */
function requestIds(): () => string {
  const prefix = randomBytes(8).toString("hex");
  let counter = 0;
  return () => `RQ${prefix}${(counter++ % 0xffffffff).toString(16).padStart(16, "0")}`;
}

/** A Host header fit to build a URL on; anything else falls back to the socket's own address. */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function baseUrlOf(req: http.IncomingMessage): string {
  const host = req.headers.host;
  if (host && HOST_HEADER.test(host)) return `http://${host}`;
  const { localAddress = "127.0.0.1", localPort } = req.socket;
  return `http://${localAddress.includes(":") ? `[${localAddress}]` : localAddress}:${localPort}`;
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): ProviderResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...CORS_HEADERS, ...extra }, body };
}

function routeOf(path: string): Route {
  if (path === PROVIDER_STATES_PATH) return "providerState";
  return parseParticipantPath(path) ? "participant" : "other";
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_STATE_BODY) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The participant route, in the order Twilio applies: method, credentials, then the lookup in the caller's account. */
function answerParticipant(
  context: RequestContext,
  authorization: string | undefined,
  store: ParticipantStore,
  mutation: Mutation,
): ProviderResponse {
  const { method, requested } = context;
  if (method === "OPTIONS") return { status: 204, headers: { ...CORS_HEADERS }, raw: "" };
  if (method !== "GET" && method !== "HEAD") return json(405, methodNotAllowed(), { allow: ALLOWED_METHODS });
  let verdict: AuthVerdict = authenticate(authorization, store);
  verdict = mutation.authenticate?.(verdict, { ...context, auth: verdict }) ?? verdict;
  context.auth = verdict;
  if (verdict.kind !== "valid") return json(401, unauthorizedError(), { "www-authenticate": AUTH_CHALLENGE });
  // A malformed SID can name nothing, so Twilio answers it like any unknown participant: 404.
  const found = context.wellFormed && requested ? store.find(verdict.accountSid, requested) : undefined;
  const participant = mutation.find ? mutation.find(found, context) : found;
  context.participant = participant;
  if (!participant) return json(404, notFoundError(context.path));
  const traits = variants[participant.variant].traits;
  return json(200, participantBody(context.baseUrl, participant.accountSid, participant.ref, traits));
}

async function answer(
  req: http.IncomingMessage,
  context: RequestContext,
  store: ParticipantStore,
  mutation: Mutation,
): Promise<ProviderResponse> {
  switch (context.route) {
    case "participant":
      return answerParticipant(context, req.headers.authorization, store, mutation);
    case "providerState": {
      if (context.method !== "POST") return json(405, methodNotAllowed(), { allow: "POST" });
      const text = await readBody(req);
      if (text === undefined) return json(413, { error: "provider-state body too large" });
      return handleStateChange(text, context.fixtures, store);
    }
    default:
      return json(404, notFoundError(context.path));
  }
}

function send(res: http.ServerResponse, response: ProviderResponse, requestId: string): void {
  const payload =
    response.raw !== undefined ? response.raw : response.body === undefined ? "" : JSON.stringify(response.body);
  const headers: Record<string, string | number> = { "twilio-request-id": requestId, ...response.headers };
  headers["content-length"] = Buffer.byteLength(payload);
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** The reference provider as a server, not yet listening. */
export function createProvider(options: ProviderOptions): http.Server {
  const { fixtures, mutation = {} } = options;
  const store = seedStore(fixtures);
  const nextRequestId = requestIds();
  return http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    const route = routeOf(path);
    const requested = route === "participant" ? parseParticipantPath(path) : undefined;
    const context: RequestContext = {
      method: req.method ?? "GET",
      path,
      baseUrl: baseUrlOf(req),
      route,
      requested,
      wellFormed:
        requested !== undefined &&
        isValid("pathParams", {
          ServiceSid: requested.serviceSid,
          SessionSid: requested.sessionSid,
          Sid: requested.participantSid,
        }),
      auth: { kind: "none" },
      fixtures,
    };
    answer(req, context, store, mutation)
      .then((response) => (mutation.respond ? mutation.respond(response, context) : response))
      .catch(() => json(500, internalError()))
      .then((response) => send(res, response, nextRequestId()))
      .catch(() => res.destroy());
  });
}

/** Starts the reference provider (127.0.0.1, a free port unless told) and says where it listens. */
export async function startProvider(options: ProviderOptions): Promise<RunningProvider> {
  const server = createProvider(options);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (pact's proxy, supertest agents) would hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}
