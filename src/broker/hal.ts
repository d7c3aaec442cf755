/**
 * The few HAL requests the verification flow makes, with the broker's auth, a deadline,
 * and every failure (unreachable, timeout, non-2xx, not JSON) as a one-line EnvironmentError.
 */
import { EnvironmentError } from "../errors.js";
import { printableUrl } from "../redact.js";
import { authorizationHeader, type BrokerSettings } from "./config.js";

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

export function linkHref(doc: HalDocument, relation: string, what: string): string {
  const link = doc._links?.[relation];
  const href = Array.isArray(link) ? link[0]?.href : link?.href;
  if (!href) throw new EnvironmentError(`${what} has no "${relation}" link`);
  return href;
}

/** Why a request did not answer: the error's own cause code (ECONNREFUSED…) when it has one. */
function networkCause(error: unknown): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return "no answer before the deadline";
  return err.cause?.code ?? err.cause?.message ?? err.message;
}

/** What a broker's error body says, briefly: brokers answer `{error: {message}}` or `{errors: …}`. */
function brokerReason(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; errors?: unknown };
    const reason =
      typeof body.error === "string"
        ? body.error
        : (body.error?.message ?? (body.errors ? JSON.stringify(body.errors) : ""));
    return reason ? `: ${reason.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}

export async function halRequest(
  settings: BrokerSettings,
  method: "GET" | "POST" | "PUT",
  url: string,
  signal: AbortSignal,
  body?: unknown,
): Promise<HalDocument> {
  const headers: Record<string, string> = { Accept: "application/hal+json, application/json" };
  const authorization = authorizationHeader(settings);
  if (authorization) headers.Authorization = authorization;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const where = `${method} ${printableUrl(url)}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers,
      signal,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    text = await response.text();
  } catch (error) {
    throw new EnvironmentError(`Pact Broker unreachable: ${where}: ${networkCause(error)}`);
  }
  if (!response.ok) {
    throw new EnvironmentError(`Pact Broker refused ${where}: HTTP ${response.status}${brokerReason(text)}`);
  }
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as HalDocument;
  } catch {
    throw new EnvironmentError(`Pact Broker answered ${where} with a body that is not JSON`);
  }
}
