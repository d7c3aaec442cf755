/**
 * HTTP Archive files (HAR 1.2: what browsers' developer tools, mitmproxy, Charles and
 * Playwright record), read for `participant-contract check`: a bounded read of a regular
 * file, JSON, the shape checked by the generated validator of schemas/har.schema.json,
 * then each entry's answer as the one reader would have read it (the body decoded from
 * base64 and from its Content-Encoding within the same cap), or the reason it cannot be.
 * The credentials a file holds are handed back, so the command never prints them.
 */
import { isBase64, parseBasic } from "../core/credentials.js";
import { EnvironmentError } from "../core/errors.js";
import type { HarFile } from "../core/types.generated.js";
import { validate } from "../schema/validate.js";
import { readRegularFile } from "./fixtures.js";
import { decodeBody, decodedCoding, type HttpResponse } from "./reader.js";
import { type Secret, secretsOfUrl } from "./redact.js";

/** The longest credential read from a HAR file: Node's own limit on all of a request's headers (16 KiB). */
export const MAX_CREDENTIAL_CHARS = 16 * 1024;

/** Browsers' HARs of a long session run to tens of MiB; past this, a file is not read. */
export const MAX_HAR_BYTES = 64 * 1024 * 1024;

type HarEntry = HarFile["log"]["entries"][number];
type HarHeader = HarEntry["request"]["headers"][number];

export interface HarExchange {
  /** Its place in the file's log.entries, from 0. */
  index: number;
  startedDateTime: string;
  method: string;
  /** scheme://host:port of the request's URL, without userinfo. */
  origin: string;
  /** The path as sent, with any query (no fragment), read from the URL as a string. */
  path: string;
  /** The request's Authorization header: a secret, never printed. */
  authorization?: string;
  /** The answer as the reader would have read it, or why it cannot be judged (the answer's status kept). */
  response: HttpResponse | { unjudgeable: string; status: number };
}

/** The credential in an Authorization value, in every form the redactor must know: the value, what follows the scheme, a Basic pair. */
export function authorizationSecrets(value: string | undefined): Secret[] {
  const whole = value?.trim();
  if (!whole) return [];
  // What follows the scheme and its blanks (found by a loop: a lazy regex is quadratic over a long run of blanks).
  const blank = whole.search(/\s/);
  const credential = blank < 0 ? "" : whole.slice(blank).trimStart();
  const pair = parseBasic(value);
  return [whole, ...(credential ? [credential] : []), ...(pair ? [pair] : [])];
}

