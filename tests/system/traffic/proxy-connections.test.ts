/**
 * The proxy keeps connections as a transparent proxy would: the requests a client sends on
 * one keep-alive connection reach the upstream on one connection, and two client
 * connections are two upstream connections. An upstream that confuses requests on a reused
 * connection therefore shows through the proxy as it is, rather than being hidden by it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { participantPath } from "../../../src/core/resource.js";
import { fixtures } from "../../support/provider.js";
import { authorization, type RunningProxy, startProxy } from "./support.js";

const PATH = participantPath(fixtures.phone);

interface Upstream {
  url: string;
  /** Per upstream connection, the number of requests it carried, in order of arrival. */
  connections: number[];
  close(): Promise<void>;
}

async function upstream(): Promise<Upstream> {
  const connections: number[] = [];
  const server = http.createServer((req, res) => {
    const index = (req.socket as { index?: number }).index ?? 0;
    connections[index] = (connections[index] ?? 0) + 1;
    res.writeHead(404, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        code: 20404,
        message: "not found",
        more_info: "https://www.twilio.com/docs/errors/20404",
        status: 404,
      }),
    );
  });
  server.on("connection", (socket) => {
    (socket as { index?: number }).index = connections.length;
    connections.push(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function get(base: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${PATH}`, { headers: { authorization }, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

describe("proxy: one upstream connection per client connection", () => {
  let up: Upstream;
  let proxy: RunningProxy;
  beforeEach(async () => {
    up = await upstream();
    proxy = await startProxy(up.url);
  });
  afterEach(async () => {
    await proxy.stop();
    await up.close();
  });

  it("three requests on one keep-alive connection reach the upstream on one connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 3; i++) expect(await get(proxy.url, agent)).to.equal(404);
    agent.destroy();
    expect(up.connections).to.deep.equal([3]);
  });

  it("two client connections are two upstream connections", async () => {
    const one = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const two = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await get(proxy.url, one);
    await get(proxy.url, two);
    await get(proxy.url, one);
    one.destroy();
    two.destroy();
    expect([...up.connections].sort()).to.deep.equal([1, 2]);
  });
});

describe("proxy: stopped before any participant exchange", () => {
  it("says nothing was judged, and exits 0 (nothing broke the contract)", async () => {
    const up = await upstream();
    const proxy = await startProxy(up.url);
    expect(await proxy.stop()).to.equal(0);
    await up.close();
    expect(proxy.lines.join("\n")).to.include("no participant exchange passed through the proxy: nothing was judged");
  });
});
