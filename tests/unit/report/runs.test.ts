/**
 * The two runs the reports were rebuilt for, end to end through the command: a provider
 * that answers text/html to everything is one cause within 60 console lines; a provider
 * with three independent defects (a date without its zone, 500 for malformed SIDs, the
 * messenger participant served without credentials) is three causes, each named within
 * the first dozen lines. No console line quotes a regular expression.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { defaultFixtures, type RunningProvider, startProvider } from "../../../src/provider/index.js";
import { type CliRun, runCli, serve, type TestServer, tempDir, writeFixtures } from "../../support/verify.js";
import { letThrough, malformedSid404, sameRef, setField, setStatus } from "../../system/mutation/mutations.js";

const fixtures = defaultFixtures();

/** A raw pattern in prose: anchors, classes, quantifiers. */
const REGEX = /\^\[|\]\{\d|\$'|\[0-9|\(\?:/;

interface Run extends CliRun {
  lines: string[];
  json: {
    causes: { id: string; title: string; checks: string[] }[];
    checks: { id: string; verdict: string; cause?: string; response?: unknown }[];
  };
}

async function verifyAgainst(url: string): Promise<Run> {
  const dir = tempDir();
  const run = await runCli([
    "--base-url",
    url,
    "--fixtures",
    writeFixtures(fixtures, dir),
    "--json",
    join(dir, "r.json"),
  ]);
  return { ...run, lines: run.stdout.split("\n"), json: JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) };
}

describe("reports: a provider that answers 200 text/html to everything", () => {
  let server: TestServer;
  let run: Run;
  before(async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>hello</body></html>");
    });
    run = await verifyAgainst(server.url);
  });
  after(() => server.close());

  it("exit 1, one cause explaining every failed check", () => {
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    const failed = run.json.checks.filter((c) => c.verdict === "fail");
    expect(failed.length).to.be.greaterThan(30);
    expect(run.json.causes).to.have.length(1);
    expect(run.json.causes[0]?.checks).to.have.members(failed.map((c) => c.id));
    expect(failed.every((c) => c.cause === "cause-1")).to.equal(true);
  });
  it("the cause in words: the content type is text/html, not JSON", () =>
    expect(run.json.causes[0]?.title).to.equal(
      'every answer: header content-type: must be application/json (any letter case, charset allowed), got "text/html"',
    ));
  it("at most 60 console lines, the cause in the first three", () => {
    expect(run.lines.length, run.stdout).to.be.at.most(60);
    expect(run.lines.slice(0, 3).join("\n")).to.include("cause-1  every answer: header content-type");
  });
  it("every check carries what the provider answered (a generated check that passed has nothing to show)", () =>
    expect(
      run.json.checks.filter((c) => c.response === undefined && !(c.id.startsWith("explore/") && c.verdict === "pass")),
    ).to.deep.equal([]));
  it("no console line quotes a regular expression", () =>
    expect(run.lines.filter((l) => REGEX.test(l))).to.deep.equal([]));
});

describe("reports: a provider with three independent defects", () => {
  let provider: RunningProvider;
  let run: Run;
  before(async () => {
    const date = setField("date_updated", () => "2015-07-30T20:00:00");
    const crash = setStatus(500, malformedSid404, true);
    const open = letThrough((_verdict, c) => sameRef(c.requested, c.fixtures.messenger));
    provider = await startProvider({
      fixtures,
      mutation: {
        ...open,
        respond: async (response, context) => {
          const dated = (await date.respond?.(response, context)) ?? response;
          return (await crash.respond?.(dated, context)) ?? dated;
        },
      },
    });
    run = await verifyAgainst(provider.url);
  });
  after(() => provider.close());

  it("three causes, in words, each naming its checks", () => {
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    expect(run.json.causes.map((c) => c.title)).to.deep.equal([
      "status: must never be a server error (5xx), got 500",
      'body date_updated: must be an RFC 3339 date-time in GMT (Z or +00:00), got "2015-07-30T20:00:00"',
      "status: must be 401, got 200",
    ]);
    // Every failed check is explained by exactly one of them.
    const failed = run.json.checks.filter((c) => c.verdict === "fail").map((c) => c.id);
    expect(run.json.causes.flatMap((c) => c.checks)).to.have.members(failed);
    const [crash, date, open] = run.json.causes;
    expect(crash?.checks.filter((id) => id.startsWith("probe/malformed-sid/"))).to.have.length(18);
    // The date: the schema layer and the pact verifier, one cause.
    expect(date?.checks.some((id) => id.startsWith("pact/"))).to.equal(true);
    expect(date?.checks.some((id) => id.startsWith("conformance/"))).to.equal(true);
    // GET and HEAD, without credentials and with a wrong password: one defect.
    expect(open?.checks).to.include.members(["probe/no-credentials/messenger", "probe/wrong-password/messenger"]);
    expect(open?.checks.filter((id) => id.startsWith("probe/")).every((id) => id.endsWith("/messenger"))).to.equal(
      true,
    );
  });
  it("every cause named in the first dozen console lines", () => {
    const head = run.lines.slice(0, 12).join("\n");
    for (const cause of run.json.causes) expect(head, run.stdout).to.include(`${cause.id}  ${cause.title}`);
  });
  it("each failed check one line naming its cause", () => {
    for (const check of run.json.checks.filter((c) => c.verdict === "fail"))
      expect(
        run.lines.filter((l) => l.startsWith("  FAIL") && l.endsWith(`: ${check.cause}`)).length,
      ).to.be.greaterThan(0);
  });
  it("no console line quotes a regular expression", () =>
    expect(run.lines.filter((l) => REGEX.test(l))).to.deep.equal([]));
});
