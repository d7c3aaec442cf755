/**
 * How the verifier reads an HTTP answer, whoever it asks (the implementation under test,
 * its state setup endpoint, a Pact Broker, or the implementation on the pact verifier's
 * behalf; the typed client uses fetch, as a consumer would): node:http with a timer that fires, a cap on the body counted
 * after decoding (gzip, deflate, br), and no redirect followed. Every failure to get
 * an answer is a NoAnswerError whose cause is data (`kind`), described in one place; an
 * answer that began (its status line arrived) but broke HTTP on the way is a
 * BrokenAnswerError, which the live checks turn into a finding: the provider answered.
 */
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { EnvironmentError, localLimit } from "../core/errors.js";

export interface HttpRequest {
  method: string;
  url: string;
  /** Sent as given; `host`, `content-length` and `connection` are set here. */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, from connecting to the last byte of the body, must fit in this. */
  timeoutMs: number;
  /** Decoded body bytes kept; reading stops past this and the answer is marked truncated. */
  maxBodyBytes: number;
  /**
   * A keep-alive agent (see connectionAgent) to send on a connection it keeps open; without
   * one, a fresh connection per request, closed after the answer.
   */
  agent?: http.Agent;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", " (set-cookie too: we only read). */
  headers: Record<string, string>;
  /** The decoded body, at most maxBodyBytes. */
  body: Buffer;
  /** The body was larger than maxBodyBytes (after decoding) and reading stopped. */
  truncated: boolean;
  /** The Content-Encoding that was decoded, if any. */
  decoded?: string;
}

/** Why no answer came: data, so callers decide without reading messages. */
export type TransportFailureKind =
  | "refused"
  | "unknown-host"
  | "reset"
  | "timeout"
  | "not-http"
  | "bad-encoding"
  | "tls"
  /** An answer began (a status line arrived) but broke HTTP: framing, content coding, a cut body. */
  | "broken"
  /** A limit of this machine (open files, memory, local ports): nobody else's doing. */
  | "local"
  | "other";

