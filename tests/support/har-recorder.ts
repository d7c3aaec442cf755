/**
 * A tiny HAR recorder for tests: requests made with fetch (a real HTTP client) and their
 * answers, wrapped into HAR 1.2 entries as a browser's network panel writes them (the
 * body as decoded text, headers in order), so that `check` is tried on what tools record,
 * not on entries written by hand. Tests tamper with entries after recording.
 */
import { writeFileSync } from "node:fs";

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: unknown[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: unknown[];
    content: { size: number; mimeType: string; text?: string; encoding?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
}

export interface Har {
  log: { version: string; creator: { name: string; version: string }; entries: HarEntry[] };
}

export class HarRecorder {
  readonly entries: HarEntry[] = [];

  /** fetch, recorded: the answer is handed back as it came. */
  async fetch(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const started = new Date();
    const clock = performance.now();
    const method = init.method ?? "GET";
    const response = await fetch(url, { method, headers: init.headers ?? {}, redirect: "manual" });
    const bytes = Buffer.from(await response.arrayBuffer());
    const time = performance.now() - clock;
    const search = new URL(url).searchParams;
    this.entries.push({
      startedDateTime: started.toISOString(),
      time,
      request: {
        method,
        url,
        httpVersion: "HTTP/1.1",
        headers: Object.entries(init.headers ?? {}).map(([name, value]) => ({ name, value })),
        queryString: [...search].map(([name, value]) => ({ name, value })),
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: response.status,
        statusText: response.statusText,
        httpVersion: "HTTP/1.1",
        headers: [...response.headers].map(([name, value]) => ({ name, value })),
        cookies: [],
        content: {
          size: bytes.length,
          mimeType: response.headers.get("content-type") ?? "",
          text: bytes.toString("utf8"),
        },
        redirectURL: response.headers.get("location") ?? "",
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: time, receive: 0 },
    });
    return new Response(bytes, { status: response.status, headers: response.headers });
  }

  /** The recording as a HAR document; a copy, for tampering. */
  har(): Har {
    return structuredClone({
      log: { version: "1.2", creator: { name: "participant-contract tests", version: "1" }, entries: this.entries },
    });
  }
}

/** Writes a HAR document to a file and answers its path. */
export function writeHar(path: string, har: unknown): string {
  writeFileSync(path, JSON.stringify(har, null, 2));
  return path;
}
