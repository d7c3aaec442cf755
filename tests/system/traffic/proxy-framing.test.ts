/**
 * The proxy forwards what it judged, byte for byte, or refuses: requests whose framing a
 * careless proxy would change (a body on GET, DELETE, OPTIONS or HEAD; Transfer-Encoding
 * on any method; both framings at once) sent as raw bytes, to an upstream that is a raw
 * socket recording every byte it receives. Whatever reaches the upstream parses as exactly
 * the one request the client sent (method, path, body), never as a second one hidden in
 * a body; what the proxy cannot forward so is refused with 400 and reaches nothing.
 * Generated bodies and methods too; the seed is in the test name.
 */
import net from "node:net";
import { expect } from "chai";
import fc from "fast-check";
import { participantPath } from "../../../src/core/resource.js";
import { fixtures } from "../../support/provider.js";
import { exchange, firstResponse } from "../../support/raw-http.js";
import { authorization, type RunningProxy, startProxy } from "./support.js";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const PATH = participantPath(fixtures.phone);
/** What a smuggler hides in a body: a request of its own. */
const HIDDEN = "GET /smuggled HTTP/1.1\r\nHost: upstream\r\n\r\n";

interface RawRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body: string;
  /** A chunked body's trailer lines, as written. */
  trailers: string;
}

/** Every whole request in the bytes (Content-Length, chunked with its trailers, or none), and where the rest starts. */
function parseRequests(bytes: Buffer): { requests: RawRequest[]; rest: number } {
  const requests: RawRequest[] = [];
  let at = 0;
  for (;;) {
    const headEnd = bytes.indexOf("\r\n\r\n", at);
    if (headEnd < 0) return { requests, rest: at };
    const [line = "", ...lines] = bytes.subarray(at, headEnd).toString("latin1").split("\r\n");
    const [method = "", path = ""] = line.split(" ");
    const headers = lines.map((l): [string, string] => [
      l.slice(0, l.indexOf(":")).toLowerCase(),
      l.slice(l.indexOf(":") + 1).trim(),
    ]);
    const header = (name: string) => headers.find(([n]) => n === name)?.[1];
    let next = headEnd + 4;
    let body = "";
    let trailers = "";
    if (header("transfer-encoding")?.toLowerCase().endsWith("chunked")) {
      for (;;) {
        const lineEnd = bytes.indexOf("\r\n", next);
        if (lineEnd < 0) return { requests, rest: at };
        const size = Number.parseInt(bytes.subarray(next, lineEnd).toString("latin1"), 16);
        next = lineEnd + 2;
        if (size === 0) {
          const trailersEnd = bytes.indexOf("\r\n\r\n", next - 2);
          if (trailersEnd < 0) return { requests, rest: at };
          trailers = bytes.subarray(next, trailersEnd).toString("latin1");
          next = trailersEnd + 4;
          break;
        }
        if (next + size + 2 > bytes.length) return { requests, rest: at };
        body += bytes.subarray(next, next + size).toString("latin1");
        next += size + 2;
      }
    } else {
      const length = Number(header("content-length") ?? 0);
      if (next + length > bytes.length) return { requests, rest: at };
      body = bytes.subarray(next, next + length).toString("latin1");
      next += length;
    }
    requests.push({ method, path, headers, body, trailers });
    at = next;
  }
}