/** A request that got no usable answer. The message names the origin and the cause, never credentials. */
export class NoAnswerError extends EnvironmentError {
  constructor(
    readonly kind: TransportFailureKind,
    /** The origin asked (scheme://host:port), without userinfo. */
    readonly origin: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A provider that answered but broke HTTP on the way: `field` is what broke (the header
 * whose promise the bytes did not keep, `(status line)`, or `(body)`), `rule` says what
 * should have held. Still a NoAnswerError for callers that need a whole answer (a broker,
 * a state endpoint); the live checks make it a finding of kind "http".
 */
export class BrokenAnswerError extends NoAnswerError {
  constructor(
    origin: string,
    message: string,
    readonly field: string,
    readonly rule: string,
    readonly code: string,
  ) {
    super("broken", origin, message);
  }
}

/** What an error code says broke, once an answer began: the subject and the rule it broke. */
function brokenPart(code: string, responded: boolean): { field: string; rule: string } {
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" || code === "ERR_PADDING_1" || code.startsWith("ERR__ERROR"))
    return { field: "content-encoding", rule: "must name the coding the body is in: the body does not decode" };
  if (code === "HPE_INVALID_CHUNK_SIZE" || code === "HPE_INVALID_TRANSFER_ENCODING" || code === "HPE_STRICT")
    return { field: "transfer-encoding", rule: "the chunked body must be framed as RFC 9112 §7.1 says" };
  if (code === "HPE_INVALID_CONTENT_LENGTH" || code === "HPE_UNEXPECTED_CONTENT_LENGTH")
    return { field: "content-length", rule: "must be one decimal number, and not beside Transfer-Encoding" };
  if ((code === "ECONNRESET" || code === "EPIPE") && responded)
    return { field: "(body)", rule: "must arrive whole: the connection closed before the body's end" };
  if (responded)
    return {
      field: "content-length",
      rule: "must count the body's bytes: more bytes followed the body than it announced",
    };
  return { field: "(status line)", rule: "must be a valid HTTP/1.x status line and headers" };
}

/** Which node error codes mean what. */
const KIND_OF_CODE: Record<string, TransportFailureKind> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "unknown-host",
  EAI_AGAIN: "unknown-host",
  ECONNRESET: "reset",
  EPIPE: "reset",
  ETIMEDOUT: "timeout",
  Z_DATA_ERROR: "bad-encoding",
  Z_BUF_ERROR: "bad-encoding",
  ERR_PADDING_1: "bad-encoding",
  // What a TLS client reads when the server answers in plain text (an http server behind an https URL).
  EPROTO: "tls",
};

/** The TLS failures that mean the other side does not speak TLS at all: most often plain HTTP behind https://. */
const NOT_TLS_CODES = new Set(["EPROTO", "ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG"]);

/** The one description of a failure to get an answer, for every caller. */
export function describeFailure(kind: TransportFailureKind, what: string, timeoutMs: number, code = ""): string {
  switch (kind) {
    case "refused":
      return `cannot reach ${what}: connection refused`;
    case "unknown-host":
      return `cannot reach ${what}: unknown host`;
    case "reset":
      return `${what} closed the connection before answering in full`;
    case "timeout":
      return `${what} did not answer within ${timeoutMs} ms`;
    case "not-http":
      return `${what} did not answer in HTTP${code ? ` (${code})` : ""}`;
    case "bad-encoding":
      return `${what} sent a body its Content-Encoding cannot decode`;
    case "tls":
      return NOT_TLS_CODES.has(code)
        ? `cannot reach ${what}: TLS failed (${code}): it does not answer in TLS; if it serves plain HTTP, use http://`
        : `cannot reach ${what}: TLS failed${code ? ` (${code})` : ""}`;
    case "broken":
      return `${what} answered but broke HTTP${code ? ` (${code})` : ""}`;
    case "local":
      return `cannot reach ${what}: ${localLimit({ code }) ?? `a limit of this machine (${code})`}`;
    default:
      return `request to ${what} failed${code ? `: ${code}` : ""}`;
  }
}

function failureKindOf(error: unknown): { kind: TransportFailureKind; code: string } {
  const e = error as { code?: string; errors?: { code?: string }[] };
  // Node reports a refused dual-stack connect as an AggregateError whose code sits on its members.
  const code = e?.code ?? e?.errors?.[0]?.code ?? "";
  if (KIND_OF_CODE[code]) return { kind: KIND_OF_CODE[code], code };
  // A limit of this machine (core/errors.ts names them): the run's, never the provider's.
  if (localLimit({ code })) return { kind: "local", code };
  if (code.startsWith("HPE_")) return { kind: "not-http", code };
  if (code.startsWith("ERR_TLS") || code.includes("CERT") || code.startsWith("ERR_SSL")) return { kind: "tls", code };
  return { kind: "other", code: /^[A-Z0-9_]+$/.test(code) ? code : "" };
}

/** The start of every HTTP/1.x status line: received bytes that begin so are an answer. */
const STATUS_LINE_START = Buffer.from("HTTP/");

function looksLikeStatusLine(first: Buffer | undefined): boolean {
  if (!first?.length) return false;
  const n = Math.min(first.length, STATUS_LINE_START.length);
  return first.subarray(0, n).equals(STATUS_LINE_START.subarray(0, n));
}

/**
 * An agent that keeps one connection open and sends every request on it, one at a time
 * (PITFALLS: keepAlive with maxSockets 1): for checks that judge a reused connection; with
 * `sockets`, a pool of that many kept-alive connections, as an SDK's agent keeps them.
 * The caller destroys it when done; if the provider closes the connection, the next
 * request opens another, as any client would.
 */
export function connectionAgent(url: string, sockets = 1): http.Agent {
  const options = { keepAlive: true, maxSockets: sockets };
  return url.startsWith("https:") ? new https.Agent(options) : new http.Agent(options);
}

/** scheme://host:port of a URL, never its userinfo. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(an invalid URL)";
  }
}

function decoderFor(encoding: string | undefined): { stream?: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress } {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return { stream: zlib.createGunzip() };
    case "deflate":
      return { stream: zlib.createInflate() };
    case "br":
      return { stream: zlib.createBrotliDecompress() };
    default:
      return {};
  }
}

function headersOf(res: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/**
 * Sends one request and reads its answer within `timeoutMs`. Never throws for an HTTP
 * status; throws a NoAnswerError when no answer (or no whole answer) came in time.
 * `what` names the other side in messages ("the provider at http://…").
 */
export function send(request: HttpRequest, what = `the server at ${originOf(request.url)}`): Promise<HttpResponse> {
  const origin = originOf(request.url);
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      reject(new NoAnswerError("other", origin, `${what}: ${JSON.stringify(request.url)} is not a URL`));
      return;
    }
    const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
    if (!client) {
      reject(new NoAnswerError("other", origin, `${what}: only http and https are supported`));
      return;
    }
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    /** The status line and headers were parsed: whatever breaks now, the provider did answer. */
    let responded = false;
    /** The first bytes this request's answer brought, to tell a broken answer from no answer. */
    let firstBytes: Buffer | undefined;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      const { kind, code } = failureKindOf(error);
      const answered = responded || looksLikeStatusLine(firstBytes) || kind === "bad-encoding";
      if (kind !== "timeout" && answered) {
        const { field, rule } = brokenPart(code, responded);
        reject(
          new BrokenAnswerError(origin, describeFailure("broken", what, request.timeoutMs, code), field, rule, code),
        );
        return;
      }
      reject(new NoAnswerError(kind, origin, describeFailure(kind, what, request.timeoutMs, code)));
    };
    const headers: Record<string, string> = { ...request.headers };
    if (!request.agent) headers.connection = "close";
    if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
    let req: http.ClientRequest;
    try {
      req = client.request(url, {
        method: request.method,
        headers,
        // A fresh connection each time unless the caller holds one open on purpose: nothing
        // lingers after a run, and a provider's keep-alive cannot stall us.
        agent: request.agent ?? false,
        // Userinfo in the URL is not sent as credentials: callers set Authorization themselves.
        auth: null,
      } as http.RequestOptions);
    } catch (error) {
      // Node refuses to send a header it cannot write (a character outside Latin-1): never the value in the message.
      const code = (error as { code?: string }).code ?? "";
      reject(new NoAnswerError("other", origin, describeFailure("other", what, request.timeoutMs, code)));
      return;
    }
    const timer = setTimeout(() => fail(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })), request.timeoutMs);
    req.on("error", fail);
    req.on("socket", (socket) => {
      // Before the parser's own listener, which may fail on this very chunk: it only looks.
      const look = (chunk: Buffer) => {
        firstBytes ??= chunk;
      };
      socket.prependOnceListener("data", look);
      req.once("close", () => socket.off("data", look));
    });
    req.on("response", (res) => {
      responded = true;
      const encoding = res.headers["content-encoding"];
      // A HEAD, 204 or 304 answer has no content whatever its headers say (RFC 9110 §6.4.1): nothing to decode.
      const bodiless = request.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304;
      const { stream: decoder } = bodiless ? {} : decoderFor(typeof encoding === "string" ? encoding : undefined);
      const body: Readable = decoder ? res.pipe(decoder) : res;
      const finish = (truncated: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: headersOf(res),
          body: Buffer.concat(chunks),
          truncated,
          ...(decoder && typeof encoding === "string" ? { decoded: encoding } : {}),
        });
        if (truncated) req.destroy();
      };
      body.on("data", (chunk: Buffer) => {
        if (settled) return;
        const room = request.maxBodyBytes - size;
        size += chunk.length;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          finish(true);
          decoder?.destroy();
          return;
        }
        chunks.push(chunk);
      });
      body.on("end", () => finish(false));
      body.on("error", fail);
      res.on("error", fail);
      // A body cut short by the server: 'aborted' then 'close' without 'end'.
      res.on("aborted", () => fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
    });
    req.end(request.body);
  });
}

