/** `npm run provider`: started by hand, it serves what verify then passes, and stops on SIGTERM. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { expect } from "chai";
import { runCli, tempDir } from "./support.js";

describe("the provider command", () => {
  it("writes its seed to a new fixtures file, serves it, passes verify, and stops on SIGTERM", async function () {
    this.timeout(20_000);
    const fixturesFile = join(tempDir(), "fixtures.json");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/bin/provider.ts", "--fixtures", fixturesFile, "--port", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stderr.on("data", (d) => (output += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        output += d;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`provider exited ${code}: ${output}`)));
    });
    try {
      expect(output).to.include(`Wrote the built-in seed to ${fixturesFile}`);
      const run = await runCli(["--base-url", url, "--fixtures", fixturesFile]);
      expect(run.code, run.stdout + run.stderr).to.equal(0);
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = await once(child, "exit");
    expect(code).to.equal(0);
  });
});
