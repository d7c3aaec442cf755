/**
 * A signing client through the proxy: every request with its own credential (some of
 * them 8,000-character runs of punctuation, for which a redactor built of regular
 * expressions could not even compile its pattern), then the stop SIGTERM gives (the bench
 * sends the signal itself to the built command: bench/hostile-traffic.ts). The proxy
 * judged every exchange, wrote every report, and no credential shows in any form.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { expect } from "chai";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { participantPath } from "../../../src/core/resource.js";
import { fixtures, useProvider } from "../../support/provider.js";
import { tempDir } from "../../support/verify.js";
import { startProxy } from "../traffic/support.js";

const CLIENTS = 100;
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

describe("secrets: a proxy meeting a credential per request, then stopped", () => {
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
    const proxy = await startProxy(
      provider.url,
      ["--json", reports.json, "--junit", reports.junit, "--html", reports.html],
      { GITHUB_STEP_SUMMARY: reports.summary },
    );
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
              .get(`${proxy.url}${participantPath(fixtures.phone)}`, { agent, headers: { authorization } }, (res) => {
                res.resume();
                res.on("end", () => resolve());
              })
              .on("error", reject);
          }),
      ),
    );
    agent.destroy();
    const code = await proxy.stop();
    const stdout = proxy.lines.join("\n");
    // Each credential is wrong: the reference answers each with Twilio's 401, which keeps the contract.
    expect(code, stdout).to.equal(0);
    expect(stdout).to.match(new RegExp(`${CLIENTS} checks: ${CLIENTS} passed`));
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
