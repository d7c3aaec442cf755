/**
 * `participant-contract check` on HAR files recorded here, by fetch, from the reference
 * provider: the recording as it came keeps the contract; two entries tampered after
 * recording fail, and only they; a body kept compressed and base64 (as some tools keep it)
 * is judged like a plain one; the Authorization headers never show in any output.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { type Har, HarRecorder, writeHar } from "../../support/har-recorder.js";
import { useProvider } from "../../support/provider.js";
import { tempDir } from "../../support/verify.js";
import { REQUESTS, run, SECRETS } from "./support.js";

describe("check: HAR files recorded from the reference provider", () => {
  const provider = useProvider();
  const dir = tempDir();
  let recorded: Har;

  before(async () => {
    const recorder = new HarRecorder();
    for (const request of REQUESTS)
      await recorder.fetch(`${provider.url}${request.path}`, {
        headers: {
          accept: "application/json",
          ...(request.authorization ? { authorization: request.authorization } : {}),
        },
      });
    recorded = recorder.har();
  });

  const entry = (har: Har, name: string) => {
    const found = har.log.entries[REQUESTS.findIndex((r) => r.name === name)];
    if (!found) throw new Error(`no entry ${name}`);
    return found;
  };

  it("the recording as it came: every participant exchange passes, the other entry is counted and ignored", async () => {
    const file = writeHar(join(dir, "as-recorded.har"), recorded);
    const result = await run(["check", file]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include("Checking 4 participant exchanges from 1 HAR file (1 other entry ignored)");
    expect(result.stdout).to.match(/4 checks: 4 passed, 0 failed/);
  });

  it("two entries tampered after recording fail, exactly those two, in every report", async () => {
    const har = structuredClone(recorded);
    const phone = entry(har, "phone");
    const body = JSON.parse(phone.response.content.text ?? "{}");
    phone.response.content.text = JSON.stringify({ ...body, sid: `KX${String(body.sid).slice(2)}` });
    const unknown = entry(har, "unknown");
    unknown.response.content.text = JSON.stringify({
      ...JSON.parse(unknown.response.content.text ?? "{}"),
      status: 400,
    });
    // Untampered, but kept as some tools keep it: the bytes as they came, gzip, in base64.
    const messenger = entry(har, "messenger");
    messenger.response.headers.push({ name: "Content-Encoding", value: "gzip" });
    messenger.response.content = {
      ...messenger.response.content,
      text: gzipSync(messenger.response.content.text ?? "").toString("base64"),
      encoding: "base64",
    };
    const file = writeHar(join(dir, "tampered.har"), har);
    const json = join(dir, "tampered.json");
    const junit = join(dir, "tampered.xml");
    const result = await run(["check", file, "--json", json, "--junit", junit]);
    expect(result.code, result.stdout + result.stderr).to.equal(1);
    const report = JSON.parse(readFileSync(json, "utf8")) as {
      checks: { id: string; verdict: string; findings: { field: string; kind: string }[] }[];
    };
    const failed = report.checks.filter((c) => c.verdict === "fail");
    expect(failed.map((c) => c.id)).to.deep.equal([`traffic/${file}#0`, `traffic/${file}#2`]);
    expect(failed.map((c) => c.findings.map((f) => `${f.kind} ${f.field}`))).to.deep.equal([
      ["body sid"],
      ["body status"],
    ]);
    expect(report.checks.map((c) => c.verdict)).to.deep.equal(["fail", "pass", "fail", "pass"]);
    expect(readFileSync(junit, "utf8")).to.include('<testsuite name="traffic" tests="4" failures="2"');
    for (const output of [result.stdout, result.stderr, readFileSync(json, "utf8"), readFileSync(junit, "utf8")])
      for (const secret of SECRETS) expect(output).not.to.include(secret);
  });

  it("an answer that cannot be judged is a failed check naming why, never dropped", async () => {
    const har = structuredClone(recorded);
    const phone = entry(har, "phone");
    phone.response.content = { ...phone.response.content, text: "not base64!", encoding: "base64" };
    const file = writeHar(join(dir, "unjudgeable.har"), har);
    const result = await run(["check", file]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include("http: cannot be judged: its body is marked base64 but is not");
    expect(result.stdout).to.match(/4 checks: 3 passed, 1 failed/);
  });

  it("a response body that echoes the credentials shows them redacted", async () => {
    const har = structuredClone(recorded);
    const phone = entry(har, "phone");
    phone.response.content.text = JSON.stringify({
      echoed: phone.request.headers.find((h) => h.name === "authorization")?.value,
    });
    const file = writeHar(join(dir, "echo.har"), har);
    const json = join(dir, "echo.json");
    const result = await run(["check", file, "--json", json]);
    expect(result.code).to.equal(1);
    for (const output of [result.stdout, readFileSync(json, "utf8")])
      for (const secret of SECRETS) expect(output).not.to.include(secret);
  });

  const exit2: [name: string, argv: () => string[], message: RegExp][] = [
    ["no file named", () => ["check"], /name at least one HAR file/],
    [
      "a file that does not exist",
      () => ["check", join(dir, "missing.har")],
      /cannot read HAR file .*missing\.har: no such file/,
    ],
    [
      "a file with no participant exchange",
      () => {
        const har = structuredClone(recorded);
        har.log.entries = har.log.entries.slice(4);
        return ["check", writeHar(join(dir, "none.har"), har)];
      },
      /HAR file .*none\.har holds no participant exchange \(GET \/v1\/Services\/\{ServiceSid\}.*\) among its 1 entries/,
    ],
    [
      "a file that is no HAR",
      () => ["check", writeHar(join(dir, "not.har"), { log: { entries: [{ request: {} }] } })],
      /HAR file .*not\.har is not HAR 1\.2: log\.entries\.0\.startedDateTime: is required/,
    ],
  ];
  for (const [name, argv, message] of exit2)
    it(`exit 2, one line: ${name}`, async () => {
      const result = await run(argv());
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(message);
      expect(result.stderr.split("\n")).to.have.length(1);
    });
});
