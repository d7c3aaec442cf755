/**
 * Credentials stay with their origin: the broker's token goes to the broker's own origin
 * and to origins the user allowed by name, never plain http when the broker is https; the
 * account's credentials go only to --base-url's origin (the pact proxy and the live checks).
 */
import { expect } from "chai";
import { ALLOW_ORIGIN_FLAG, allowedOrigins, type BrokerSettings } from "../../../src/broker/config.js";
import { brokerTarget, halRequest } from "../../../src/broker/hal.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import { serve, type TestServer } from "../../support/verify.js";

const BROKER = "https://broker.example:8443";
const settings = (allowed: string[] = []): BrokerSettings => ({
  baseUrl: BROKER,
  token: "tok-ABCDEFGH",
  allowedOrigins: allowed,
});

describe("the broker's links: which origins its token may reach", () => {
  const rows: { name: string; href: string; allowed?: string[]; expected: string | RegExp }[] = [
    { name: "its own origin", href: `${BROKER}/pacts/1`, expected: `${BROKER}/pacts/1` },
    { name: "a relative link, resolved against the broker", href: "/pacts/1", expected: `${BROKER}/pacts/1` },
    {
      name: "another host",
      href: "https://evil.example/pacts/1",
      expected: /linked to another origin, https:\/\/evil\.example: refused/,
    },
    {
      name: "another port",
      href: "https://broker.example:9443/p",
      expected: /another origin, https:\/\/broker\.example:9443/,
    },
    {
      name: "plain http on the same host",
      href: "http://broker.example:8443/p",
      expected: /another origin, http:\/\/broker\.example:8443/,
    },
    {
      name: "userinfo naming the broker",
      href: "https://broker.example:8443@evil.example/p",
      expected: /another origin, https:\/\/evil\.example/,
    },
    {
      name: "an allowed origin",
      href: "https://pacts.example/p",
      allowed: ["https://pacts.example"],
      expected: "https://pacts.example/p",
    },
    { name: "a file URL", href: "file:///etc/passwd", expected: /a file: URL: only http and https/ },
  ];
  for (const row of rows) {
    it(`${row.name}: ${typeof row.expected === "string" ? "followed" : "refused"}`, () => {
      const target = () => brokerTarget(settings(row.allowed), row.href);
      if (typeof row.expected === "string") expect(target()).to.equal(row.expected);
      else expect(target).to.throw(EnvironmentError, row.expected);
    });
  }

  const flagRows: { name: string; raw: string; expected: string | RegExp }[] = [
    { name: "an https origin", raw: "https://pacts.example:444", expected: "https://pacts.example:444" },
    { name: "an origin with a trailing slash", raw: "https://pacts.example/", expected: "https://pacts.example" },
    {
      name: "plain http while the broker is https",
      raw: "http://pacts.example",
      expected: /never goes over plain http/,
    },
    { name: "a URL with a path", raw: "https://pacts.example/x", expected: /must be an origin/ },
    { name: "userinfo", raw: "https://u:p@pacts.example", expected: /must be an origin/ },
    { name: "not a URL", raw: "pacts.example", expected: /must be an origin/ },
  ];
  for (const row of flagRows) {
    it(`${ALLOW_ORIGIN_FLAG} with ${row.name}: ${typeof row.expected === "string" ? "accepted" : "refused"}`, () => {
      const read = () => allowedOrigins(BROKER, [row.raw]);
      if (typeof row.expected === "string") expect(read()).to.deep.equal([row.expected]);
      else expect(read).to.throw(EnvironmentError, row.expected);
    });
  }

  describe("over the network", () => {
    const seen: (string | undefined)[] = [];
    let broker: TestServer;
    let other: TestServer;
    before(async () => {
      other = await serve((req, res) => {
        seen.push(req.headers.authorization);
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
      broker = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    after(() => Promise.all([broker.close(), other.close()]));
    beforeEach(() => {
      seen.length = 0;
    });
    const local = (allowed: string[] = []): BrokerSettings => ({
      baseUrl: broker.url,
      token: "tok-ABCDEFGH",
      allowedOrigins: allowed,
    });

    it("refuses a link to another origin before sending it anything", async () => {
      const error = await halRequest(local(), "GET", `${other.url}/p`, { at: Date.now() + 2000, ms: 2000 }).catch(
        (e) => e,
      );
      expect(error).to.be.instanceOf(EnvironmentError);
      expect(error.message).to.include(`another origin, ${other.url}`);
      expect(seen).to.deep.equal([]);
    });

    it("sends the token to an origin the user allowed by name", async () => {
      await halRequest(local([other.url]), "GET", `${other.url}/p`, { at: Date.now() + 2000, ms: 2000 });
      expect(seen).to.deep.equal(["Bearer tok-ABCDEFGH"]);
    });
  });
});
