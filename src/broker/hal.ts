/**
 * The few HAL requests the verification flow makes, with the broker's auth, a deadline,
 * and every failure (unreachable, timeout, non-2xx, not JSON) as a one-line EnvironmentError.
 */
import { EnvironmentError } from "../core/errors.js";
import { NoAnswerError, send } from "../net/reader.js";
import { printableUrl } from "../net/redact.js";
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

/** A broker's answer is a HAL document; a pact in one is rarely over a megabyte. */
const MAX_BROKER_ANSWER = 16 * 1024 * 1024;

export async function halRequest(
  settings: BrokerSettings,
  method: "GET" | "POST" | "PUT",
  url: string,
  deadline: { at: number },
  body?: unknown,
): Promise<HalDocument> {
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
    if (error instanceof NoAnswerError) throw new EnvironmentError(`Pact Broker unreachable: ${error.message}`);
    throw error;
  }
  if (status < 200 || status > 299) {
    throw new EnvironmentError(`Pact Broker refused ${where}: HTTP ${status}${brokerReason(text)}`);
  }
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as HalDocument;
  } catch {
    throw new EnvironmentError(`Pact Broker answered ${where} with a body that is not JSON`);
  }
}
