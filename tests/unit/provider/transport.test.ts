/**
 * The provider at the edges of HTTP: requests Node's parser refuses, methods it does
 * not serve, sizes it will not read. Each gets a Twilio error body and the server
 * answers the next request as if nothing happened. Then the ways a response may
 * travel (the Delivery hooks a variant uses): 103 first, chunked, close-delimited,
 * gzip only when asked, late but in time.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import request from "supertest";
import { participantPath } from "../../../src/core/resource.js";
import { acceptsGzip, type Delivery, STATE_SETUP_PATH } from "../../../src/provider/index.js";
import { parserError } from "../../../src/provider/server.js";
import { validate } from "../../../src/schema/validate.js";
import { assertNoViolations, fixtures, right, useProvider } from "../../support/provider.js";
import { exchange, firstResponse } from "../../support/raw-http.js";

const authorization = `Basic ${Buffer.from(right.join(":")).toString("base64")}`;
const phonePath = participantPath(fixtures.phone);
const big = (n: number) => "x".repeat(n);

describe("reference provider: malformed requests get a Twilio error and the server stays up", () => {
  const provider = useProvider();

  async function assertStillServing(): Promise<void> {
    const res = await request(provider.url)
      .get(phonePath)
      .auth(...right);
    assert.equal(res.status, 200, "a normal request after it");
  }

  const cases: { name: string; bytes: string | Buffer; status: number; allow?: string }[] = [
    {
      name: "a URL of 20 KiB (over Node's header limit)",
      bytes: `GET /${big(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 431,
    },
    {
      name: "a header of 20 KiB",
      bytes: `GET ${phonePath} HTTP/1.1\r\nHost: x\r\nX-Big: ${big(20_000)}\r\n\r\n`,
      status: 431,
    },
    {
      name: "CONNECT",
      bytes: "CONNECT proxy.twilio.com:443 HTTP/1.1\r\nHost: proxy.twilio.com:443\r\n\r\n",
      status: 405,
      allow: "GET, HEAD, OPTIONS",
    },
    {
      name: "a method Node does not know (BREW)",
      bytes: `BREW ${phonePath} HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 405,
      allow: "GET, HEAD, OPTIONS",
    },
    {
      name: "a TLS handshake on the plain port",
      bytes: Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
      status: 400,
    },
    {
      name: "an HTTP/1.1 request without Host",
      bytes: `GET ${phonePath} HTTP/1.1\r\nAuthorization: ${authorization}\r\n\r\n`,
      status: 400,
    },
    {
      name: "a space in a header name",
      bytes: `GET ${phonePath} HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`,
      status: 400,
    },
    {
      name: "a non-ASCII byte in the URL",
      bytes: Buffer.concat([
        Buffer.from(`GET ${phonePath}`),
        Buffer.from([0xe9]),
        Buffer.from(" HTTP/1.1\r\nHost: x\r\n\r\n"),
      ]),
      status: 400,
    },
    { name: "HTTP/9.9", bytes: `GET ${phonePath} HTTP/9.9\r\nHost: x\r\n\r\n`, status: 400 },
    {
      name: "Content-Length and Transfer-Encoding both",
      bytes: `POST ${STATE_SETUP_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      status: 400,
    },
    {
      name: "a chunk size that is not hex",
      bytes: `POST ${STATE_SETUP_PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      status: 400,
    },
    {
      name: "an Expect other than 100-continue",
      bytes: `GET ${phonePath} HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n`,
      status: 417,
    },
  ];
  for (const { name, bytes, status, allow } of cases) {
    it(`${name}: ${status}, a Twilio error body, and the server still answers`, async () => {
      const { received, closed } = await exchange(provider.url, bytes);
      const res = firstResponse(received);
      assert.ok(res, `no HTTP response, got ${JSON.stringify(received.toString("latin1").slice(0, 80))}`);
      assert.equal(res.status, status);
      assert.match(res.headers["content-type"] ?? "", /^application\/json/);
      const body = JSON.parse(res.body);
      assertNoViolations(validate("error", body), "body");
      assert.equal(body.status, status);
      if (allow) assert.equal(res.headers.allow, allow);
      assert.equal(res.headers.connection, "close", "the connection is closed after the error");
      if (!res.complete) assert.equal(closed, true);
      await assertStillServing();
    });
  }

  it("a %2F inside a SID is a malformed SID (404), not a path separator", async () => {
    const path = phonePath.replace(
      fixtures.phone.sessionSid,
      `${fixtures.phone.sessionSid.slice(0, 8)}%2F${fixtures.phone.sessionSid.slice(8)}`,
    );
    const res = await request(provider.url)
      .get(path)
      .auth(...right);
    assert.equal(res.status, 404);
    assertNoViolations(validate("notFound", res.body), "body");
  });

  it("a request in absolute form is served like the same path", async () => {
    const { received } = await exchange(
      provider.url,
      `GET http://proxy.example.com${phonePath} HTTP/1.1\r\nHost: proxy.example.com\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`,
    );
    const res = firstResponse(received);
    assert.equal(res?.status, 200);
    assert.equal(JSON.parse(res?.body ?? "{}").sid, fixtures.phone.participantSid);
  });

  it("a client that hangs up half-way through its request does not stop the server", async () => {
    await exchange(provider.url, `GET ${phonePath} HTTP/1.1\r\nHost: x\r\nAuthoriz`, 50);
    await assertStillServing();
  });

  const seed = Date.now() % 2 ** 31;
  it(`any bytes at all get no answer or an HTTP one with a Twilio error body, never a crash (fast-check seed ${seed})`, async () => {
    const token = fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,8}$/);
    const noise = fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString("latin1"));
    const line = fc.oneof(
      noise,
      fc.constantFrom("Host: x", "Transfer-Encoding: chunked", "Content-Length: 5", "Expect: x"),
    );
    const requestBytes = fc
      .tuple(
        fc.oneof(token, noise),
        fc.oneof(fc.constant(phonePath), noise),
        fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/2", ""),
        fc.array(line, { maxLength: 4 }),
        noise,
      )
      .map(([method, target, version, headers, body]) =>
        Buffer.from(
          `${method} ${target} ${version}\r\n${headers.map((h) => `${h}\r\n`).join("")}\r\n${body}`,
          "latin1",
        ),
      );
    await fc.assert(
      fc.asyncProperty(requestBytes, async (bytes) => {
        // A request the server is still waiting on (a body it was promised) is cut after 300 ms; so may an
        // answer on a busy machine: then only what arrived is judged.
        const { received } = await exchange(provider.url, bytes, 300);
        const res = firstResponse(received);
        const text = received.toString("latin1");
        assert.ok("HTTP/1.1 ".startsWith(text.slice(0, 9)), `not HTTP: ${JSON.stringify(text.slice(0, 60))}`);
        if (res?.complete && res.status >= 400) {
          assertNoViolations(validate("error", JSON.parse(res.body)), `${res.status} body`);
        }
      }),
      { seed, numRuns: 60 },
    );
    await assertStillServing();
  });
});

describe("parserError: a refused request's answer by the parser's error code", () => {
  const cases: { code: string | undefined; rawPacket?: string; status: number }[] = [
    { code: "HPE_HEADER_OVERFLOW", status: 431 },
    { code: "HPE_CHUNK_EXTENSIONS_OVERFLOW", status: 413 },
    // Node's requestTimeout is 300 s: too long to wait for in a test.
    { code: "ERR_HTTP_REQUEST_TIMEOUT", status: 408 },
    { code: "HPE_INVALID_METHOD", rawPacket: "BREW / HTTP/1.1\r\n", status: 405 },
    { code: "HPE_INVALID_METHOD", rawPacket: "\u0016\u0003\u0001", status: 400 },
    { code: "HPE_INVALID_METHOD", status: 400 },
    { code: "HPE_INVALID_HEADER_TOKEN", status: 400 },
    { code: undefined, status: 400 },
  ];
  for (const { code, rawPacket, status } of cases) {
    it(`${code ?? "no code"}${rawPacket ? ` after ${JSON.stringify(rawPacket.slice(0, 6))}` : ""}: ${status}`, () => {
      const error = Object.assign(new Error("parse error"), {
        code,
        ...(rawPacket ? { rawPacket: Buffer.from(rawPacket, "latin1") } : {}),
      });
      const res = firstResponse(Buffer.from(parserError(error), "latin1"));
      assert.equal(res?.status, status);
      assert.equal(res?.complete, true);
      const body = JSON.parse(res?.body ?? "");
      assertNoViolations(validate("error", body), "body");
      assert.equal(body.status, status);
      if (status === 400) assert.match(body.message, new RegExp(code ?? "unparsable"));
    });
  }
});

/** A GET through node:http, which reports 1xx answers, framing headers and raw (not decompressed) bytes. */
function fetchRaw(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; informational: number[] }> {
  return new Promise((resolve, reject) => {
    const informational: number[] = [];
    const req = http.get(new URL(path, url), { headers: { authorization, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), informational }),
      );
      res.on("error", reject);
    });
    req.on("information", (info) => informational.push(info.statusCode));
    req.on("error", reject);
  });
}

