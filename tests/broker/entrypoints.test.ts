/**
 * The npm scripts' entry files, run as the scripts run them (node --import tsx …), once
 * each: the exit code and stderr of the process itself, not of an in-process call.
 */
import { execFile } from "node:child_process";
import { expect } from "chai";
import { brokerEnv, deadPort, FAKE_TOKEN, pactDirectory } from "./support.js";

interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function node(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", script, ...args],
      { env, timeout: 15000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

describe("broker npm scripts as processes", () => {
  const pacts = pactDirectory();
  after(() => pacts.remove());

  it("pact:publish and can-i-deploy against a down broker: exit 2, one line on stderr, fast, no token", async () => {
    // The default retries are timed in the in-process tests; here only the process is under test.
    const env = brokerEnv(`http://127.0.0.1:${await deadPort()}`, { PACT_BROKER_HTTP_RETRIES: "0" });
    const runs = await Promise.all([
      node("src/broker/publish-cli.ts", ["--contracts", pacts.dir], env),
      node("src/broker/can-i-deploy-cli.ts", ["--to-environment", "production"], env),
    ]);

    for (const result of runs) {
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.match(/^error: [^\n]*127\.0\.0\.1[^\n]*\n$/);
      expect(result.stdout + result.stderr).to.not.include(FAKE_TOKEN);
      expect(result.ms).to.be.below(5000);
    }
  });
});
