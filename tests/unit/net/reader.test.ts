/**
 * src/http.ts, the one HTTP reader: what it makes of every way a server can answer (or
 * not), as a table. Each row's server misbehaves in one way; bounds are generous and no
 * row waits for anything but its own timeout.
 */
import type http from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { expect } from "chai";
import fc from "fast-check";
import {
  BrokenAnswerError,
  connectionAgent,
  type HttpResponse,
  NoAnswerError,
  send,
  type TransportFailureKind,
} from "../../../src/net/reader.js";
import { serve, type TestServer } from "../../support/verify.js";

interface ReaderCase {
  name: string;
  handler: http.RequestListener;
  /** Defaults: 5 s, 1 KiB. */
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** GET unless told. */
  method?: string;
  expect:
    | { status: number; body?: string; truncated?: boolean; decoded?: string }
    /** No whole answer; `field` is what broke when the provider did answer (kind "broken"). */
    | { fails: TransportFailureKind; field?: string };
}

const body =
  (text: string, headers: http.OutgoingHttpHeaders = {}): http.RequestListener =>
  (_req, res) => {
    res.writeHead(200, headers);
    res.end(text);
  };

const CASES: ReaderCase[] = [
  { name: "a plain body", handler: body("hello"), expect: { status: 200, body: "hello", truncated: false } },
  {
    name: "gzip, decoded",
    handler: body(gzipSync("hello") as unknown as string, { "content-encoding": "gzip" }),
    expect: { status: 200, body: "hello", decoded: "gzip" },
  },
  {
    name: "deflate, decoded",
    handler: body(deflateSync("hello") as unknown as string, { "content-encoding": "deflate" }),
    expect: { status: 200, body: "hello", decoded: "deflate" },
  },
  {
    name: "br, decoded",
    handler: body(brotliCompressSync("hello") as unknown as string, { "content-encoding": "br" }),
    expect: { status: 200, body: "hello", decoded: "br" },
  },
  {
    name: "a body over the cap: cut at the cap",
    handler: body("x".repeat(5000)),
    expect: { status: 200, body: "x".repeat(1024), truncated: true },
  },
  {
    name: "a gzip bomb: the cap counts decoded bytes",
    handler: body(gzipSync(Buffer.alloc(8 * 1024 * 1024)) as unknown as string, { "content-encoding": "gzip" }),
    expect: { status: 200, body: "\u0000".repeat(1024), truncated: true },
  },
  {
    name: "a chunked body",
    handler: (_req, res) => {
      res.writeHead(200, { "transfer-encoding": "chunked" });
      res.write("hel");
      setTimeout(() => res.end("lo"), 5);
    },
    expect: { status: 200, body: "hello" },
  },
  {
    name: "a close-delimited body",
    handler: (req, res) => {
      // HTTP/1.0 style: no length, no chunks, the end of the connection ends the body.
      req.socket.write("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nhello");
      req.socket.end();
      res.detachSocket(req.socket);
    },
    expect: { status: 200, body: "hello" },
  },
  {
    name: "an informational 103 first",
    handler: (_req, res) => {
      res.writeEarlyHints({ link: "</style.css>; rel=preload" });
      res.writeHead(200);
      res.end("hello");
    },
    expect: { status: 200, body: "hello" },
  },
  {
    name: "a redirect: not followed",
    handler: (_req, res) => {
      res.writeHead(302, { location: "http://127.0.0.1:9/elsewhere" });
      res.end();
    },
    expect: { status: 302, body: "" },
  },
  { name: "no answer at all", handler: () => undefined, timeoutMs: 300, expect: { fails: "timeout" } },
  {
    name: "a body that never ends",
    handler: (_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("."), 20);
      res.on("close", () => clearInterval(timer));
    },
    timeoutMs: 300,
    maxBodyBytes: 1024 * 1024,
    expect: { fails: "timeout" },
  },
  {
    name: "a connection closed mid-body",
    handler: (_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("hel");
      setTimeout(() => res.destroy(), 5);
    },
    // The status line came: the provider answered, and broke HTTP.
    expect: { fails: "broken", field: "(body)" },
  },
  {
    name: "a connection closed before any byte",
    handler: (req) => {
      req.socket.destroy();
    },
    expect: { fails: "reset" },
  },
  {
    name: "a connection closed after part of a status line",
    handler: (req) => {
      req.socket.end("HTTP/1.");
    },
    expect: { fails: "broken", field: "(status line)" },
  },
  {
    name: "a status line that is not one",
    handler: (req) => {
      req.socket.end("HTTP/1.1 2x0 OK\r\n\r\n");
    },
    expect: { fails: "broken", field: "(status line)" },
  },
  {
    name: "a Content-Length that counts fewer bytes than the body",
    handler: (req) => {
      req.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{"a":"José ✓"}');
    },
    expect: { fails: "broken", field: "content-length" },
  },
  {
    name: "a chunked body with a chunk size that is not hex",
    handler: (req) => {
      req.socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    },
    expect: { fails: "broken", field: "transfer-encoding" },
  },
  {
    name: "HEAD with Content-Encoding: gzip and no body: nothing to decode",
    method: "HEAD",
    handler: body("", { "content-encoding": "gzip", "content-length": "20" }),
    expect: { status: 200, body: "" },
  },
  {
    name: "something that is not HTTP",
    handler: (req) => {
      req.socket.end("SSH-2.0-OpenSSH_9.6\r\n");
    },
    expect: { fails: "not-http" },
  },
  {
    name: "gzip that does not decode",
    handler: body("not gzip at all", { "content-encoding": "gzip" }),
    expect: { fails: "broken", field: "content-encoding" },
  },
];

