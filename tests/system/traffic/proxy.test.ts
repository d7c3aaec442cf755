/**
 * `participant-contract proxy` as an application's test run would use it: the twilio SDK
 * pointed at the proxy, in front of the reference provider, a broken variant from the
 * mutation catalog, and a variant that gzips its answers. Wiretaps on both sides show the
 * answers the SDK got are the upstream's, byte for byte; the proxy's verdict and exit
 * status follow the upstream's defects.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import twilio from "twilio";
import { participantPath } from "../../../src/core/resource.js";
import type { Mutation } from "../../../src/provider/index.js";
import { fixtures, unknownSid, useProvider } from "../../support/provider.js";
import { tempDir } from "../../support/verify.js";
import { broken } from "../mutation/catalog.js";
import { deliver } from "../mutation/mutations.js";
import { SECRETS, startProxy } from "./support.js";
import { endToEnd, parseAnswers, startTap, type Tap } from "./tap.js";

const brokenSid = broken.find((v) => v.name === "sid with a KX prefix");
if (!brokenSid) throw new Error("the mutation catalog has no variant 'sid with a KX prefix'");

interface Proxied {
  code: number;
  stdout: string;
  report: { checks: { id: string; verdict: string; title: string; findings: { kind: string; field: string }[] }[] };
  /** What the SDK got (client side of the proxy) and what the upstream sent (its far side), end to end. */
  client: ReturnType<typeof endToEnd>[];
  upstream: ReturnType<typeof endToEnd>[];
  outcomes: string[];
}

/** The SDK's three kinds of fetch through the proxy: both participants, an unknown one, and a wrong password. */
async function throughProxy(upstreamUrl: string): Promise<Proxied> {
  const dir = tempDir();
  const json = join(dir, "proxy.json");
  const upstreamTap = await startTap(upstreamUrl);
  const proxy = await startProxy(upstreamTap.url, ["--json", json]);
  const lines = proxy.lines;
  let clientTap: Tap | undefined;
  let code = 0;
  const outcomes: string[] = [];
  try {
    clientTap = await startTap(proxy.url);
    const sdk = (password: string) => {
      const client = twilio(fixtures.accountSid, password);
      client.proxy.baseUrl = clientTap?.url ?? "";
      return client.proxy.v1;
    };
    const right = sdk(fixtures.authToken);
    for (const ref of [
      fixtures.phone,
      fixtures.messenger,
      { ...fixtures.phone, participantSid: unknownSid.participantSid },
    ])
      outcomes.push(
        await right
          .services(ref.serviceSid)
          .sessions(ref.sessionSid)
          .participants(ref.participantSid)
          .fetch()
          .then(
            (p) => `${p.sid}`,
            (e: { status?: number; code?: number }) => `${e.status} ${e.code}`,
          ),
      );
    const { serviceSid, sessionSid, participantSid } = fixtures.phone;
    outcomes.push(
      await sdk("wrong-password-0123456789")
        .services(serviceSid)
        .sessions(sessionSid)
        .participants(participantSid)
        .fetch()
        .then(
          (p) => `${p.sid}`,
          (e: { status?: number; code?: number }) => `${e.status} ${e.code}`,
        ),
    );
  } finally {
    code = await proxy.stop();
  }
  await clientTap?.close();
  await upstreamTap.close();
  const answers = (tap: Tap | undefined) => (tap?.received() ?? []).flatMap(parseAnswers).map(endToEnd);
  return {
    code,
    stdout: lines.join("\n"),
    report: JSON.parse(readFileSync(json, "utf8")),
    client: answers(clientTap),
    upstream: answers(upstreamTap),
    outcomes,
  };
}

const variants: { name: string; mutation?: Mutation; exit: number; failed: string[] }[] = [
  { name: "the reference provider", exit: 0, failed: [] },
  { name: "a variant that gzips its answers", mutation: deliver({ gzip: true }), exit: 0, failed: [] },
  {
    name: `a broken variant (${brokenSid.name})`,
    mutation: brokenSid.mutation,
    exit: 1,
    failed: ["traffic/proxy/1: body sid", "traffic/proxy/2: body sid"],
  },
];

describe("proxy: the twilio SDK through the validating proxy", () => {
  // Region and edge rewrite the SDK's host (127.0.0.1 would become 127.0.0.1.au1...).
  const saved = { region: process.env.TWILIO_REGION, edge: process.env.TWILIO_EDGE };
  before(() => {
    delete process.env.TWILIO_REGION;
    delete process.env.TWILIO_EDGE;
  });
  after(() => {
    if (saved.region !== undefined) process.env.TWILIO_REGION = saved.region;
    if (saved.edge !== undefined) process.env.TWILIO_EDGE = saved.edge;
  });

  for (const variant of variants)
    describe(`in front of ${variant.name}`, () => {
      const provider = useProvider(variant.mutation);
      let proxied: Proxied;
      before(async () => {
        proxied = await throughProxy(provider.url);
      });

      it(`exits ${variant.exit} on stop, the failed checks naming the defect`, () => {
        expect(proxied.code, proxied.stdout).to.equal(variant.exit);
        const failed = proxied.report.checks
          .filter((c) => c.verdict === "fail")
          .map((c) => `${c.id}: ${c.findings.map((f) => `${f.kind} ${f.field}`).join(", ")}`);
        expect(failed).to.deep.equal(variant.failed);
        expect(proxied.report.checks).to.have.length(4);
      });

      it("the SDK got every answer byte for byte as the upstream sent it (status line, headers, body)", () => {
        expect(proxied.upstream).to.have.length(4);
        expect(proxied.client).to.deep.equal(proxied.upstream);
      });

      it("the SDK read what the upstream said: two participants, a 404 20404, a 401 20003", () => {
        expect(proxied.outcomes.slice(2)).to.deep.equal(["404 20404", "401 20003"]);
      });

      it("prints one line per exchange and never the credentials", () => {
        expect(proxied.stdout.match(/^ {2}(PASS|FAIL) {2}traffic /gm)).to.have.length(4);
        for (const secret of SECRETS) expect(proxied.stdout).not.to.include(secret);
        expect(proxied.stdout).to.include(participantPath(fixtures.phone));
      });
    });
});
