/**
 * What a provider answered, kept as evidence on a check: the status, the headers a reader
 * needs to see what went wrong, and the body as text. Nothing is cut or escaped here:
 * redaction comes first (the command redacts the report as data), then the reporters make
 * the text inert and shorten it.
 */
import type { Evidence } from "../core/findings.js";
import type { HttpResponse } from "../net/reader.js";

/** The headers that explain an answer; others (dates, servers, cookies) stay out of reports. */
export const EVIDENCE_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "www-authenticate",
  "retry-after",
  "location",
  "etag",
  "cache-control",
  "vary",
] as const;

const text = new TextDecoder("utf-8");

export function evidenceOf(response: HttpResponse): Evidence {
  const headers: Record<string, string> = {};
  for (const name of EVIDENCE_HEADERS) {
    const value = response.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return { status: response.status, headers, body: text.decode(response.body), truncated: response.truncated };
}
