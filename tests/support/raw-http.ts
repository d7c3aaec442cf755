/**
 * Bytes on a socket, for requests no HTTP client would send, and the first response
 * read back from what came: status, headers and the body its Content-Length frames.
 */
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole body its Content-Length announces has arrived. */
  complete: boolean;
}

/**
 * Writes the bytes, reads until the server closes the connection, a first complete
 * response has arrived, or `timeoutMs` passes; then the socket is cut.
 */
export function exchange(
  url: string,
  bytes: string | Buffer,
  timeoutMs = 5000,
): Promise<{ received: Buffer; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received: Buffer.concat(chunks), closed: false });
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const received = Buffer.concat(chunks);
      if (firstResponse(received)?.complete) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ received, closed: false });
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(chunks), closed: true });
    });
    // A reset after the answer was read is the server closing hard: what was read still counts.
    socket.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error),
    );
  });
}

/** The first response in the bytes, or undefined when they hold none. */
export function firstResponse(received: Buffer): RawResponse | undefined {
  const text = received.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1];
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  const body = received.subarray(end + 4, end + 4 + length);
  return { status: Number(status), headers, body: body.toString("utf8"), complete: body.length === length };
}