// --- Recorded and relayed answers (check, proxy) ----------------------------------------

/** Decoded body bytes, kept up to a cap: what send() keeps, for bodies that do not come through send(). */
function capped(maxBytes: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  return {
    /** Keeps what fits; false once the cap is passed (the rest is not wanted). */
    add(chunk: Buffer): boolean {
      if (truncated) return false;
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = maxBytes;
        truncated = true;
        return false;
      }
      chunks.push(chunk);
      size += chunk.length;
      return true;
    },
    get body() {
      return Buffer.concat(chunks, size);
    },
    get truncated() {
      return truncated;
    },
  };
}

/**
 * The members of a comma-separated header (RFC 9110 §5.6.1), trimmed and lower-cased, empty
 * ones dropped: Vary, Cache-Control, Content-Encoding, Access-Control-Allow-Headers. A
 * quoted comma inside a parameter is not a concern of the headers read this way.
 */
export function headerList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Whether an Accept-Encoding header accepts a content coding: named (or `*` when it is not
 * named) with a q above 0 (RFC 9110 §12.5.3). No header (undefined) accepts none: the
 * suite's choice, not the RFC's (which lets a server pick any coding then), since curl, the
 * reference's own example, sends none and prints a compressed body as raw bytes.
 */
export function acceptsCoding(header: string | undefined, coding: string): boolean {
  const weights = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name = "", ...parameters] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = parameters.find((p) => p.startsWith("q="));
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const weight = weights.get(coding) ?? (coding === "gzip" ? weights.get("x-gzip") : undefined) ?? weights.get("*");
  return weight !== undefined && weight > 0;
}