const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)(?:[^/?#@]*@)?([^/?#]*)([^#]*)/;

/** Origin and path of a recorded URL, as strings: a parser would repair what the exact form shows. */
export function splitUrl(url: string): { origin: string; path: string } {
  const match = URL_PARTS.exec(url);
  if (!match) return { origin: "", path: url.split("#")[0] ?? "" };
  const [, scheme = "", host = "", rest = ""] = match;
  return { origin: `${scheme.toLowerCase()}${host}`, path: rest || "/" };
}

/** Lower-cased names, repeated headers joined with ", ", as the reader gives them; HTTP/2 pseudo-headers left out. */
function headerRecord(headers: readonly HarHeader[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    if (key.startsWith(":")) continue;
    record[key] = record[key] === undefined ? value : `${record[key]}, ${value}`;
  }
  return record;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Whether recorded bytes are still in their Content-Encoding. HAR 1.2 keeps the decoded
 * body, and most tools do, yet some keep the bytes as they came (base64): gzip and zlib
 * say so in their first bytes; brotli has no signature, but is never UTF-8 text, which a
 * decoded JSON body is.
 */
function stillEncoded(bytes: Buffer, coding: string): boolean {
  const [b0 = 0, b1 = 0] = bytes;
  if (coding === "gzip" || coding === "x-gzip") return b0 === 0x1f && b1 === 0x8b;
  if (coding === "deflate") return (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
  try {
    utf8.decode(bytes);
    return false;
  } catch {
    return true;
  }
}

async function answerOf(entry: HarEntry, maxBodyBytes: number): Promise<HarExchange["response"]> {
  const { status, content } = entry.response;
  if (status === 0) return { unjudgeable: "the file records no answer (status 0)", status };
  if (content.text === undefined) return { unjudgeable: "the file holds no body for this answer", status };
  const headers = headerRecord(entry.response.headers);
  const encoding = content.encoding ?? "";
  let bytes: Buffer;
  if (encoding === "base64") {
    const text = content.text.replace(/\s+/g, "");
    if (!isBase64(text, true)) return { unjudgeable: "its body is marked base64 but is not", status };
    bytes = Buffer.from(text, "base64");
  } else if (encoding === "") bytes = Buffer.from(content.text, "utf8");
  else
    return { unjudgeable: `its body's encoding ${JSON.stringify(encoding)} is not one HAR defines (base64)`, status };
  const coding = decodedCoding(headers["content-encoding"]);
  const encoded = encoding === "base64" && coding !== undefined && stillEncoded(bytes, coding);
  const body = await decodeBody(bytes, encoded ? coding : undefined, maxBodyBytes);
  if ("undecodable" in body)
    return { unjudgeable: `its body is not in the coding its Content-Encoding names (${body.undecodable})`, status };
  return { status, headers, body: body.body, truncated: body.truncated, ...(encoded ? { decoded: coding } : {}) };
}

export interface HarRead {
  /** Every entry, in the file's order. */
  entries: HarEntry[];
  /** Every credential the file holds (Authorization values, userinfo in URLs): for the redactor, before anything is printed. */
  secrets: Secret[];
}

/** A file's entries and its secrets; one line naming the file and the cause when it is no HAR. */
export function readHar(path: string): HarRead {
  const text = readRegularFile(path, "HAR file", MAX_HAR_BYTES);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Only the position: V8's message quotes the text around the error, which may be a credential.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new EnvironmentError(
      `HAR file ${path} is not JSON${position ? ` (syntax error at position ${position})` : ""}`,
    );
  }
  const first = validate("har", data)[0];
  // The field and the rule, never the value: it may be a header's.
  if (first) throw new EnvironmentError(`HAR file ${path} is not HAR 1.2: ${first.field}: ${first.rule}`);
  const entries = (data as HarFile).log.entries;
  const secrets: Secret[] = [];
  for (const [index, entry] of entries.entries()) {
    const found = [
      ...secretsOfUrl(entry.request.url),
      ...entry.request.headers
        .filter((h) => /^(proxy-)?authorization$/i.test(h.name))
        .flatMap((h) => authorizationSecrets(h.value)),
    ];
    // Longer than any server takes in its headers: no credential, and each would cost the redactor its length again.
    const long = found.some((secret) =>
      typeof secret === "string"
        ? secret.length > MAX_CREDENTIAL_CHARS
        : secret.password.length + secret.username.length > MAX_CREDENTIAL_CHARS,
    );
    if (long)
      throw new EnvironmentError(
        `HAR file ${path}: log.entries[${index}].request holds a credential of more than ${MAX_CREDENTIAL_CHARS} characters (no HTTP server takes headers that long)`,
      );
    secrets.push(...found);
  }
  return { entries, secrets };
}

/** An entry as an exchange to judge: its request as sent and its answer as the reader would have read it. */
export async function harExchange(entry: HarEntry, index: number, maxBodyBytes: number): Promise<HarExchange> {
  const { origin, path } = splitUrl(entry.request.url);
  const authorization = entry.request.headers.find((h) => h.name.toLowerCase() === "authorization")?.value;
  return {
    index,
    startedDateTime: entry.startedDateTime,
    method: entry.request.method,
    origin,
    path,
    ...(authorization !== undefined ? { authorization } : {}),
    response: await answerOf(entry, maxBodyBytes),
  };
}