describe("reference provider: the ways a response may travel (Delivery hooks)", () => {
  const cases: {
    name: string;
    delivery: Delivery;
    headers?: Record<string, string>;
    expect: (res: Awaited<ReturnType<typeof fetchRaw>>) => void;
  }[] = [
    {
      name: "the reference: Content-Length, no 103, no gzip even when asked",
      delivery: {},
      headers: { "accept-encoding": "gzip" },
      expect: (res) => {
        assert.equal(res.headers["content-length"], String(res.body.length));
        assert.deepEqual(res.informational, []);
        assert.equal(res.headers["content-encoding"], undefined);
      },
    },
    {
      name: "earlyHints: a 103 before the answer",
      delivery: { earlyHints: true },
      expect: (res) => assert.deepEqual(res.informational, [103]),
    },
    {
      name: "framing chunked: Transfer-Encoding chunked, no Content-Length",
      delivery: { framing: "chunked" },
      expect: (res) => {
        assert.equal(res.headers["transfer-encoding"], "chunked");
        assert.equal(res.headers["content-length"], undefined);
      },
    },
    {
      name: "framing close: neither Content-Length nor chunked, Connection: close",
      delivery: { framing: "close" },
      expect: (res) => {
        assert.equal(res.headers["transfer-encoding"], undefined);
        assert.equal(res.headers["content-length"], undefined);
        assert.equal(res.headers.connection, "close");
      },
    },
    {
      name: "gzip, asked for: gzipped, Vary: Accept-Encoding",
      delivery: { gzip: true },
      headers: { "accept-encoding": "br, gzip;q=0.5" },
      expect: (res) => {
        assert.equal(res.headers["content-encoding"], "gzip");
        assert.equal(res.headers.vary, "Accept-Encoding");
      },
    },
    {
      name: "gzip, not asked for: plain",
      delivery: { gzip: true },
      expect: (res) => {
        assert.equal(res.headers["content-encoding"], undefined);
        assert.equal(res.headers.vary, "Accept-Encoding");
      },
    },
    {
      name: "gzip, refused with q=0: plain",
      delivery: { gzip: true },
      headers: { "accept-encoding": "gzip;q=0, *" },
      expect: (res) => assert.equal(res.headers["content-encoding"], undefined),
    },
    {
      name: "everything at once, late",
      delivery: { earlyHints: true, framing: "chunked", gzip: true, delayMs: 50 },
      headers: { "accept-encoding": "gzip" },
      expect: (res) => {
        assert.deepEqual(res.informational, [103]);
        assert.equal(res.headers["transfer-encoding"], "chunked");
        assert.equal(res.headers["content-encoding"], "gzip");
      },
    },
  ];
  for (const { name, delivery, headers, expect } of cases) {
    describe(name, () => {
      const provider = useProvider({ deliver: () => delivery });
      it("the same participant, whole", async () => {
        const res = await fetchRaw(provider.url, phonePath, headers);
        assert.equal(res.status, 200);
        expect(res);
        const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(res.body) : res.body).toString("utf8");
        assert.equal(JSON.parse(text).sid, fixtures.phone.participantSid);
      });
    });
  }

  describe("delayMs", () => {
    const provider = useProvider({ deliver: () => ({ delayMs: 200 }) });
    it("answers no sooner than asked (lower bound only: a busy machine may add to it)", async () => {
      const started = performance.now();
      const res = await fetchRaw(provider.url, phonePath);
      assert.equal(res.status, 200);
      assert.ok(performance.now() - started >= 190, `${performance.now() - started} ms`);
    });
  });
});

describe("acceptsGzip: Accept-Encoding as RFC 9110 §12.5.3 reads it", () => {
  const cases: [header: string | undefined, accepted: boolean][] = [
    [undefined, false],
    ["", false],
    ["identity", false],
    ["gzip", true],
    ["GZIP", true],
    ["deflate, gzip;q=0.1", true],
    ["gzip;q=0", false],
    ["gzip; q=0.000", false],
    ["*", true],
    ["*;q=0", false],
    ["gzip;q=0, *", false],
    ["x-gzip", true],
    ["br", false],
  ];
  for (const [header, accepted] of cases) {
    it(`${JSON.stringify(header)}: ${accepted ? "gzip" : "no gzip"}`, () =>
      assert.equal(acceptsGzip(header), accepted));
  }
});
