/**
 * CORS kept as promised. CORS headers are optional (an implementation with no browser
 * audience sends none), but once an implementation tells a browser that a page of some
 * origin may call it, it keeps that promise: the preflight (an OPTIONS a browser sends
 * without credentials, Fetch standard §4.8) answers 2xx and admits the origin, and every
 * answer to a request from that origin admits it too, errors included, or the page is
 * left with an opaque network error where the API answered 401 or 404.
 */
import type { Finding } from "../core/findings.js";
import { type HttpResponse, headerList } from "../net/reader.js";

const ALLOW_ORIGIN = "access-control-allow-origin";

/**
 * Whether an answer lets a page of `origin` read it: Access-Control-Allow-Origin is `*` or
 * that origin exactly (the Fetch standard's CORS check compares bytes: no list, no case folding).
 */
export function admitsOrigin(response: HttpResponse | undefined, origin: string): boolean {
  const value = response?.headers[ALLOW_ORIGIN]?.trim();
  return value === "*" || value === origin;
}

/**
 * The preflight from `origin`, and `answer`, an answer to a request from that origin: when
 * either admits the origin, the preflight must be 2xx and admit it too. A preflight that
 * asks for credentials (401) is a refusal to a browser, which never sends them on one.
 */
export function judgePreflight(preflight: HttpResponse, origin: string, answer?: HttpResponse): Finding[] {
  const promised = admitsOrigin(preflight, origin) || admitsOrigin(answer, origin);
  if (!promised) return [];
  const findings: Finding[] = [...judgeAllowHeaders(preflight, origin)];
  if (preflight.status < 200 || preflight.status > 299)
    findings.push({
      kind: "status",
      field: "status",
      rule: `must be 2xx on a preflight from ${origin}, which the implementation allows: a browser sends a preflight without credentials and takes any other status for a refusal`,
      actual: preflight.status,
      expected: { keyword: "preflight", value: "2xx" },
    });
  if (!admitsOrigin(preflight, origin))
    findings.push(allowOriginFinding(preflight, origin, "the implementation's answers to that origin do"));
  return findings;
}

/**
 * The preflight (2xx, admitting the origin) of a request that sends Authorization (every request of this API) must list
 * it in Access-Control-Allow-Headers by name: the Fetch standard's `*` covers every header
 * but Authorization, so a browser is refused the request otherwise.
 */
function judgeAllowHeaders(preflight: HttpResponse, origin: string): Finding[] {
  // A preflight that does not admit the origin already fails on that; one cause at a time.
  if (preflight.status < 200 || preflight.status > 299 || !admitsOrigin(preflight, origin)) return [];
  const value = preflight.headers["access-control-allow-headers"];
  if (headerList(value).includes("authorization")) return [];
  return [
    {
      kind: "header",
      field: "access-control-allow-headers",
      rule: "must name Authorization on a preflight that allows the origin: the browser's request carries the credentials there, and * does not cover Authorization (Fetch standard §3.2.5)",
      ...(value !== undefined ? { actual: value } : {}),
      expected: { keyword: "allowsHeader", value: "authorization" },
    },
  ];
}

/**
 * An answer that admits one origin by name (not `*`) varies by Origin and must say so in
 * Vary (unless no cache may keep it): a cached copy admitting one page's origin is otherwise
 * handed to a page of another, which the browser then refuses.
 */
function judgeVaryOrigin(answer: HttpResponse, origin: string): Finding[] {
  if (answer.headers[ALLOW_ORIGIN]?.trim() !== origin) return [];
  if (headerList(answer.headers["cache-control"]).includes("no-store")) return [];
  const names = headerList(answer.headers.vary);
  if (names.includes("origin") || names.includes("*")) return [];
  return [
    {
      kind: "header",
      field: "vary",
      rule: "must name Origin when Access-Control-Allow-Origin names the request's origin: a cache would hand this answer to a page of another origin, which its browser then refuses",
      ...(answer.headers.vary !== undefined ? { actual: answer.headers.vary } : {}),
      expected: { keyword: "varies", value: "origin" },
    },
  ];
}

/** An answer to a request from `origin`: when the preflight admitted the origin, the answer admits it too, and says it varies by it. */
export function judgeCorsAnswer(answer: HttpResponse, origin: string, preflight: HttpResponse | undefined): Finding[] {
  const vary = judgeVaryOrigin(answer, origin);
  if (!admitsOrigin(preflight, origin) || admitsOrigin(answer, origin)) return vary;
  return [allowOriginFinding(answer, origin, "the preflight did"), ...vary];
}

function allowOriginFinding(response: HttpResponse, origin: string, because: string): Finding {
  const value = response.headers[ALLOW_ORIGIN];
  return {
    kind: "header",
    field: ALLOW_ORIGIN,
    rule: `must admit ${origin} (* or the origin itself), as ${because}: a browser allowed to call the API is otherwise refused the answer`,
    ...(value !== undefined ? { actual: value } : {}),
    expected: { keyword: "admitsOrigin", value: origin },
  };
}
