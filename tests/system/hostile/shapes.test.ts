/**
 * Hostile answers of any shape: generated JSON (deep, huge, wrongly shaped) served as the
 * broker's index, as its list of pacts, and as the state endpoint's answer. Whatever the
 * shape, the run ends with exit 2 and one line naming the endpoint, never with the suite's
 * own bug word ("unexpected"), never with a stack trace.
 */
import { expect } from "chai";
import fc from "fast-check";
import { hasStackTrace, runCli, serve, type TestServer, writeFixtures } from "../../support/verify.js";
import { fixtures } from "./hostile-cases.js";

const SEED = Date.now() % 1_000_000;
const RUNS = 12;

/** JSON text nested `depth` deep, by arrays or objects. */
const deepText = fc
  .record({ depth: fc.integer({ min: 100, max: 60_000 }), object: fc.boolean() })
  .map(({ depth, object }) =>
    object ? `${'{"a":'.repeat(depth)}0${"}".repeat(depth)}` : `${"[".repeat(depth)}${"]".repeat(depth)}`,
  );
/** Any JSON, and JSON shaped almost like HAL, with wrong types where links and lists belong. */
const anything = fc.jsonValue({ maxDepth: 4 });
const halLike = fc.record({
  _links: fc.oneof(anything, fc.dictionary(fc.constantFrom("self", "pb:provider-pacts-for-verification"), anything)),
  _embedded: fc.oneof(anything, fc.record({ pacts: fc.oneof(anything, fc.array(anything, { maxLength: 3 })) })),
});
const hostileText = fc.oneof(
  deepText,
  anything.map((v) => JSON.stringify(v)),
  halLike.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 40 }),
);

describe(`hostile answers of generated shapes (seed ${SEED})`, () => {
  const fixturesFile = writeFixtures(fixtures);
  const credentialsFile = writeFixtures({ accountSid: fixtures.accountSid, authToken: fixtures.authToken });
  let answer = "";
  let server: TestServer;
  before(async () => {
    // The broker's index links its list to itself; every other request gets the generated answer.
    server = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/" && answer.startsWith("INDEX:")) {
        return res.end(
          JSON.stringify({ _links: { "pb:provider-pacts-for-verification": { href: `${server.url}/list` } } }),
        );
      }
      res.end(answer.replace(/^INDEX:/, ""));
    });
  });
  after(() => server.close());

  /** Verification from the broker under test; the provider is never reached (the broker's answer stops the run first). */
  const brokerArgs = () => [
    "--base-url",
    "http://127.0.0.1:9",
    "--fixtures",
    fixturesFile,
    "--broker-url",
    server.url,
    "--provider-version",
    "1",
  ];

  const endpoints = [
    {
      name: "the broker's index",
      args: brokerArgs,
      prefix: "",
      names: /Pact Broker|the broker at http/,
    },
    {
      name: "the broker's list of pacts",
      args: brokerArgs,
      prefix: "INDEX:",
      names: /Pact Broker|the broker at http/,
    },
    {
      name: "the state endpoint",
      args: () => [
        "--base-url",
        "http://127.0.0.1:9",
        "--fixtures",
        credentialsFile,
        "--state-setup-url",
        `${server.url}/state`,
      ],
      prefix: "",
      names: /^error: state setup http:\/\/127\.0\.0\.1:\d+ /,
    },
  ];
  for (const endpoint of endpoints) {
    it(`${endpoint.name}: exit 2, one line naming it, never "unexpected"`, async function () {
      this.timeout(60_000);
      await fc.assert(
        fc.asyncProperty(hostileText, async (text) => {
          answer = endpoint.prefix + text;
          const run = await runCli(endpoint.args());
          const output = `${run.stdout}\n${run.stderr}`;
          expect(run.code, output).to.equal(2);
          expect(run.stderr.split("\n"), run.stderr).to.have.length(1);
          expect(run.stderr).to.match(endpoint.names);
          expect(output).not.to.include("unexpected");
          expect(hasStackTrace(output), output).to.equal(false);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});
