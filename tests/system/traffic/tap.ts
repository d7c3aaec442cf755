/**
 * A wiretap for the proxy tests: a TCP relay that keeps every byte the far side sent back,
 * per connection, and a parser of those bytes into HTTP/1.1 answers (status line, header
 * lines as written, body bytes as sent, chunked framing undone). What the client got and
 * what the upstream sent are then compared byte for byte, not as a library re-reads them.
 */
import net from "node:net";

export interface Tap {
  url: string;
  /** The bytes the far side sent, one buffer per connection, in the order connections opened. */
  received(): Buffer[];
  close(): Promise<void>;
}

export async function startTap(target: string): Promise<Tap> {
  const { hostname, port } = new URL(target);
  const connections: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const chunks: Buffer[] = [];
    connections.push(chunks);
    const far = net.connect(Number(port), hostname);
    sockets.add(client).add(far);
    client.pipe(far);
    far.on("data", (chunk: Buffer) => chunks.push(chunk));
    far.pipe(client);
    const end = () => {
      client.destroy();
      far.destroy();
    };
    client.on("error", end).on("close", end);
    far.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    received: () => connections.map((chunks) => Buffer.concat(chunks)),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RawAnswer {
  statusLine: string;
  /** `name: value` as written, in order. */
  headers: string[];
  body: Buffer;
}

/** Headers of one hop: a proxy frames its own side (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = /^(connection|keep-alive|transfer-encoding|proxy-connection|te|upgrade):/i;

/** Every answer in a connection's bytes, in order (Content-Length or chunked; 1xx answers skipped). */
export function parseAnswers(bytes: Buffer): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf("\r\n\r\n", at);
    if (headEnd < 0) throw new Error(`an incomplete head at byte ${at}`);
    const [statusLine = "", ...headers] = bytes.subarray(at, headEnd).toString("latin1").split("\r\n");
    at = headEnd + 4;
    if (/^HTTP\/1\.1 1\d\d /.test(statusLine)) continue;
    const header = (name: string) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    let body: Buffer;
    if (header("transfer-encoding")?.toLowerCase() === "chunked") {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = bytes.indexOf("\r\n", at);
        const size = Number.parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
        at = lineEnd + 2;
        if (size === 0) {
          at = bytes.indexOf("\r\n", at) + 2;
          break;
        }
        parts.push(bytes.subarray(at, at + size));
        at += size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(header("content-length") ?? bytes.length - at);
      body = bytes.subarray(at, at + length);
      at += length;
    }
    answers.push({ statusLine, headers, body });
  }
  return answers;
}

/** What an answer is end to end: its status line, its headers but the hop-by-hop ones, its body bytes. */
export function endToEnd(answer: RawAnswer): { statusLine: string; headers: string[]; body: string } {
  return {
    statusLine: answer.statusLine,
    headers: answer.headers.filter((h) => !HOP_BY_HOP.test(h)),
    body: answer.body.toString("base64"),
  };
}