describe("src/http.ts: the one HTTP reader", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const server = await serve(c.handler);
      try {
        let outcome: HttpResponse | NoAnswerError;
        try {
          outcome = await send({
            method: c.method ?? "GET",
            url: `${server.url}/x`,
            timeoutMs: c.timeoutMs ?? 5000,
            maxBodyBytes: c.maxBodyBytes ?? 1024,
          });
        } catch (error) {
          expect(error).to.be.instanceOf(NoAnswerError);
          outcome = error as NoAnswerError;
        }
        if ("fails" in c.expect) {
          expect(outcome, "an answer where none was due").to.be.instanceOf(NoAnswerError);
          expect((outcome as NoAnswerError).kind).to.equal(c.expect.fails);
          expect((outcome as NoAnswerError).message).to.include(server.url);
          expect(outcome instanceof BrokenAnswerError).to.equal(c.expect.fails === "broken");
          if (c.expect.field !== undefined) expect((outcome as BrokenAnswerError).field).to.equal(c.expect.field);
          return;
        }
        expect(outcome, String((outcome as Error).message)).not.to.be.instanceOf(NoAnswerError);
        const response = outcome as HttpResponse;
        expect(response.status).to.equal(c.expect.status);
        if (c.expect.body !== undefined) expect(response.body.toString("latin1")).to.equal(c.expect.body);
        if (c.expect.truncated !== undefined) expect(response.truncated).to.equal(c.expect.truncated);
        if (c.expect.decoded !== undefined) expect(response.decoded).to.equal(c.expect.decoded);
      } finally {
        await server.close();
      }
    });
  }

  it("a refused connection names the origin", async () => {
    const gone: TestServer = await serve(() => undefined);
    await gone.close();
    const error = await send({ method: "GET", url: `${gone.url}/x`, timeoutMs: 5000, maxBodyBytes: 10 }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(NoAnswerError);
    expect((error as NoAnswerError).kind).to.equal("refused");
    expect((error as NoAnswerError).message).to.equal(`cannot reach the server at ${gone.url}: connection refused`);
  });

  it("never sends userinfo from the URL, nor prints it", async () => {
    let authorization: string | undefined;
    const server = await serve((req, res) => {
      authorization = req.headers.authorization;
      res.end();
    });
    try {
      const url = server.url.replace("http://", "http://AC1:secret-token@");
      await send({ method: "GET", url, timeoutMs: 5000, maxBodyBytes: 10 });
      expect(authorization).to.equal(undefined);
      await server.close();
      const error = (await send({ method: "GET", url, timeoutMs: 5000, maxBodyBytes: 10 }).catch((e) => e)) as Error;
      expect(error.message).not.to.include("secret-token");
    } finally {
      await server.close();
    }
  });
});

