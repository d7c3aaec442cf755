/** The three reporters render the same report: one line per check and finding, valid XML, complete JSON. */
import { expect } from "chai";
import { consoleReporter } from "../../src/report/console.js";
import { toJson } from "../../src/report/json.js";
import { toJUnit } from "../../src/report/junit.js";
import type { CheckResult, Report } from "../../src/verify/findings.js";

const check = (overrides: Partial<CheckResult>): CheckResult => ({
  id: "conformance/phone",
  title: "phone participant",
  group: "conformance",
  verdict: "pass",
  findings: [],
  durationMs: 12,
  ...overrides,
});

const report: Report = {
  baseUrl: "http://127.0.0.1:3000",
  durationMs: 345,
  exitCode: 1,
  checks: [
    check({}),
    check({
      id: "conformance/messenger",
      title: 'messenger <participant> & "friends"',
      verdict: "fail",
      findings: [{ kind: "body", field: "sid", rule: "must match ^KP[0-9a-fA-F]{32}$", actual: "KX<1>\u0001" }],
    }),
    check({
      id: "pact/c/d",
      group: "pact",
      title: "c: d",
      verdict: "pending",
      findings: [{ kind: "pact", field: "sid", rule: "Expected 'KX' to match" }],
    }),
  ],
};

describe("reporters", () => {
  it("console: a line per check, a line per finding, a summary; no colour unless asked", () => {
    const lines: string[] = [];
    const reporter = consoleReporter((l) => lines.push(l), false);
    for (const c of report.checks) reporter.check(c);
    reporter.summary(report);
    expect(lines).to.deep.equal([
      "  PASS  conformance phone participant",
      '  FAIL  conformance messenger <participant> & "friends"',
      '        ✗ body sid: must match ^KP[0-9a-fA-F]{32}$, got "KX<1>\\u0001"',
      "  PEND  pact        c: d",
      "        ✗ pact sid: Expected 'KX' to match",
      "3 checks: 1 passed, 1 failed, 1 pending in 0.34 s against http://127.0.0.1:3000",
    ]);
  });

  it("JUnit: a testcase per check, failures and skips counted, text escaped, control characters dropped", () => {
    const xml = toJUnit(report);
    expect((xml.match(/<testcase /g) ?? []).length).to.equal(3);
    expect(xml).to.include('<testsuite name="conformance" tests="2" failures="1" skipped="0"');
    expect(xml).to.include('<testsuite name="pact" tests="1" failures="0" skipped="1"');
    expect(xml).to.include('name="messenger &lt;participant&gt; &amp; &quot;friends&quot;"');
    expect(xml).to.include("<skipped message=");
    expect(xml).not.to.include("\u0001");
    expect(xml).not.to.match(/<[^>]*<participant>/);
  });

  it("JSON: every check with verdict, findings as data and as text", () => {
    const json = JSON.parse(toJson(report));
    expect(json.summary).to.deep.equal({ passed: 1, failed: 1, pending: 1 });
    expect(json.exitCode).to.equal(1);
    expect(json.checks[1].findings[0]).to.deep.include({ field: "sid", actual: "KX<1>\u0001" });
    expect(json.checks[1].findings[0].message).to.match(/^body sid: must match/);
    expect(json.checks[2].findings[0]).not.to.have.property("actual");
  });
});
