/**
 * Implementations that misbehave, and inputs that are broken: each run ends within its
 * bound, with exit 2 (the checks could not run) or 1 (the implementation answered,
 * wrongly), one line of cause naming the implementation (never the suite's own pact
 * proxy), no stack trace, no token, no library's internal message.
 *
 * No case depends on the machine's speed: a case that must hit the timeout uses a short
 * one (it waits for it anyway); every other case gets a long one it never waits for,
 * and its servers cost only what the suite reads (bodies are streamed on demand).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { inTurns } from "../../../src/core/in-turns.js";
import { createProvider } from "../../../src/provider/index.js";
import { type CliRun, hasStackTrace, runCli, serve, tempDir, writeFixtures } from "../../support/verify.js";
import { argsOf, CASES, fixtures, LONG_MS, SHORT_MS, SLACK_MS } from "./hostile-cases.js";

/** Cases at once: most of them wait on a timeout or a server that never answers, and each has its own servers. */
const AT_ONCE = 4;

/**
 * Within its bound, whatever the machine's speed: a case that waits for its (short) timeout
 * ends within a few of them and the slack; any other was given the long timeout and must end
 * before it could fire once, which it would only reach by waiting (a busy machine, or the
 * cases beside it, cost seconds, never that).
 */
const boundOf = (c: (typeof CASES)[number]) => (c.timeoutMs ? 3 * c.timeoutMs + SLACK_MS : LONG_MS);

describe("hostile conditions", () => {
  const fixturesFile = writeFixtures(fixtures);
  const runs = new Map<string, { run: CliRun; url: string } | Error>();
  before(async function () {
    this.timeout(CASES.reduce((t, c) => t + boundOf(c), 0));
    await inTurns(CASES, AT_ONCE, async (c) => {
      const server = c.server ? await c.server() : { url: "http://127.0.0.1:9", close: async () => undefined };
      try {
        runs.set(c.name, { run: await runCli(argsOf(c, server.url, fixturesFile), c.env), url: server.url });
      } catch (error) {
        runs.set(c.name, error as Error);
      } finally {
        await server.close();
      }
    });
  });

  for (const c of CASES) {
    it(`${c.name}: exit ${c.exit}, one line, within its bound`, async () => {
      const bound = boundOf(c);
      const got = runs.get(c.name);
      if (!got || got instanceof Error) throw got ?? new Error("not run");
      const { run, url } = got;
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.code, output).to.equal(c.exit);
      expect(output).to.match(typeof c.message === "function" ? c.message(url) : c.message);
      if (c.exit === 2) expect(run.stderr.split("\n"), run.stderr).to.have.length(1);
      if (c.absent) expect(output).not.to.match(c.absent);
      expect(hasStackTrace(output), output).to.equal(false);
      expect(output).not.to.include(fixtures.authToken);
      expect(output).not.to.include("unexpected");
      expect(run.ms).to.be.below(bound);
      c.after?.();
    });
  }
});

