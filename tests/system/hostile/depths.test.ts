/**
 * No input ends as the suite's own bug: JSON of generated depth (to 200,000 levels) and
 * contents of generated size (to past the reader's cap), from every source others control
 * — a provider's answers (judged live and by the pact verifier), a HAR file's recorded
 * answers and credentials, a broker's pact documents — end with the verdict they deserve,
 * exit 1 or 2, one line of cause, every report written; never "unexpected", never a stack
 * overflow, never a stack trace. The seed is in the test names; FC_SEED replays a run.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { main } from "../../../src/cli/main.js";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { writeHar } from "../../support/har-recorder.js";
import { trafficHar } from "../../support/traffic-har.js";
import { hasStackTrace, runCli, serve, type TestServer, tempDir, writeFixtures } from "../../support/verify.js";
import { fixtures } from "./hostile-cases.js";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

/** JSON text nested `depth` levels, by arrays or objects, with `inner` at the bottom. */
function nested(depth: number, object: boolean, inner = "1"): string {
  return object
    ? `${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`
    : `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;
}

/** A generated hostile JSON body: deep, wide or long, alone or under a participant field. */
const hostileJson = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1000, max: 200_000 })),
    object: fc.boolean(),
    field: fc.constantFrom(undefined, "sid", "links", "friendly_name"),
    padding: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * 1024 * 1024 })),
  })
  .map(({ depth, object, field, padding }) => {
    const deep = nested(depth, object, padding ? JSON.stringify("x".repeat(padding)) : "1");
    return field ? `{"${field}": ${deep}}` : deep;
  });

function expectOwnVerdict(code: number, output: string, stderr: string): void {
  expect([1, 2], output.slice(-2000)).to.include(code);
  expect(output).not.to.include("unexpected");
  expect(output).not.to.match(/call stack/i);
  expect(hasStackTrace(output), output.slice(-2000)).to.equal(false);
  if (code === 2) expect(stderr.split("\n"), stderr).to.have.length(1);
}

describe(`hostile depths and sizes from every source (seed ${SEED})`, () => {
  let answer = "";
  let server: TestServer;
  before(async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(answer);
    });
  });
  after(() => server.close());

  it(`a provider answering generated deep or long JSON, judged live and by the pact verifier (seed ${SEED})`, async function () {
    this.timeout(120_000);
    const fixturesFile = writeFixtures(fixtures);
    await fc.assert(
      fc.asyncProperty(hostileJson, async (body) => {
        answer = body;
        const dir = tempDir();
        const json = join(dir, "r.json");
        const run = await runCli([
          "--base-url",
          server.url,
          "--fixtures",
          fixturesFile,
          "--json",
          json,
          "--html",
          join(dir, "r.html"),
          // The generated part meets the same answers: a few of its requests cover its paths, cheaply.
          "--explore",
          "20",
        ]);
        expectOwnVerdict(run.code, `${run.stdout}\n${run.stderr}`, run.stderr);
        expect(JSON.parse(readFileSync(json, "utf8")).checks.length).to.be.greaterThan(0);
        expect(existsSync(join(dir, "r.html"))).to.equal(true);
      }),
      // The answer that overflowed the JSON report writer once, then generated ones.
      { seed: SEED, numRuns: 3, examples: [[`{"sid": ${nested(100_000, false)}}`]] },
    );
  });

  it(`a broker serving a pact document of generated depth or size (seed ${SEED})`, async function () {
    this.timeout(60_000);
    const fixturesFile = writeFixtures(fixtures);
    let pact = "";
    const broker = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/hal+json" });
      if (req.url === "/")
        return res.end(
          JSON.stringify({ _links: { "pb:provider-pacts-for-verification": { href: `${broker.url}/list` } } }),
        );
      if (req.url === "/list")
        return res.end(
          JSON.stringify({
            _embedded: { pacts: [{ shortDescription: "p", _links: { self: { href: `${broker.url}/pact` } } }] },
          }),
        );
      res.end(pact);
    });
    try {
      await fc.assert(
        fc.asyncProperty(hostileJson, async (document) => {
          pact = document;
          const run = await runCli([
            "--base-url",
            "http://127.0.0.1:9",
            "--fixtures",
            fixturesFile,
            "--broker-url",
            broker.url,
            "--provider-version",
            "1",
          ]);
          expect(run.code).to.equal(2);
          expectOwnVerdict(run.code, `${run.stdout}\n${run.stderr}`, run.stderr);
        }),
        { seed: SEED, numRuns: 4 },
      );
    } finally {
      await broker.close();
    }
  });

  it(`a HAR file whose recorded answers and credentials are of generated depth and size (seed ${SEED})`, async function () {
    this.timeout(120_000);
    const content = fc.oneof(
      hostileJson.map((text) => ({ text, encoding: undefined as "base64" | undefined })),
      // Base64 of any size to well past the reader's cap (1 MiB decoded): the file cap bounds it.
      fc
        .integer({ min: 1, max: 4 * 1024 * 1024 })
        .map((size) => ({ text: Buffer.alloc(size, "{").toString("base64"), encoding: "base64" as const })),
    );
    const credential = fc.oneof(
      fc.constant(basicAuthorization(fixtures.accountSid, fixtures.authToken)),
      fc.integer({ min: 1, max: 200_000 }).map((n) => `Basic ${"QUJD".repeat(n)}`),
      fc.integer({ min: 1, max: 200_000 }).map((n) => `Bearer ${" ".repeat(n)}x`),
    );
    await fc.assert(
      fc.asyncProperty(content, credential, async ({ text, encoding }, authorization) => {
        const dir = tempDir();
        const har = trafficHar({
          count: 2,
          answer: () => ({ status: 200, text, ...(encoding ? { encoding } : {}) }),
          authorization: () => authorization,
        });
        const out: string[] = [];
        const err: string[] = [];
        const json = join(dir, "r.json");
        const code = await main(
          ["check", writeHar(join(dir, "h.har"), har), "--json", json, "--junit", join(dir, "r.xml")],
          {
            stdout: (l) => out.push(l),
            stderr: (l) => err.push(l),
            env: { GITHUB_STEP_SUMMARY: join(dir, "s.md") },
            colour: false,
          },
        );
        expectOwnVerdict(code, [...out, ...err].join("\n"), err.join("\n"));
        expect(JSON.parse(readFileSync(json, "utf8")).exitCode).to.equal(code);
      }),
      // An 8 MiB base64 body overflowed the base64 check once; then generated ones.
      {
        seed: SEED,
        numRuns: 6,
        examples: [
          [
            { text: Buffer.alloc(6 * 1024 * 1024, "{").toString("base64"), encoding: "base64" },
            basicAuthorization(fixtures.accountSid, fixtures.authToken),
          ],
        ],
      },
    );
  });
});
