/**
 * The library (src/index.ts) agrees with the reports: verify() answers the report as the
 * JSON report holds it (`causes`, each failed check's `cause`, `summary`), and a participant
 * is named one way across the public names (`participantSid`, as ParticipantRef, the
 * fixtures and checkParticipantRules' `requested`), the old client spelling kept working.
 */
import { expect } from "chai";
import {
  checkParticipantRules,
  defaultFixtures,
  type ExplainedReport,
  type ParticipantRef,
  participantBody,
  startProvider,
  variants,
  verify,
} from "../../src/index.js";
import { toJson } from "../../src/report/json.js";
import { wrongSid } from "../support/verify.js";

describe("the library's verify() answers the report as the JSON report holds it", function () {
  this.timeout(30_000);
  const fixtures = defaultFixtures();
  // A failing run: its causes are the part a report computes; a passing one has none to compare.
  const rows = [
    { name: "a provider answering a participant SID with the wrong prefix", mutation: wrongSid, failed: true },
  ] as const;
  for (const row of rows) {
    it(`${row.name}: causes, each check's cause and the summary equal the JSON report's`, async () => {
      const provider = await startProvider({ fixtures, ...(row.mutation ? { mutation: row.mutation } : {}) });
      let report: ExplainedReport;
      try {
        report = await verify({ baseUrl: provider.url, fixtures, timeoutMs: 5000 });
      } finally {
        await provider.close();
      }
      const json = JSON.parse(toJson(report));
      expect(report.causes).to.deep.equal(json.causes);
      expect(report.summary).to.deep.equal(json.summary);
      expect(report.checks.map((c) => c.cause ?? null)).to.deep.equal(
        json.checks.map((c: { cause?: string }) => c.cause ?? null),
      );
      expect(report.causes.length > 0, "causes").to.equal(row.failed);
      expect(report.summary.failed > 0, "failed checks").to.equal(row.failed);
      expect(report.summary.passed + report.summary.failed + report.summary.skipped).to.equal(report.checks.length);
    });
  }
});

describe("one spelling of a participant reference across the library", () => {
  const fixtures = defaultFixtures();
  const ref: ParticipantRef = fixtures.phone;

  it("checkParticipantRules' requested is a ParticipantRef: a body of another participant breaks the sid rule", () => {
    const body = participantBody("https://proxy.twilio.com", fixtures.accountSid, ref, variants.phone.traits);
    expect(checkParticipantRules(body, { requested: ref, accountSid: fixtures.accountSid })).to.deep.equal([]);
    const other: ParticipantRef = { ...ref, participantSid: `KP${"f".repeat(32)}` };
    const fields = checkParticipantRules(body, { requested: other, accountSid: fixtures.accountSid }).map(
      (v) => v.field,
    );
    expect(fields).to.include("sid");
  });

  it("the fixtures' participants are ParticipantRefs the client takes as they are", async () => {
    const provider = await startProvider({ fixtures });
    try {
      const { ParticipantClient } = await import("../../src/index.js");
      const client = new ParticipantClient({
        baseUrl: provider.url,
        username: fixtures.accountSid,
        password: fixtures.authToken,
      });
      expect((await client.fetchParticipant(fixtures.messenger)).sid).to.equal(fixtures.messenger.participantSid);
    } finally {
      await provider.close();
    }
  });
});