/** A raw upstream: answers each whole request it parses with an empty 200, and keeps every byte of every connection. */
async function rawUpstream() {
  const connections: { bytes: Buffer[]; closed: Promise<void> }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const bytes: Buffer[] = [];
    let answered = 0;
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    connections.push({ bytes, closed });
    socket.on("data", (chunk: Buffer) => {
      bytes.push(chunk);
      const { requests } = parseRequests(Buffer.concat(bytes));
      for (; answered < requests.length; answered++)
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n");
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const head = (method: string, path: string, ...lines: string[]) =>
  `${method} ${path} HTTP/1.1\r\nHost: client\r\nAuthorization: ${authorization}\r\n${lines.map((l) => `${l}\r\n`).join("")}\r\n`;
const chunked = (...chunks: string[]) =>
  `${chunks.map((c) => `${Buffer.byteLength(c, "latin1").toString(16)}\r\n${c}\r\n`).join("")}0\r\n\r\n`;

interface Case {
  name: string;
  bytes: string;
  /** The one request the upstream must get (its body decoded), or undefined: refused with 400, nothing sent on. */
  forwarded?: { method: string; path: string; body: string; chunked: boolean; trailers?: string };
}

const CASES: Case[] = [
  ...["GET", "DELETE", "OPTIONS", "HEAD"].map(
    (method): Case => ({
      name: `${method} with a chunked body hiding a request: forwarded chunked, one request`,
      bytes: head(method, PATH, "Transfer-Encoding: chunked") + chunked(HIDDEN),
      forwarded: { method, path: PATH, body: HIDDEN, chunked: true },
    }),
  ),
  {
    name: "GET with a Content-Length body hiding a request: forwarded with its length, one request",
    bytes: head("GET", PATH, `Content-Length: ${HIDDEN.length}`) + HIDDEN,
    forwarded: { method: "GET", path: PATH, body: HIDDEN, chunked: false },
  },
  {
    name: "GET with gzip, chunked: forwarded with both codings, one request",
    bytes: head("GET", PATH, "Transfer-Encoding: gzip, chunked") + chunked("ab", HIDDEN),
    forwarded: { method: "GET", path: PATH, body: `ab${HIDDEN}`, chunked: true },
  },
  {
    name: "POST chunked with a trailer: forwarded chunked, the trailer after the body",
    bytes: `${head("POST", "/v1/Services", "Transfer-Encoding: chunked")}5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n`,
    forwarded: { method: "POST", path: "/v1/Services", body: "hello", chunked: true, trailers: "X-Checksum: 1" },
  },
  {
    name: "Transfer-Encoding and Content-Length both: refused",
    bytes: head("GET", PATH, "Transfer-Encoding: chunked", "Content-Length: 4") + chunked(HIDDEN),
  },
  {
    name: "two Transfer-Encoding headers: refused",
    bytes: head("GET", PATH, "Transfer-Encoding: chunked", "Transfer-Encoding: identity") + chunked(HIDDEN),
  },
  {
    name: "chunked not the last coding: refused",
    bytes: head("GET", PATH, "Transfer-Encoding: chunked, gzip") + HIDDEN,
  },
  {
    name: "a coding that only contains chunked: refused",
    bytes: head("GET", PATH, "Transfer-Encoding: xchunked") + HIDDEN,
  },
  {
    name: "two different Content-Lengths: refused",
    bytes: head("GET", PATH, "Content-Length: 3", `Content-Length: ${HIDDEN.length}`) + HIDDEN,
  },
  {
    name: "a space before the colon: refused",
    bytes: head("GET", PATH, "Transfer-Encoding : chunked") + chunked(HIDDEN),
  },
  {
    name: "a chunk size past 64 bits: refused",
    bytes: `${head("GET", PATH, "Transfer-Encoding: chunked")}1${"0".repeat(17)}\r\nx`,
  },
];

describe("proxy: request framing, byte for byte or refused", () => {
  let upstream: Awaited<ReturnType<typeof rawUpstream>>;
  let proxy: RunningProxy;
  before(async () => {
    upstream = await rawUpstream();
    proxy = await startProxy(upstream.url, ["--timeout", "5000"]);
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
  });

  /** Sends the bytes on a connection of their own; answers the proxy's status and what the upstream got from it. */
  async function send(bytes: string): Promise<{ status: number; requests: RawRequest[]; leftover: number }> {
    const before = upstream.connections.length;
    const { received } = await exchange(proxy.url, Buffer.from(bytes, "latin1"));
    const status = firstResponse(received)?.status ?? 0;
    // The client gone, the proxy drops its upstream connection: once closed, every byte it carried is here.
    const opened = upstream.connections.slice(before);
    await Promise.all(opened.map((c) => c.closed));
    const all = opened.map((c) => parseRequests(Buffer.concat(c.bytes)));
    return {
      status,
      requests: all.flatMap((a) => a.requests),
      leftover: opened.reduce((n, c, i) => n + Buffer.concat(c.bytes).length - (all[i]?.rest ?? 0), 0),
    };
  }

  function expectForwarded(
    got: { status: number; requests: RawRequest[]; leftover: number },
    want: NonNullable<Case["forwarded"]>,
  ) {
    expect(
      got.requests.map((r) => `${r.method} ${r.path}`),
      "requests the upstream read",
    ).to.deep.equal([`${want.method} ${want.path}`]);
    expect(got.leftover, "bytes the upstream could not read as a request").to.equal(0);
    const [request] = got.requests as [RawRequest];
    expect(request.body).to.equal(want.body);
    const codings = request.headers.find(([n]) => n === "transfer-encoding")?.[1] ?? "";
    expect(/chunked$/i.test(codings), `framing: ${codings || "Content-Length"}`).to.equal(want.chunked);
    expect(request.trailers, "trailers").to.equal(want.trailers ?? "");
  }

  for (const c of CASES)
    it(c.name, async () => {
      const got = await send(c.bytes);
      if (c.forwarded) expectForwarded(got, c.forwarded);
      else {
        expect(got.status, "the proxy's answer").to.equal(400);
        expect(got.requests, "what reached the upstream").to.deep.equal([]);
      }
    });

  it(`generated methods, bodies and chunkings: the upstream reads exactly the request sent (seed ${SEED})`, async () => {
    const method = fc.constantFrom("GET", "HEAD", "DELETE", "OPTIONS", "POST", "PUT", "PATCH");
    const body = fc
      .array(
        fc.oneof(fc.constant(HIDDEN), fc.constant("\r\n"), fc.constant("0\r\n\r\n"), fc.string({ maxLength: 20 })),
        {
          minLength: 1,
          maxLength: 6,
        },
      )
      .map((parts) => Buffer.from(parts.join(""), "utf8").toString("latin1"));
    await fc.assert(
      fc.asyncProperty(
        method,
        body,
        fc.boolean(),
        fc.integer({ min: 1, max: 7 }),
        async (verb, text, isChunked, pieces) => {
          const size = Math.ceil(text.length / pieces) || 1;
          const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
            text.slice(i * size, (i + 1) * size),
          );
          const bytes = isChunked
            ? head(verb, PATH, "Transfer-Encoding: chunked") + chunked(...chunks)
            : head(verb, PATH, `Content-Length: ${text.length}`) + text;
          expectForwarded(await send(bytes), { method: verb, path: PATH, body: text, chunked: isChunked });
        },
      ),
      { seed: SEED, numRuns: 25 },
    );
  });
});
