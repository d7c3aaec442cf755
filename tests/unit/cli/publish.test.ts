import { cpSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expect } from "chai";
import { publish } from "../../../src/cli/publish.js";
import { PACT_CONSUMERS, PACT_PROVIDER } from "../../../src/core/cases.js";
import {
  brokerEnv,
  CONSUMER_BRANCH,
  CONSUMER_VERSION,
  deadPort,
  expectNoSecret,
  FAKE_TOKEN,
  pactDirectory,
  run,
  withoutCliMetadata,
} from "../../support/broker.js";
import { type BrokerDouble, startBrokerDouble } from "../../support/broker-double.js";
import { tempDir } from "../../support/temp.js";

/** What every publish failure line starts with: what was asked, naming the consumers read from the pacts. */
const ASKED = `error: publish 2 pact file\\(s\\) of ${PACT_CONSUMERS.client}, ${PACT_CONSUMERS.sdk} as version ${CONSUMER_VERSION} on branch ${CONSUMER_BRANCH}: `;

/** Runs `fn` with the process in `dir`: the commands read ./pacts from where they run. */
async function inFolder<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

describe("participant-contract publish (real pact CLI against the broker double)", () => {
  let broker: BrokerDouble;
  const pacts = pactDirectory();
  beforeEach(async () => {
    broker = await startBrokerDouble({ token: FAKE_TOKEN });
  });
  afterEach(() => broker.close());
  after(() => pacts.remove());

  it("publishes both consumers' pacts with the commit, branch, tags and build URL", async () => {
    const result = await run(
      publish,
      ["--dir", pacts.dir, "--tag", "dev", "--tag", "rc", "--build-url", "https://ci.example/run/1"],
      brokerEnv(broker.url),
    );

    expectNoSecret(result);
    expect(result.code, result.err).to.equal(0);
    expect(result.out).to.include(
      `published 2 pact file(s) of ${PACT_CONSUMERS.client}, ${PACT_CONSUMERS.sdk} as version ${CONSUMER_VERSION} on branch ${CONSUMER_BRANCH}`,
    );
    const byConsumer = Object.fromEntries(broker.publications.map((p) => [p.pacticipantName, p]));
    expect(Object.keys(byConsumer).sort()).to.deep.equal(Object.values(PACT_CONSUMERS).sort());
    for (const consumer of Object.values(PACT_CONSUMERS)) {
      const { contracts, ...version } = byConsumer[consumer] as Record<string, unknown>;
      expect(version).to.deep.equal({
        pacticipantName: consumer,
        pacticipantVersionNumber: CONSUMER_VERSION,
        branch: CONSUMER_BRANCH,
        tags: ["dev", "rc"],
        buildUrl: "https://ci.example/run/1",
      });
      const [contract] = contracts as Record<string, string>[];
      expect(contract).to.include({ consumerName: consumer, providerName: PACT_PROVIDER, specification: "pact" });
      const content = JSON.parse(Buffer.from(contract?.content ?? "", "base64").toString("utf8"));
      expect(withoutCliMetadata(content)).to.deep.equal(pacts.pacts[consumer]);
    }
    expect(broker.requests.every((r) => r.authorization === `Bearer ${FAKE_TOKEN}`)).to.equal(true);
  });

  const failures: { name: string; token: string; arrange: (b: BrokerDouble) => void; cause: RegExp }[] = [
    {
      name: "a broker that refuses the token: its own status and message, from its index",
      token: "pbtok-some-other-token",
      arrange: () => {},
      cause:
        /the Pact Broker at http:\/\/127\.0\.0\.1:\d+ answered GET http:\/\/127\.0\.0\.1:\d+\/ with HTTP 401: Unauthorized$/,
    },
    {
      name: "a broker that rejects the pact, echoing the token in its message: its message once, unwrapped",
      token: FAKE_TOKEN,
      arrange: (b) =>
        b.failNext({
          method: "POST",
          path: /^\/contracts\/publish$/,
          status: 400,
          message: `token ${FAKE_TOKEN} may not publish`,
        }),
      cause: /the Pact Broker at http:\/\/127\.0\.0\.1:\d+ did not take it: token \[redacted\] may not publish$/,
    },
  ];
  for (const { name, token, arrange, cause } of failures) {
    it(`${name}: exit 2, the cause on one line, no token`, async () => {
      arrange(broker);
      const result = await run(publish, ["--dir", pacts.dir], brokerEnv(broker.url, { PACT_BROKER_TOKEN: token }));

      expectNoSecret(result);
      expect(result.err).to.not.include(token);
      expect(result.code).to.equal(2);
      expect(result.out).to.equal("");
      expect(result.err).to.match(new RegExp(`^${ASKED}[^\\n]+$`));
      expect(result.err).to.match(cause);
    });
  }

  it("a down broker fails at once, asked before the CLI retries: exit 2, one line naming it and why", async () => {
    const port = await deadPort();
    const result = await run(publish, ["--dir", pacts.dir], brokerEnv(`http://127.0.0.1:${port}`));

    expectNoSecret(result);
    expect(result.code).to.equal(2);
    expect(result.err).to.equal(
      `${ASKED.replace(/\\/g, "")}cannot reach the Pact Broker (GET http://127.0.0.1:${port}/): connection refused`,
    );
    expect(result.ms).to.be.below(3000);
  });

  it("a broker that accepts but never answers: given up at --timeout, exit 2", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const result = await run(publish, ["--dir", pacts.dir, "--timeout", "300"], brokerEnv(url));

      expect(result.code).to.equal(2);
      expect(result.err).to.equal(
        `${ASKED.replace(/\\/g, "")}the Pact Broker (GET ${url}/) did not answer within 300 ms`,
      );
      expect(result.ms).to.be.below(1500);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  const usageErrors: [string, string[], Record<string, string>, RegExp][] = [
    ["no broker URL", ["--dir", "."], { PACT_BROKER_BASE_URL: "" }, /PACT_BROKER_BASE_URL is not set/],
    ["an empty pact directory", ["--dir", "src/broker"], {}, /no pact files \(\*\.json\) in src\/broker/],
    [
      "a folder of JSON files that are no pacts",
      ["--dir", "schemas"],
      {},
      /pact file schemas\/\S+ is not a valid pact: no consumer name/,
    ],
    [
      "no --dir, and no ./pacts where it runs (this repository has none)",
      [],
      {},
      /^error: no \.\/pacts folder here: run your consumer tests first \(pact-js writes \.\/pacts\), or give --dir DIR$/,
    ],
    ["a tag with a comma", ["--tag", "a,b", "--dir", "."], {}, /--tag must be a non-empty name without commas/],
    ["an unknown option", ["--version", "1"], {}, /unknown option --version.*--help/],
  ];
  for (const [name, argv, env, message] of usageErrors) {
    it(`${name}: exit 2 before any request`, async () => {
      const result = await run(publish, argv, brokerEnv(broker.url, env));

      expect(result.code).to.equal(2);
      expect(result.err).to.match(message).and.not.include("\n");
      expect(broker.requests).to.deep.equal([]);
    });
  }

  it("without --dir: the pacts in ./pacts, where pact-js writes them", async () => {
    const project = tempDir();
    cpSync(pacts.dir, join(project, "pacts"), { recursive: true });
    const result = await inFolder(project, () => run(publish, [], brokerEnv(broker.url)));

    expect(result.code, result.err).to.equal(0);
    expect(broker.publications.map((p) => p.pacticipantName).sort()).to.deep.equal(
      Object.values(PACT_CONSUMERS).sort(),
    );
  });

  it("--help prints the usage and the variables it reads", async () => {
    const result = await run(publish, ["--help"], brokerEnv(broker.url));

    expect(result.code).to.equal(0);
    expect(result.out)
      .to.include("Usage: participant-contract publish")
      .and.include("PACT_BROKER_TOKEN")
      .and.include("GIT_COMMIT");
  });
});