describe("src/http.ts: every wait is bounded, whatever the server does (generated)", () => {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  const TIMEOUT_MS = 60;
  const CAP = 4096;
  /** A server's behaviour: when it answers, what it sends and how, and how it ends. */
  const behaviour = fc.record({
    headersAfterMs: fc.constantFrom(0, 5, 30, 150),
    status: fc.constantFrom(200, 204, 302, 404, 500),
    encoding: fc.constantFrom("none", "gzip", "broken-gzip"),
    chunks: fc.array(fc.record({ bytes: fc.constantFrom(1, 100, 3000, 20_000), afterMs: fc.constantFrom(0, 10, 60) }), {
      maxLength: 4,
    }),
    ending: fc.constantFrom("end", "destroy", "hang"),
  });

  it(`settles within the timeout, with a NoAnswerError or at most the cap (seed ${seed})`, async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(behaviour, async (b) => {
        const timers: NodeJS.Timeout[] = [];
        const later = (ms: number, f: () => void) => timers.push(setTimeout(f, ms));
        const server = await serve((_req, res) => {
          later(b.headersAfterMs, () => {
            const headers: http.OutgoingHttpHeaders = b.encoding === "none" ? {} : { "content-encoding": "gzip" };
            res.writeHead(b.status, headers);
            let at = 0;
            for (const chunk of b.chunks) {
              at += chunk.afterMs;
              const bytes = Buffer.alloc(chunk.bytes, "a");
              later(at, () => res.write(b.encoding === "gzip" ? gzipSync(bytes) : bytes));
            }
            later(at + 1, () => (b.ending === "end" ? res.end() : b.ending === "destroy" ? res.destroy() : undefined));
          });
        });
        const started = performance.now();
        try {
          const outcome = await send({
            method: "GET",
            url: `${server.url}/`,
            timeoutMs: TIMEOUT_MS,
            maxBodyBytes: CAP,
          }).then(
            (r) => r,
            (e: unknown) => e,
          );
          const elapsed = performance.now() - started;
          // Generous: the timer fires at TIMEOUT_MS; a busy machine may be late, never by seconds.
          if (elapsed > TIMEOUT_MS + 2000) return false;
          if (outcome instanceof NoAnswerError) return true;
          if (outcome instanceof Error) return false;
          return (outcome as HttpResponse).body.length <= CAP;
        } finally {
          for (const timer of timers) clearTimeout(timer);
          await server.close();
        }
      }),
      { seed, numRuns: 15 },
    );
  });
});

describe("src/net/reader.ts: a connection held open on purpose", () => {
  it("sends every request through a connectionAgent on one connection, and none after it is destroyed", async () => {
    const sockets = new Set<unknown>();
    const server = await serve((req, res) => {
      sockets.add(req.socket);
      res.writeHead(200, { "content-length": "2" });
      res.end("ok");
    });
    const agent = connectionAgent(server.url);
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await send({ method: "GET", url: `${server.url}/x`, timeoutMs: 5000, maxBodyBytes: 10, agent });
        expect(answer.body.toString()).to.equal("ok");
      }
      expect(sockets.size).to.equal(1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it("without an agent, a fresh connection per request", async () => {
    const sockets = new Set<unknown>();
    const server = await serve((req, res) => {
      sockets.add(req.socket);
      res.end("ok");
    });
    try {
      for (let i = 0; i < 2; i++)
        await send({ method: "GET", url: `${server.url}/x`, timeoutMs: 5000, maxBodyBytes: 10 });
      expect(sockets.size).to.equal(2);
    } finally {
      await server.close();
    }
  });
});
