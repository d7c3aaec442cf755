/**
 * A signing client through the proxy, as a process: every request with its own credential
 * (some of them long runs of punctuation, which a redactor built of regular expressions
 * could not even compile), then SIGTERM. The proxy judged every exchange, wrote every
 * report, and no credential shows in any form in any output.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { expect } from "chai";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { participantPath } from "../../../src/core/resource.js";
import { fixtures, useProvider } from "../../support/provider.js";
import { tempDir } from "../../support/verify.js";

const CLIENTS = 150;
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

describe("secrets: a proxy meeting a credential per request, stopped by SIGTERM", () => {
  const provider = useProvider();

  it(`${CLIENTS} distinct credentials, long punctuation ones among them: every exchange judged, every report written, none shown`, async function () {
    this.timeout(60_000);
    const dir = tempDir();
    const reports = {
      json: join(dir, "r.json"),
      junit: join(dir, "r.xml"),
      html: join(dir, "r.html"),
      summary: join(dir, "s.md"),
    };
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/bin/participant-contract.ts",
        "proxy",
        "--upstream",
        provider.url,
        "--port",
        "0",
        "--json",
        reports.json,
        "--junit",
        reports.junit,
        "--html",
        reports.html,
      ],
      { env: { ...process.env, GITHUB_STEP_SUMMARY: reports.summary } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const started = performance.now();
    let url: string | undefined;
    while (!url && performance.now() - started < 20_000) {
      await new Promise((r) => setTimeout(r, 20));
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    }
    expect(url, stdout + stderr).to.be.a("string");
    // Every tenth an 8,000-character run of punctuation under Bearer (the old redactor's regex for one did not compile).
    const headers = Array.from({ length: CLIENTS }, (_, i) =>
      i % 10 === 0
        ? `Bearer ${i}${PUNCTUATION.repeat(250)}`
        : basicAuthorization(fixtures.accountSid, randomBytes(16).toString("hex")),
    );
    const agent = new http.Agent({ keepAlive: false, maxSockets: 20 });
    await Promise.all(
      headers.map(
        (authorization) =>
          new Promise<void>((resolve, reject) => {
            http
              .get(`${url}${participantPath(fixtures.phone)}`, { agent, headers: { authorization } }, (res) => {
                res.resume();
                res.on("end", () => resolve());
              })
              .on("error", reject);
          }),
      ),
    );
    agent.destroy();
    child.kill("SIGTERM");
    const code = await exited;
    // Each credential is wrong: the reference answers each with Twilio's 401, which keeps the contract.
    expect(code, stderr).to.equal(0);
    expect(stdout).to.match(new RegExp(`${CLIENTS} checks: ${CLIENTS} passed`));
    expect(stderr).to.equal("");
    const json = JSON.parse(readFileSync(reports.json, "utf8")) as { checks: unknown[] };
    expect(json.checks).to.have.length(CLIENTS);
    const outputs = [stdout, ...Object.values(reports).map((path) => readFileSync(path, "utf8"))];
    for (const authorization of headers) {
      const credential = authorization.slice(authorization.indexOf(" ") + 1);
      for (const output of outputs)
        for (const form of [credential, JSON.stringify(credential).slice(1, -1)])
          expect(output.includes(form), form.slice(0, 40)).to.equal(false);
    }
  });
});
