/**
 * The reference provider: Twilio Proxy's Fetch a Participant endpoint on node:http,
 * answering as Twilio does (Basic auth before any lookup, accounts isolated, Twilio's
 * error bodies, a 404 for a malformed SID, CORS headers), plus Pact's provider-state
 * endpoint. No framework, so it starts in milliseconds. Every answer it gives, down to
 * requests Node's own parser refuses, is a Twilio error body, and none of them stops
 * the server. Every response goes through the optional mutation, which is how the
 * suite's mutation test breaks it.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { variants } from "../core/cases.js";
import {
  notFoundError,
  parseParticipantPath,
  participantBody,
  pathParamsOf,
  STATE_SETUP_PATH,
  unauthorizedError,
} from "../core/resource.js";
import type { TwilioError } from "../core/types.generated.js";
import type { Fixtures } from "../net/fixtures.js";
import { acceptsCoding } from "../net/reader.js";
import { isValid } from "../schema/validate.js";
import { AUTH_CHALLENGE, authenticate, parseBasic } from "./auth.js";
import type { AuthVerdict, Delivery, Mutation, ProviderResponse, RequestContext, Route } from "./hooks.js";
import { handleStateSetup } from "./state-endpoint.js";
import { type ParticipantStore, seedStore } from "./store.js";
import { PROVIDER_ERRORS, type ProviderErrorName, providerError } from "./twilio-errors.js";

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
/** A connection answered with an error and closed is given this long to go before it is cut. */
const CLOSE_GRACE_MS = 1000;
const JSON_TYPE = "application/json; charset=utf-8";

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
  return { status, headers: { "content-type": JSON_TYPE, ...CORS_HEADERS, ...extra }, body };
}

function errorAnswer(name: ProviderErrorName, message?: string, extra: Record<string, string> = {}): ProviderResponse {
  return json(PROVIDER_ERRORS[name].status, providerError(name, message), extra);
}

const unauthorized = () => json(401, unauthorizedError(), { "www-authenticate": AUTH_CHALLENGE });

/** The path of a request target: origin form as is, absolute form without its scheme and authority. */
function pathnameOf(target: string): string {
  const path = target.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, "").split("?", 1)[0];
  return path || "/";
}

