/**
 * The broker commands as processes, started as the package's command starts them
 * (`participant-contract publish|can-i-deploy|record-deployment`): the exit code and
 * stderr of the process itself, not of an in-process call.
 */
import { execFile } from "node:child_process";
import { expect } from "chai";
import { brokerEnv, deadPort, FAKE_TOKEN, pactDirectory } from "../../support/broker.js";

interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function command(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/bin/participant-contract.ts", ...args],
      { env, timeout: 15000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

describe("broker commands as processes", () => {
  const pacts = pactDirectory();
  after(() => pacts.remove());
  // Every process starts at once; each case awaits its own.
  let down: { broker: string; runs: Promise<ProcessRun[]> };
  let tooLarge: Promise<ProcessRun>;
  before(async () => {
    const broker = `http://127.0.0.1:${await deadPort()}`;
    // The default retries are timed in the in-process tests; here only the process is under test.
    const env = brokerEnv(broker, { PACT_BROKER_HTTP_RETRIES: "0" });
    down = {
      broker,
      runs: Promise.all([
        command(["publish", "--dir", pacts.dir], env),
        command(["can-i-deploy", "--to-environment", "production", "--dir", pacts.dir], env),
        command(["record-deployment", "--environment", "production", "--dir", pacts.dir], env),
      ]),
    };
    tooLarge = command(
      ["publish", "--dir", pacts.dir, "--timeout", "1e10"],
      brokerEnv(`http://127.0.0.1:${await deadPort()}`),
    );
  });

  it("publish, can-i-deploy and record-deployment against a down broker: exit 2, one line naming it, fast, no token", async () => {
    const { broker } = down;
    const runs = await down.runs;

    for (const result of runs) {
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.match(/^error: [^\n]+\n$/);
      expect(result.stderr).to.include(broker);
      expect(result.stdout + result.stderr).to.not.include(FAKE_TOKEN);
      expect(result.ms).to.be.below(10_000);
    }
  });

  it("a timeout too large for a timer: one line, no Node warning", async () => {
    const result = await tooLarge;
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'error: --timeout must be a whole number of milliseconds from 1 to 600000, got "1e10"\n',
    );
  });
});