/** PIDs of live processes whose environment holds the marker (Linux /proc). */
function processesWith(marker: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "latin1").includes(`${marker}=`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(condition: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

function startVerify(
  url: string,
  timeoutMs: number,
  marker: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
) {
  return spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/bin/participant-contract.ts",
      "--base-url",
      url,
      "--fixtures",
      writeFixtures(fixtures),
      "--timeout",
      String(timeoutMs),
      ...extra,
    ],
    { env: { ...process.env, GITHUB_STEP_SUMMARY: "", [marker]: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
}

/**
 * The process cases, each a function that throws on a broken promise. They wait on timers
 * and on other processes, not on each other: started together, each case awaits its own.
 */
const processCases: [name: string, run: () => Promise<void>][] = [
  [
    "ends on a provider that never answers: exit 2, one line on stderr, no process left behind",
    async () => {
      const server = await serve(() => undefined);
      // A marker in the environment, inherited by every process the command starts.
      const marker = `CONTRACT_TEST_${process.pid}_${Date.now()}_silent`;
      try {
        const started = performance.now();
        const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = startVerify(server.url, SHORT_MS, marker);
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => (stdout += d));
          child.stderr.on("data", (d) => (stderr += d));
          child.on("close", (code) => resolve({ code, stdout, stderr }));
        });
        expect(result.code, result.stderr).to.equal(2);
        expect(result.stderr.trim().split("\n"), result.stderr).to.have.length(1);
        expect(result.stderr).to.match(new RegExp(`^error: the provider at .* did not answer within ${SHORT_MS} ms`));
        expect(hasStackTrace(result.stdout + result.stderr)).to.equal(false);
        expect(performance.now() - started).to.be.below(3 * SHORT_MS + SLACK_MS + 4000);
        expect(await until(() => processesWith(marker).length === 0, 3000), "processes left running").to.equal(true);
      } finally {
        await server.close();
      }
    },
  ],
  [
    "killed mid-run, leaves no pact worker behind",
    async () => {
      const server = await serve(() => undefined);
      const marker = `CONTRACT_TEST_${process.pid}_${Date.now()}_killed`;
      try {
        const child = startVerify(server.url, LONG_MS, marker);
        // The command and its forked worker both running: then kill the command, as a CI runner does.
        expect(await until(() => processesWith(marker).length >= 2, 20_000), "the worker started").to.equal(true);
        child.kill("SIGKILL");
        expect(await until(() => processesWith(marker).length === 0, 3000), "processes left running").to.equal(true);
      } finally {
        await server.close();
      }
    },
  ],
  ...(
    [
      { signal: "SIGTERM", exit: 143, why: "a CI cancel or `timeout`" },
      { signal: "SIGINT", exit: 130, why: "Ctrl-C" },
    ] as const
  ).map((row): [string, () => Promise<void>] => [
    `${row.signal} (${row.why}) mid pact phase: exit ${row.exit}, every report written, the rest cancelled, temp files gone`,
    async () => {
      // The live checks pass; the pact requests are never answered, so the run is certainly mid pact phase.
      const reference = createProvider({ fixtures });
      const server = await serve((req, res) => {
        if (req.headers["accept-encoding"] !== "gzip,deflate") reference.emit("request", req, res);
      });
      const marker = `CONTRACT_TEST_${process.pid}_${Date.now()}_${row.signal}`;
      const tmp = tempDir();
      const reports = tempDir();
      const json = join(reports, "report.json");
      const junit = join(reports, "report.xml");
      try {
        const child = startVerify(server.url, LONG_MS, marker, ["--json", json, "--junit", junit], { TMPDIR: tmp });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
        const midPact = () => readdirSync(tmp).some((name) => name.startsWith("participant-contract-pacts-"));
        expect(await until(midPact, 30_000), "the pact phase started").to.equal(true);
        const signalled = performance.now();
        child.kill(row.signal);
        const code = await closed;
        // A hang guard, not a timing: the run must not wait for its 20 s timeout.
        expect(performance.now() - signalled, "time from the signal to the exit").to.be.below(LONG_MS / 2);
        expect(code, stderr).to.equal(row.exit);
        expect(stderr.trim().split("\n"), stderr).to.have.length(1);
        expect(stderr).to.match(new RegExp(`^error: cancelled by ${row.signal}: \\d+ checks finished, \\d+ cancelled`));
        const report = JSON.parse(readFileSync(json, "utf8"));
        expect(report.error).to.match(new RegExp(`cancelled by ${row.signal}`));
        expect(report.exitCode, "the JSON report's exit code is the process's").to.equal(row.exit);
        const verdicts = report.checks.map((c: { verdict: string }) => c.verdict);
        expect(verdicts, "finished live checks").to.include("pass");
        expect(verdicts, "the pact checks that never finished").to.include("cancelled");
        const cancelled = report.checks.find((c: { verdict: string }) => c.verdict === "cancelled");
        expect(cancelled.reason).to.equal(`${row.signal} ended the run before this check finished`);
        expect(existsSync(junit), "the JUnit report").to.equal(true);
        // tsx, which runs the command from source here, keeps its own cache in TMPDIR.
        expect(
          readdirSync(tmp).filter((name) => !name.startsWith("tsx-")),
          "temporary files left",
        ).to.deep.equal([]);
        expect(await until(() => processesWith(marker).length === 0, 3000), "processes left running").to.equal(true);
        expect(hasStackTrace(stderr)).to.equal(false);
      } finally {
        await server.close();
      }
    },
  ]),
];

describe("the verify command as a process: run, killed, cancelled", function () {
  this.timeout(60_000);
  const outcomes = new Map<string, Promise<void>>();
  before(() => {
    for (const [name, run] of processCases) {
      const outcome = run();
      // Awaited by its own case below; until then a failure must not count as unhandled.
      outcome.catch(() => undefined);
      outcomes.set(name, outcome);
    }
  });
  for (const [name] of processCases) it(name, () => outcomes.get(name));
});
