/**
 * The proxy in front of upstreams that misbehave: every exchange it cannot judge is a
 * failed check naming why, never dropped, and the client still gets what the upstream
 * sent (a redirect as it is, a body past the cap whole, a body its coding cannot decode
 * as sent); only an upstream that does not answer gets the proxy's own 502.
 */
import http from "node:http";
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { participantPath } from "../../../src/core/resource.js";
import { fixtures } from "../../support/provider.js";
import { serve, type TestServer } from "../../support/verify.js";
import { authorization, startProxy } from "./support.js";

const PATH = participantPath(fixtures.phone);
const JSON_TYPE = { "content-type": "application/json" };

interface Through {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes the client got, undecoded. */
  body: Buffer;
  output: string;
  code: number;
}

/** One GET of the phone participant through the proxy, read as bytes; the proxy stopped once it has judged it. */
async function through(upstream: string): Promise<Through> {
  const proxy = await startProxy(upstream, ["--timeout", "5000"]);
  const base = proxy.url;
  const lines = proxy.lines;
  const answer = await new Promise<Omit<Through, "output" | "code">>((resolve, reject) => {
    http
      .get(`${base}${PATH}`, { headers: { authorization }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on("error", reject);
  });
  // The exchange is judged once the upstream's answer is whole: its line may follow the last byte.
  while (!lines.some((l) => /^ {2}(PASS|FAIL) /.test(l))) await new Promise((r) => setTimeout(r, 5));
  const code = await proxy.stop();
  return { ...answer, output: lines.join("\n"), code };
}

describe("proxy: upstreams that misbehave", () => {
  let server: TestServer;
  let handler: (res: http.ServerResponse) => void = () => undefined;
  before(async () => {
    server = await serve((_req, res) => handler(res));
  });
  after(() => server.close());

  it("a redirect is passed back as it is, not followed; the exchange fails; exit 1 on stop", async () => {
    handler = (res) => {
      res.writeHead(302, { location: "https://elsewhere.example/", ...JSON_TYPE });
      res.end("{}");
    };
    const got = await through(server.url);
    expect(got.status).to.equal(302);
    expect(got.headers.location).to.equal("https://elsewhere.example/");
    expect(got.output).to.match(/FAIL {2}traffic .*\n {8}✗ status: must be 200/);
    expect(got.code).to.equal(1);
  });

  it("a body past the cap reaches the client whole; the exchange fails as too large", async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
    handler = (res) => {
      res.writeHead(200, JSON_TYPE);
      res.end(big);
    };
    const got = await through(server.url);
    expect(got.body.equals(big)).to.equal(true);
    expect(got.output).to.include("body: must be at most 1048576 bytes");
  });

  it("a body not in its Content-Encoding reaches the client as sent; the exchange fails naming why", async () => {
    const cut = gzipSync('{"sid":1}').subarray(0, 10);
    handler = (res) => {
      res.writeHead(200, { ...JSON_TYPE, "content-encoding": "gzip", "content-length": cut.length });
      res.end(cut);
    };
    const got = await through(server.url);
    expect(got.body.equals(cut)).to.equal(true);
    expect(got.output).to.match(
      /✗ http: cannot be judged: the upstream at .* sent a body its Content-Encoding cannot decode/,
    );
  });

  it("an upstream that answers nothing at all: the client gets the proxy's 502, the exchange fails naming why, exit 2 as in verify", async () => {
    const gone = await serve(() => undefined);
    await gone.close();
    const got = await through(gone.url);
    expect(got.status).to.equal(502);
    expect(got.body.toString()).to.match(
      /^participant-contract proxy: cannot reach the upstream at http:\/\/127\.0\.0\.1:\d+: connection refused\n$/,
    );
    expect(got.output).to.match(/✗ transport: cannot be judged: cannot reach the upstream/);
    expect(got.output).to.match(
      /^error: the upstream at http:\/\/127\.0\.0\.1:\d+ answered none of the 1 requests: cannot reach the upstream at .*: connection refused$/m,
    );
    expect(got.code).to.equal(2);
  });

  it("the reference's own answer passes: exit 0 on stop", async () => {
    handler = (res) => {
      res.writeHead(401, { ...JSON_TYPE, "www-authenticate": 'Basic realm="Twilio API"' });
      res.end(
        JSON.stringify({
          code: 20003,
          message: "Authenticate",
          more_info: "https://www.twilio.com/docs/errors/20003",
          status: 401,
        }),
      );
    };
    const got = await through(server.url);
    expect(got.output).to.match(/PASS {2}traffic /);
    expect(got.code).to.equal(0);
  });
});