/** The Content-Encodings send() decodes; any other value leaves a body as it is, as send() does. */
export function decodedCoding(encoding: string | undefined): string | undefined {
  return decoderFor(encoding).stream ? (encoding ?? "").trim().toLowerCase() : undefined;
}

/**
 * A body that is already in hand (a recorded one), decoded per its Content-Encoding within
 * `maxBytes` as send() decodes a live one: at most maxBytes kept, `truncated` past them.
 * Answers `undecodable` when the bytes are not in the coding they claim.
 */
export function decodeBody(
  bytes: Buffer,
  encoding: string | undefined,
  maxBytes: number,
): Promise<{ body: Buffer; truncated: boolean } | { undecodable: string }> {
  const { stream: decoder } = decoderFor(encoding);
  const kept = capped(maxBytes);
  if (!decoder) {
    kept.add(bytes);
    return Promise.resolve({ body: kept.body, truncated: kept.truncated });
  }
  return new Promise((resolve) => {
    const done = () => resolve({ body: kept.body, truncated: kept.truncated });
    decoder.on("data", (chunk: Buffer) => {
      if (!kept.add(chunk)) {
        decoder.destroy();
        done();
      }
    });
    decoder.on("end", done);
    decoder.on("error", () => resolve({ undecodable: (encoding ?? "").trim() }));
    decoder.end(bytes);
  });
}

/** Where relay() passes an answer on: given its head, the stream its body bytes go to, as they came. */
export type RelayTarget = (status: number, statusMessage: string, rawHeaders: string[]) => NodeJS.WritableStream;

export interface RelayRequest {
  method: string;
  url: string;
  /** As message.rawHeaders lists them (name, value, name, value…): sent in this order, with this case. */
  rawHeaders: string[];
  /** The body to send, streamed as it comes (a client's request). */
  body?: NodeJS.ReadableStream;
  /** The whole exchange, from connecting to the last byte passed on, must fit in this. */
  timeoutMs: number;
  /** Decoded body bytes kept for judging; the body passed on is never cut. */
  maxBodyBytes: number;
  /**
   * The connection to use (a keep-alive agent of one socket), so that requests a client sends
   * on one connection reach the upstream on one connection too; without it, a fresh one.
   */
  agent?: http.Agent;
  /** The chunked body's trailer fields (name, value…), read once the body has ended: sent after it. */
  trailers?: () => readonly string[];
  /** Aborted when whoever asked has gone (a proxied client that left): the exchange stops at once. */
  signal?: AbortSignal;
}

/** No whole answer came through relay(); `passedOn` says whether the answer's head had already gone to the target. */
export class RelayError extends NoAnswerError {
  constructor(
    error: NoAnswerError,
    readonly passedOn: boolean,
  ) {
    super(error.kind, error.origin, error.message);
  }
}