function routeOf(path: string): Route {
  if (path === STATE_SETUP_PATH) return "providerState";
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

/** Method, then credentials (before any lookup, so an unknown SID tells an anonymous caller nothing), then the lookup. */
function authenticateRequest(context: RequestContext, store: ParticipantStore, mutation: Mutation): AuthVerdict {
  const verdict = authenticate(context.authorization, store);
  context.auth = mutation.authenticate?.(verdict, { ...context, auth: verdict }) ?? verdict;
  return context.auth;
}

/** The participant route: found only under the caller's account and the requested service, session and SID. */
function answerParticipant(context: RequestContext, store: ParticipantStore, mutation: Mutation): ProviderResponse {
  const { method, requested } = context;
  if (method === "OPTIONS") return { status: 204, headers: { ...CORS_HEADERS }, raw: "" };
  if (method !== "GET" && method !== "HEAD")
    return errorAnswer("methodNotAllowed", undefined, { allow: ALLOWED_METHODS });
  const verdict = authenticateRequest(context, store, mutation);
  if (verdict.kind !== "valid") return unauthorized();
  // A malformed SID can name nothing, so Twilio answers it like any unknown participant: 404.
  const found = context.wellFormed && requested ? store.find(verdict.accountSid, requested) : undefined;
  const participant = mutation.find ? mutation.find(found, context) : found;
  context.participant = participant;
  if (!participant) return json(404, notFoundError(context.path));
  const traits = variants[participant.variant].traits;
  return json(200, participantBody(context.baseUrl, participant.accountSid, participant.ref, traits));
}

async function answerStateSetup(
  req: http.IncomingMessage,
  context: RequestContext,
  store: ParticipantStore,
  mutation: Mutation,
): Promise<ProviderResponse> {
  if (context.method !== "POST") return errorAnswer("methodNotAllowed", undefined, { allow: "POST" });
  const verdict = authenticateRequest(context, store, mutation);
  if (verdict.kind !== "valid") return unauthorized();
  const text = await readBody(req);
  if (text === undefined)
    return errorAnswer("payloadTooLarge", `A provider-state body is at most ${MAX_STATE_BODY} bytes`);
  return handleStateSetup(text, verdict.accountSid, store);
}

function answer(
  req: http.IncomingMessage,
  context: RequestContext,
  store: ParticipantStore,
  mutation: Mutation,
): Promise<ProviderResponse> | ProviderResponse {
  // HTTP/1.1 requires a Host (RFC 9112 §3.2); Node's own check would answer a bare 400.
  if (req.httpVersion === "1.1" && req.headers.host === undefined)
    return errorAnswer("badRequest", "An HTTP/1.1 request needs a Host header", { connection: "close" });
  switch (context.route) {
    case "participant":
      return answerParticipant(context, store, mutation);
    case "providerState":
      return answerStateSetup(req, context, store, mutation);
    default:
      return json(404, notFoundError(context.path));
  }
}

/** Whether an Accept-Encoding header accepts gzip. */
export function acceptsGzip(header: string | undefined): boolean {
  return acceptsCoding(header, "gzip");
}

const COMPRESS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;

const REASONS: Record<number, string> = { 200: "OK", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed" };

const EARLY_HINTS = { link: "</v1/Services>; rel=preconnect" };

function reply(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  response: ProviderResponse,
  requestId: string,
  delivery: Delivery,
): void {
  let payload = Buffer.from(
    response.raw !== undefined ? response.raw : response.body === undefined ? "" : JSON.stringify(response.body),
  );
  const headers: Record<string, string | number> = { "twilio-request-id": requestId, ...response.headers };
  const coding = delivery.coding ?? (delivery.gzip ? "gzip" : undefined);
  if (delivery.forcedCoding && payload.length) {
    payload = COMPRESS[delivery.forcedCoding](payload);
    headers["content-encoding"] = delivery.forcedCoding;
  } else if (coding) {
    headers.vary = "Accept-Encoding";
    if (payload.length && acceptsCoding(req.headers["accept-encoding"], coding)) {
      payload = COMPRESS[coding](payload);
      headers["content-encoding"] = coding;
    }
  }
  if (delivery.falseCoding) headers["content-encoding"] = delivery.falseCoding;
  if (delivery.http10) {
    replyHttp10(req, res, response.status, headers, payload);
    return;
  }
  const framing = delivery.framing ?? "length";
  if (framing === "length") headers["content-length"] = payload.length + (delivery.lengthOffBy ?? 0);
  if (delivery.cutBodyAt !== undefined && req.method !== "HEAD") {
    // Headers and the start of the body, then the connection ends: the body never arrives whole.
    headers["content-length"] = payload.length;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.writeHead(response.status);
    res.write(payload.subarray(0, delivery.cutBodyAt), () => res.destroy());
    return;
  }
  if (framing === "close") headers.connection = "close";
  if (delivery.earlyHints) res.writeEarlyHints(EARLY_HINTS);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (framing === "close") {
    // Without either header Node marks the body's end by closing the connection (HTTP/1.1 §6.3, rule 8).
    res.removeHeader("content-length");
    res.removeHeader("transfer-encoding");
  }
  res.writeHead(response.status);
  // Written apart from end(), a body with no Content-Length goes out chunked (or close-delimited, above).
  if (framing === "length" && delivery.lengthOffBy) {
    // Node refuses to send more or fewer bytes than Content-Length says: the bytes go past it, on the socket.
    res.flushHeaders();
    req.socket.end(req.method === "HEAD" ? Buffer.alloc(0) : payload);
  } else if (framing === "length") res.end(payload);
  else {
    if (payload.length) res.write(payload);
    res.end();
  }
}

/** An HTTP/1.0 answer written on the socket itself (Node's ServerResponse speaks 1.1): Content-Length, then close. */
function replyHttp10(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  payload: Buffer,
): void {
  const lines = Object.entries({ ...headers, "content-length": payload.length, connection: "close" }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  const head = Buffer.from(`HTTP/1.0 ${status} ${REASONS[status] ?? "Status"}\r\n${lines.join("")}\r\n`, "latin1");
  res.detachSocket(req.socket);
  req.socket.end(req.method === "HEAD" ? head : Buffer.concat([head, payload]));
}

/** A complete HTTP/1.1 error answer with a Twilio body, for sockets no ServerResponse is writing to. */
function rawError(name: ProviderErrorName, message?: string, extra: Record<string, string> = {}): string {
  const row = PROVIDER_ERRORS[name];
  const body: TwilioError = providerError(name, message);
  const text = JSON.stringify(body);
  const headers = {
    "content-type": JSON_TYPE,
    "content-length": String(Buffer.byteLength(text)),
    connection: "close",
    ...extra,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${row.status} ${row.reason}\r\n${lines.join("")}\r\n${text}`;
}

/** Answers on a bare socket and closes it, without waiting forever for the peer to close its side. */
function answerAndClose(socket: Duplex, response: string): void {
  socket.end(response);
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}

/** A method token and a space: a request in a method Node's parser does not know, rather than noise. */
const UNKNOWN_METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ /;

/** What to answer a request Node's parser refused, by the parser's error code: a whole HTTP response. */
export function parserError(error: Error & { code?: string; rawPacket?: Buffer }): string {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return rawError("headersTooLarge");
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return rawError("payloadTooLarge", "The chunk extensions are too large");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return rawError("requestTimeout");
    case "HPE_INVALID_METHOD":
      if (error.rawPacket && UNKNOWN_METHOD.test(error.rawPacket.toString("latin1")))
        return rawError("methodNotAllowed", undefined, { allow: ALLOWED_METHODS });
      break;
  }
  return rawError("badRequest", `The request is not valid HTTP/1.1 (${error.code ?? "unparsable"})`);
}

/** The reference provider as a server, not yet listening. */
export function createProvider(options: ProviderOptions): http.Server {
  const { fixtures, mutation = {} } = options;
  const store = seedStore(fixtures);
  const nextRequestId = requestIds();
  /** The response each socket is writing, so a parser error on it never cuts into an answer under way. */
  const inFlight = new WeakMap<Socket, http.ServerResponse>();
  const allParticipants = () => store.all();
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    inFlight.set(req.socket, res);
    res.on("close", () => inFlight.get(req.socket) === res && inFlight.delete(req.socket));
    const target = req.url ?? "/";
    const asked = pathnameOf(target);
    const path = mutation.path?.(asked, { method: req.method ?? "GET", target, headers: req.headers }) ?? asked;
    const route = routeOf(path);
    const requested = route === "participant" ? parseParticipantPath(path) : undefined;
    const authorization = req.headers.authorization;
    const credentials = parseBasic(authorization);
    const context: RequestContext = {
      method: req.method ?? "GET",
      target,
      path,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      connection: req.socket,
      baseUrl: baseUrlOf(req),
      route,
      requested,
      wellFormed: requested !== undefined && isValid("pathParams", pathParamsOf(requested)),
      ...(authorization !== undefined ? { authorization } : {}),
      ...(credentials ? { credentials } : {}),
      auth: { kind: "none" },
      fixtures,
      allParticipants,
    };
    Promise.resolve()
      .then(() => answer(req, context, store, mutation))
      .then((response) => (mutation.respond ? mutation.respond(response, context) : response))
      .catch(() => errorAnswer("internal"))
      .then(async (response) => {
        const delivery = mutation.deliver?.(response, context) ?? {};
        if (delivery.delayMs) await new Promise((resolve) => setTimeout(resolve, delivery.delayMs));
        if (!res.destroyed) reply(req, res, response, nextRequestId(), delivery);
      })
      .catch(() => res.destroy());
  });
  server.on("clientError", (error: Error & { code?: string }, socket: Socket) => {
    const busy = inFlight.get(socket)?.headersSent ?? false;
    if (error.code === "ECONNRESET" || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    answerAndClose(socket, parserError(error));
  });
  // Without these listeners Node drops a CONNECT without a word and answers an odd Expect with a bare 417.
  server.on("connect", (_req: http.IncomingMessage, socket: Duplex) => {
    answerAndClose(socket, rawError("methodNotAllowed", "CONNECT is not supported", { allow: ALLOWED_METHODS }));
  });
  server.on("checkExpectation", (req: http.IncomingMessage, res: http.ServerResponse) => {
    // Whatever the request was going to reply next would be read as another request: close instead.
    reply(req, res, errorAnswer("expectationFailed", undefined, { connection: "close" }), nextRequestId(), {});
  });
  return server;
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
