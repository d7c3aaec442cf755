/**
 * The leak invariant: an answer that is not the participant (a 401, a 404, a redirect, any
 * error) tells nothing of it. No header and no body holds what the request did not itself
 * carry (as it is, percent-encoded or JSON-escaped): the owning account's SID, a
 * participant's identifier, proxy identifier or friendly name, or a SID of the fixtures'
 * participants. A value the request carried (in
 * its path, its query, a header, its Basic credentials) may come back: a 404 that names
 * the path it could not find says nothing new.
 */
import type { Finding } from "../core/findings.js";
import type { HttpRequest, HttpResponse } from "../net/reader.js";

/** One thing an answer must not tell: what it is, in words, and its value. */
export interface Known {
  /** `the phone participant's identifier` */
  what: string;
  value: string;
}

/**
 * Values shorter than this are not looked for: a friendly name of "Bob" or an identifier
 * of a few digits turns up in ordinary text by chance, and a finding must mean a leak.
 */
export const LEAK_MIN_LENGTH = 6;

/** Statuses whose answers are the participant (or its validation): the leak invariant is not theirs to keep. */
function isParticipantAnswer(status: number): boolean {
  return (status >= 200 && status < 300) || status === 304;
}

/**
 * The forms a value takes in a header or a body: as it is, percent-encoded (a Location, a
 * query) and JSON-escaped (a body's string: `\u00e9`, `\/`, as JSON.stringify and PHP's
 * json_encode write it). SIDs are compared in the case the fixtures give.
 */
function formsOf(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const ascii = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [...new Set([value, encodeURIComponent(value), json, ascii, ascii.replace(/\//g, "\\/")])];
}

const EXCERPT = 24;
const leak = { keyword: "leak" };

/** The value in its surroundings, a few characters each side: enough to see where it sits. */
function excerpt(text: string, at: number, length: number): string {
  const start = Math.max(0, at - EXCERPT);
  const end = Math.min(text.length, at + length + EXCERPT);
  return `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`;
}

/**
 * Findings for every known value an answer that is not the participant holds and its
 * request did not carry. `carriedBy` is everything the request sent (target, header values,
 * its Basic username and password), as text, or how to work it out.
 */
export function judgeLeak(
  response: HttpResponse,
  known: readonly Known[],
  carriedBy: string | (() => string),
): Finding[] {
  if (isParticipantAnswer(response.status)) return [];
  // Worked out only for an answer that needs it: most answers are the participant.
  const carried = typeof carriedBy === "string" ? carriedBy : carriedBy();
  const findings: Finding[] = [];
  const body = response.body.toString("utf8");
  for (const { what, value } of known) {
    if (value.length < LEAK_MIN_LENGTH || carried.includes(value)) continue;
    const rule = `must not hold ${what}, which the request did not carry: an answer that is not the participant tells nothing of it`;
    for (const form of formsOf(value)) {
      for (const [name, header] of Object.entries(response.headers)) {
        const at = header.indexOf(form);
        if (at >= 0)
          findings.push({
            kind: "header",
            field: name,
            rule,
            actual: excerpt(header, at, form.length),
            expected: leak,
          });
      }
      const at = body.indexOf(form);
      if (at >= 0)
        findings.push({ kind: "body", field: "(body)", rule, actual: excerpt(body, at, form.length), expected: leak });
    }
  }
  return findings;
}

/** Runs of base64 long enough to hold a credential: a Basic header, a cookie, a token in a query. */
const BASE64_RUN = /[A-Za-z0-9+/]{8,}={0,2}/g;

function decoded(text: string): string[] {
  const out: string[] = [];
  try {
    out.push(decodeURIComponent(text));
  } catch {
    // Not percent-encoded as a whole: the text as it is will do.
  }
  // The request is the suite's own, never others' text: this scan's size follows our own request.
  for (const run of text.match(BASE64_RUN) ?? []) out.push(Buffer.from(run, "base64").toString("utf8"));
  return out;
}

/**
 * Everything a request carried, as one text to look values up in: its URL, every header
 * value, and what their percent-encoding and base64 (a Basic header, a cookie, a token in
 * the query) hold.
 */
export function carriedBy(request: Pick<HttpRequest, "url" | "headers">): string {
  const parts = [request.url, ...Object.values(request.headers ?? {})];
  return [...parts, ...parts.flatMap(decoded)].join("\n");
}
