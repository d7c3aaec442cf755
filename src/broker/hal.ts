/**
 * The few HAL requests the verification flow makes, with the broker's auth, a deadline,
 * and every failure (unreachable, timeout, non-2xx, not JSON, too deep, a link to another
 * origin) as a one-line EnvironmentError.
 *
 * The broker's answers are others' data: a link may name any URL. The token goes only to
 * the broker's own origin (scheme, host and port of its base URL) and to the origins the
 * user allowed by name (never plain http when the broker is https); a link anywhere else
 * is refused before anything is sent there.
 */
import { EnvironmentError } from "../core/errors.js";
import { parseBoundedJson } from "../net/json-limits.js";
import { describeFailure, NoAnswerError, originOf, send } from "../net/reader.js";
import { printableUrl } from "../net/redact.js";
import { ALLOW_ORIGIN_FLAG, authorizationHeader, type BrokerSettings } from "./config.js";

export type HalDocument = Record<string, unknown> & { _links?: Record<string, HalLink | HalLink[] | undefined> };
export interface HalLink {
  href: string;
  name?: string;
  templated?: boolean;
}

/** Fills a templated href such as `/pacts/provider/{provider}/for-verification`. */
export function expandHref(href: string, values: Record<string, string>): string {
  return href.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : encodeURIComponent(values[name]),
  );
}

/** A link's href, checked: a broker's answer may hold anything where a link should be. */
export function linkHref(doc: HalDocument, relation: string, what: string): string {
  const links: unknown = doc._links;
  const link: unknown =
    links !== null && typeof links === "object" ? (links as Record<string, unknown>)[relation] : undefined;
  const first: unknown = Array.isArray(link) ? link[0] : link;
  const href: unknown = first !== null && typeof first === "object" ? (first as { href?: unknown }).href : undefined;
  if (href === undefined || href === "") throw new EnvironmentError(`${what} has no "${relation}" link`);
  if (typeof href !== "string") throw new EnvironmentError(`${what} has a "${relation}" link whose href is not text`);
  return href;
}

/**
 * The URL a broker's link names, resolved against the broker, if the broker's credentials
 * may go there: the broker's own origin, or one the user allowed. Anything else is refused
 * by name before a byte is sent.
 */
export function brokerTarget(settings: BrokerSettings, href: string): string {
  let url: URL;
  try {
    url = new URL(href, `${settings.baseUrl}/`);
  } catch {
    throw new EnvironmentError(`the Pact Broker linked to something that is not a URL: ${JSON.stringify(href)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new EnvironmentError(`the Pact Broker linked to a ${url.protocol} URL: only http and https are followed`);
  const home = originOf(settings.baseUrl);
  const origin = url.origin;
  if (origin === home) return url.href;
  if (settings.allowedOrigins?.includes(origin)) {
    // Checked when the flag is read too; here as well, for settings built elsewhere.
    if (home.startsWith("https:") && origin.startsWith("http:"))
      throw new EnvironmentError(
        `the Pact Broker linked to ${origin}: the token never goes over http when the broker is https`,
      );
    return url.href;
  }
  throw new EnvironmentError(
    `the Pact Broker at ${home} linked to another origin, ${origin}: refused, its token goes only to its own origin ` +
      `(allow that origin with ${ALLOW_ORIGIN_FLAG} ${origin} if it is the broker's own)`,
  );
}

/**
 * What a broker's error body says: brokers answer `{error: {message}}` or `{errors: …}`.
 * Never cut here: a cut before redaction could leave part of a secret that the redactor
 * no longer recognises. The shell redacts the line, then makes it inert, then shortens it.
 */
export function brokerReason(text: string): string {
  const parsed = parseBoundedJson(text, 16);
  if (!("value" in parsed) || parsed.value === null || typeof parsed.value !== "object") return "";
  const body = parsed.value as { error?: unknown; errors?: unknown };
  const error = body.error as { message?: unknown } | string | undefined;
  const reason =
    typeof error === "string"
      ? error
      : typeof error?.message === "string"
        ? error.message
        : body.errors !== undefined
          ? JSON.stringify(body.errors)
          : "";
  return reason ? `: ${reason}` : "";
}

/**
 * A broker request that failed, with what failed as data: the request (`METHOD URL`), and
 * the broker's status and own message when it answered, or why nothing came.
 */
export class BrokerRequestError extends EnvironmentError {
  constructor(
    message: string,
    readonly where: string,
    readonly answer: { status: number; reason: string } | { noAnswer: string },
  ) {
    super(message);
  }
}

/** A broker's answer is a HAL document; a pact in one is rarely over a megabyte. */
const MAX_BROKER_ANSWER = 16 * 1024 * 1024;

export async function halRequest(
  settings: BrokerSettings,
  method: "GET" | "POST" | "PUT",
  href: string,
  /** When the whole exchange with the broker must be over, and how long it was given (`ms`, for messages). */
  deadline: { at: number; ms: number },
  body?: unknown,
): Promise<HalDocument> {
  const url = brokerTarget(settings, href);
  const headers: Record<string, string> = { accept: "application/hal+json, application/json" };
  const authorization = authorizationHeader(settings);
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers["content-type"] = "application/json";
  const where = `${method} ${printableUrl(url)}`;
  let text: string;
  let status: number;
  try {
    const response = await send(
      {
        method,
        url,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: Math.max(1, deadline.at - Date.now()),
        maxBodyBytes: MAX_BROKER_ANSWER,
      },
      `the Pact Broker (${where})`,
    );
    if (response.truncated)
      throw new EnvironmentError(`Pact Broker answered ${where} with over ${MAX_BROKER_ANSWER} bytes`);
    text = response.body.toString("utf8");
    status = response.status;
  } catch (error) {
    if (error instanceof NoAnswerError) {
      // A request given what was left of the run's time is said against the whole time it had.
      const message =
        error.kind === "timeout"
          ? describeFailure("timeout", `the Pact Broker (${where})`, deadline.ms)
          : error.message;
      throw new BrokerRequestError(`Pact Broker unreachable: ${message}`, where, { noAnswer: message });
    }
    throw error;
  }
  if (status < 200 || status > 299) {
    const reason = brokerReason(text);
    throw new BrokerRequestError(`Pact Broker refused ${where}: HTTP ${status}${reason}`, where, { status, reason });
  }
  if (!text.trim()) return {};
  const parsed = parseBoundedJson(text);
  if ("problem" in parsed)
    throw new EnvironmentError(
      `Pact Broker answered ${where} with a body that is ${parsed.problem === "not JSON" ? "not JSON" : parsed.problem}`,
    );
  const doc = parsed.value;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new EnvironmentError(`Pact Broker answered ${where} with JSON that is not an object`);
  return doc as HalDocument;
}
