/**
 * The one way live checks talk to the implementation: supertest against its base URL,
 * with a timeout, no redirects followed (a redirect where the resource was due is a
 * finding, and a redirect loop must not hang us), and a cap on the body size.
 * Transport failures become EnvironmentErrors: the checks could not run.
 */
import request from "supertest";
import { EnvironmentError } from "../errors.js";

export interface LiveResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The raw body, at most maxBodyBytes. */
  body: Buffer;
  /** True when the body was larger than maxBodyBytes and reading stopped. */
  truncated: boolean;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface HttpOptions {
  timeoutMs: number;
  /** Bodies past this are not read further; a participant is well under 2 KiB. */
  maxBodyBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** superagent parser that keeps raw bytes, and stops reading at the cap. */
function rawCapped(maxBytes: number) {
  return (res: NodeJS.ReadableStream & { destroy(): void }, done: (err: Error | null, body: unknown) => void) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (truncated: boolean) => {
      if (finished) return;
      finished = true;
      const body = Buffer.concat(chunks);
      done(null, { body, truncated });
    };
    res.on("data", (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
        finish(true);
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => finish(false));
    res.on("error", (err: Error) => (finished ? undefined : done(err, undefined)));
  };
}

function describeTransportError(error: unknown, url: string, timeoutMs: number): string {
  const e = error as { code?: string; timeout?: number; message?: string; errors?: { code?: string }[] };
  // Node reports a refused dual-stack connect as an AggregateError whose code sits on its members.
  const code = e.code ?? e.errors?.[0]?.code ?? /\b(E[A-Z]{4,})\b/.exec(e.message ?? "")?.[1];
  const where = new URL(url).origin;
  if (code === "ECONNREFUSED") return `cannot reach the provider at ${where}: connection refused`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `cannot reach the provider at ${where}: unknown host`;
  if (code === "ECONNRESET" || code === "EPIPE") return `the provider at ${where} closed the connection`;
  if (e.timeout !== undefined || code === "ECONNABORTED" || code === "ETIMEDOUT") {
    return `the provider at ${where} did not answer within ${timeoutMs} ms`;
  }
  if (code?.startsWith("HPE_")) return `the provider at ${where} did not answer in HTTP (${code})`;
  return `request to ${where} failed: ${code ?? e.message ?? String(error)}`;
}

/** GET baseUrl+path; never throws for an HTTP status, only for a transport failure. */
export async function get(
  baseUrl: string,
  path: string,
  credentials: Credentials | undefined,
  options: HttpOptions,
): Promise<LiveResponse> {
  let req = request(baseUrl)
    .get(path)
    .set("Accept", "application/json")
    .redirects(0)
    .ok(() => true)
    .timeout({ response: options.timeoutMs, deadline: options.timeoutMs * 2 })
    .buffer(true)
    .parse(rawCapped(options.maxBodyBytes) as never);
  if (credentials) req = req.auth(credentials.username, credentials.password);
  try {
    const res = await req;
    const parsed = res.body as { body: Buffer; truncated: boolean };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers as Record<string, string | string[] | undefined>)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    return { status: res.status, headers, body: parsed.body, truncated: parsed.truncated };
  } catch (error) {
    throw new EnvironmentError(describeTransportError(error, new URL(path, baseUrl).toString(), options.timeoutMs));
  }
}