/**
 * send()'s pass-through twin, for the traffic proxy: sends a request (headers in order,
 * the body streamed) and passes the answer on as it arrives, unchanged (status, headers,
 * body bytes as sent, still compressed), while decoding the body within maxBodyBytes for
 * judging. The same timer over the whole exchange, the caller's connection or a fresh one, no redirect followed
 * (a 3xx passes on as it is). Answers what send() would have read; rejects with a
 * RelayError when no whole answer came, or when its body is not in the coding it claims
 * (kind `bad-encoding`: the bytes were still passed on whole).
 */
export function relay(request: RelayRequest, target: RelayTarget, what = `the server at ${originOf(request.url)}`) {
  const origin = originOf(request.url);
  return new Promise<HttpResponse>((resolve, reject) => {
    let passedOn = false;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const failWith = (kind: TransportFailureKind, code = "") =>
      new RelayError(new NoAnswerError(kind, origin, describeFailure(kind, what, request.timeoutMs, code)), passedOn);
    let out: NodeJS.WritableStream | undefined;
    const fail = (error: unknown) =>
      settle(() => {
        req.destroy();
        // The answer was under way: the client sees it cut, as it was cut here.
        (out as { destroy?: () => void } | undefined)?.destroy?.();
        const { kind, code } = failureKindOf(error);
        reject(failWith(kind, code));
      });
    let url: URL;
    let req: http.ClientRequest;
    try {
      url = new URL(request.url);
      const client = url.protocol === "https:" ? https : http;
      req = client.request(url, {
        method: request.method,
        headers: request.rawHeaders,
        agent: request.agent ?? false,
        auth: null,
      } as unknown as http.RequestOptions);
    } catch (error) {
      reject(failWith("other", (error as { code?: string }).code ?? ""));
      return;
    }
    const timer = setTimeout(() => fail(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })), request.timeoutMs);
    req.on("error", fail);
    const abandoned = () => fail(Object.assign(new Error("abandoned"), { code: "ECANCELED" }));
    if (request.signal?.aborted) abandoned();
    request.signal?.addEventListener("abort", abandoned, { once: true });
    req.once("close", () => request.signal?.removeEventListener("abort", abandoned));
    req.on("response", (res) => {
      const encoding = res.headers["content-encoding"];
      const coding = typeof encoding === "string" ? encoding : undefined;
      const { stream: decoder } = decoderFor(coding);
      const kept = capped(request.maxBodyBytes);
      let rawEnded = false;
      let decoded = !decoder;
      let undecodable = false;
      const finish = () => {
        if (!rawEnded || !decoded) return;
        settle(() =>
          undecodable
            ? reject(failWith("bad-encoding"))
            : resolve({
                status: res.statusCode ?? 0,
                headers: headersOf(res),
                body: kept.body,
                truncated: kept.truncated,
                ...(decoder && coding ? { decoded: coding } : {}),
              }),
        );
      };
      out = target(res.statusCode ?? 0, res.statusMessage ?? "", res.rawHeaders);
      passedOn = true;
      res.pipe(out);
      if (decoder) {
        res.pipe(decoder);
        decoder.on("data", (chunk: Buffer) => {
          if (kept.add(chunk)) return;
          res.unpipe(decoder);
          decoder.destroy();
          decoded = true;
          finish();
        });
        decoder.on("end", () => {
          decoded = true;
          finish();
        });
        decoder.on("error", () => {
          undecodable = true;
          decoded = true;
          res.unpipe(decoder);
          finish();
        });
      } else res.on("data", (chunk: Buffer) => kept.add(chunk));
      res.on("end", () => {
        rawEnded = true;
        finish();
      });
      res.on("error", fail);
      res.on("aborted", () => fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
    });
    const { body, trailers } = request;
    if (!body) req.end();
    else if (!trailers) body.pipe(req);
    else {
      body.pipe(req, { end: false });
      body.once("end", () => {
        const fields = trailers();
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < fields.length; i += 2) pairs.push([fields[i] as string, fields[i + 1] as string]);
        if (pairs.length) req.addTrailers(pairs);
        req.end();
      });
    }
  });
}

/**
 * Retry-After in milliseconds from `now`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3);
 * undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names a weekday and GMT; Date.parse would also take "1" or "2024" as a date.
  if (!/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
