/**
 * Blame where it belongs, for check and proxy: a limit of this machine (file descriptors,
 * a port in use) is exit 2 naming it, never the upstream breaking the contract; a client
 * that leaves mid-exchange makes it `cancelled`, not a finding against the upstream;
 * /dev/null takes reports; a reader that closes stdout (`| head -n 3`) ends the output
 * quietly, with the verdict's exit; and exchanges recorded against several origins each
 * get a repeat line naming their own, one curl can run.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { expect } from "chai";
import { participantPath } from "../../../src/core/resource.js";
import { writeHar } from "../../support/har-recorder.js";
import { fixtures } from "../../support/provider.js";
import { trafficHar } from "../../support/traffic-har.js";
import { hasStackTrace, serve, tempDir } from "../../support/verify.js";
import { authorization, run, startProxy } from "./support.js";

const PATH = participantPath(fixtures.phone);
const COMMAND = ["--import", "tsx", "src/bin/participant-contract.ts"];

interface Shell {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  pid: number | undefined;
  /** What it printed so far. */
  stdout(): string;
}

/** A script in bash (for ulimit and pipes; `exec` makes the command the process signalled). */
function shell(script: string): Shell {
  const child = spawn("bash", ["-c", script], { env: { ...process.env, GITHUB_STEP_SUMMARY: "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return {
    done: new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr }))),
    pid: child.pid,
    stdout: () => stdout,
  };
}

const node = `${JSON.stringify(process.execPath)} ${COMMAND.join(" ")}`;

describe("blame where it belongs: check and proxy", () => {
  it("exchanges recorded against several origins: each repeat line names its own origin", async () => {
    const dir = tempDir();
    const origins = ["https://proxy.twilio.com", "http://127.0.0.1:4010"];
    const file = writeHar(join(dir, "two.har"), trafficHar({ count: 4, origins }));
    const json = join(dir, "two.json");
    const result = await run(["check", file, "--verbose", "--json", json]);
    expect(result.code).to.equal(1);
    const repeats = result.stdout.split("\n").filter((l) => /repeat: /.test(l));
    expect(repeats.length).to.be.greaterThan(0);
    for (const line of repeats)
      expect(line).to.match(/curl -sS .*'(https:\/\/proxy\.twilio\.com|http:\/\/127\.0\.0\.1:4010)\/v1\//);
    const report = JSON.parse(readFileSync(json, "utf8")) as { checks: { reproduction: string }[] };
    expect(report.checks.map((c) => /'([a-z]+:\/\/[^/]+)\//.exec(c.reproduction)?.[1])).to.deep.equal([
      origins[0],
      origins[1],
      origins[0],
      origins[1],
    ]);
    expect(result.stdout).not.to.match(/curl[^\n]*several origins/);
  });

  it("every report of check sent to /dev/null: accepted, the verdict's exit", async () => {
    const file = writeHar(join(tempDir(), "one.har"), trafficHar({ count: 1 }));
    const result = await run(["check", file, "--json", "/dev/null", "--junit", "/dev/null", "--html", "/dev/null"], {
      GITHUB_STEP_SUMMARY: "/dev/null",
    });
    expect(result.code, result.stderr).to.equal(1);
    expect(result.stderr).to.equal("");
  });

  it("stdout closed by its reader (| head -n 3): the verdict's exit, nothing on stderr", async function () {
    this.timeout(20_000);
    const file = writeHar(join(tempDir(), "many.har"), trafficHar({ count: 400 }));
    const { done } = shell(
      `set -o pipefail; ${node} check ${file} --verbose | head -n 3; echo "exit \${PIPESTATUS[0]}" >&2`,
    );
    const { stdout, stderr } = await done;
    expect(stdout.split("\n").filter(Boolean)).to.have.length(3);
    expect(stderr.trim()).to.equal("exit 1");
  });

  it("a client that leaves mid-answer: its exchange is cancelled, not the upstream's failure", async () => {
    const upstream = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"sid": "KP');
      // The rest never comes: the client gives up first.
    });
    const proxy = await startProxy(upstream.url, ["--timeout", "20000"]);
    try {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${proxy.url}${PATH}`, { headers: { authorization }, agent: false }, (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        });
        req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
      });
      while (!proxy.lines.some((l) => /^ {2}(PASS|FAIL|STOP) /.test(l))) await new Promise((r) => setTimeout(r, 5));
      const code = await proxy.stop();
      const output = proxy.lines.join("\n");
      expect(output).to.match(/STOP {2}traffic +GET \/v1\/.* \(the client left before the answer was whole\)/);
      expect(output).not.to.match(/FAIL|closed the connection/);
      expect(code).to.equal(0);
    } finally {
      await upstream.close();
    }
  });

  it("the proxy's port in use: exit 2 naming it", async () => {
    const taken = await serve(() => undefined);
    try {
      const result = await run(["proxy", "--upstream", "http://127.0.0.1:9", "--port", new URL(taken.url).port]);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(
        /^error: cannot listen on 127\.0\.0\.1:\d+: the address is in use by another process \(EADDRINUSE\)$/,
      );
    } finally {
      await taken.close();
    }
  });

  it("out of file descriptors: exit 2 naming the limit, the exchanges cancelled, not failed", async function () {
    this.timeout(30_000);
    // An upstream that takes every connection and never answers: each exchange holds two descriptors.
    let accepted = 0;
    const held = new Set<net.Socket>();
    const upstream = net.createServer((socket) => {
      accepted++;
      held.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`;
    const dir = tempDir();
    const proxy = shell(
      `ulimit -n 60; exec ${node} proxy --upstream ${upstreamUrl} --port 0 --json ${join(dir, "r.json")}`,
    );
    const clients: http.ClientRequest[] = [];
    try {
      const started = performance.now();
      const listening = () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proxy.stdout())?.[1];
      while (!listening() && performance.now() - started < 15_000) await new Promise((r) => setTimeout(r, 50));
      const url = listening() ?? "";
      expect(url, "the proxy listens").not.to.equal("");
      const CLIENTS = 40;
      let settled = 0;
      for (let i = 0; i < CLIENTS; i++) {
        const req = http.get(`${url}${PATH}`, { headers: { authorization }, agent: false }, (res) => {
          res.resume();
          res.on("end", () => settled++);
        });
        req.on("error", () => settled++);
        clients.push(req);
      }
      // Every client either waits on an upstream connection or was turned away for want of a descriptor.
      const deadline = performance.now() + 20_000;
      while (accepted + settled < CLIENTS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(settled, "clients turned away for want of a descriptor").to.be.greaterThan(0);
      process.kill(proxy.pid as number, "SIGTERM");
      const { code, stderr, stdout } = await proxy.done;
      expect(code, stdout + stderr).to.equal(2);
      expect(stderr.trim()).to.match(/^error: .*limit of open files .*\(EMFILE\)$/);
      expect(hasStackTrace(stdout + stderr)).to.equal(false);
      expect(stdout).not.to.match(/^ {2}FAIL /m);
      expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).error).to.match(/EMFILE/);
    } finally {
      for (const req of clients) req.destroy();
      for (const socket of held) socket.destroy();
      upstream.close();
    }
  });
});
