import { writeFileSync, readFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { defaultFixtures, startProvider } from "/work/wt-d/src/provider/index.js";
import { PactWorker, verify } from "/work/wt-d/src/verify/index.js";
it("zero", async function () {
  this.timeout(30000);
  const pact = JSON.parse(readFileSync("/work/wt-d/contracts/participant-client-twilio-proxy-participants.json", "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "z-"));
  const file = join(dir, "p.json");
  writeFileSync(file, JSON.stringify({ ...pact, interactions: [] }));
  const fixtures = defaultFixtures();
  const p = await startProvider({ fixtures });
  const w = new PactWorker();
  for (const pacts of [file, file, "/work/wt-d/contracts/participant-client-twilio-proxy-participants.json", "/work/wt-d/contracts/participant-client-twilio-proxy-participants.json"]) {
    const t = performance.now();
    const r = await verify({ baseUrl: p.url, fixtures, pacts, pactWorker: w });
    console.log(pacts.length, r.exitCode, r.checks.length, Math.round(performance.now() - t), r.checks.filter(c=>c.group==="pact").map(c=>c.verdict+c.findings.map(f=>f.rule).join()));
  }
  w.close(); await p.close();
});
