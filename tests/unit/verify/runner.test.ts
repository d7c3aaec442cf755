/**
 * The pact worker (src/verify/pact/runner.ts) fails a job as that job's EnvironmentError
 * when its process is gone: a job sent after a close (a cancelled run, a budget spent) must
 * not become an 'error' event that ends the whole process.
 */
import { once } from "node:events";
import { expect } from "chai";
import { EnvironmentError } from "../../../src/core/errors.js";
import { PactWorker } from "../../../src/verify/pact/runner.js";

describe("the pact worker, closed", function () {
  this.timeout(20_000);
  it("a job after the worker is gone rejects with one line, and the process goes on", async () => {
    const worker = new PactWorker();
    // An empty job: the worker is ready and answers at once.
    expect((await worker.run({ runs: [], timeoutMs: 1000, concurrency: 1 }, 10_000)).size).to.equal(0);
    const child = (worker as unknown as { child: import("node:child_process").ChildProcess }).child;
    const exited = once(child, "exit");
    worker.close();
    await exited;
    const error = await worker.run({ runs: [], timeoutMs: 1000, concurrency: 1 }, 10_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(EnvironmentError);
    expect((error as Error).message).to.match(/^the pact verifier stopped/);
  });
});
