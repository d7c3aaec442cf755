/**
 * A broker command as a process, started as the package's command starts it
 * (`participant-contract publish`): the exit code and stderr of the process itself, not of
 * an in-process call. The three broker commands share that entry (main, runCommand); each
 * one's own failures are tested in-process (publish.test.ts, deploy.test.ts).
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
  let down: { broker: string; run: Promise<ProcessRun> };
  let tooLarge: Promise<ProcessRun>;
  before(async () => {
    const broker = `http://127.0.0.1:${await deadPort()}`;
    // The default retries are timed in the in-process tests; here only the process is under test.
    const env = brokerEnv(broker, { PACT_BROKER_HTTP_RETRIES: "0" });
    down = { broker, run: command(["publish", "--dir", pacts.dir], env) };
    tooLarge = command(
      ["publish", "--dir", pacts.dir, "--timeout", "1e10"],
      brokerEnv(`http://127.0.0.1:${await deadPort()}`),
    );
  });

  it("publish against a down broker: exit 2, one line naming it, fast, no token", async () => {
    const { broker } = down;
    const runs = [await down.run];

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
