/**
 * Causes as a table of reports: findings with the same subject, rule and kind of actual
 * value are one cause across checks and layers; a check with several findings goes to
 * the cause that explains the most checks.
 */
import { expect } from "chai";
import type { CheckResult, Finding, Report } from "../../../src/core/findings.js";
import { explain } from "../../../src/report/causes.js";

const HTML: Finding = {
  kind: "header",
  field: "content-type",
  rule: "must be application/json (any letter case, charset allowed)",
  actual: "text/html",
};
const HTML_CHARSET: Finding = { ...HTML, actual: "text/html; charset=utf-8" };
const NOT_JSON: Finding = { kind: "body", field: "(body)", rule: "must be JSON", actual: "<html>" };
const status = (rule: string, actual: number): Finding => ({ kind: "status", field: "status", rule, actual });
const date = (actual: string, kind: Finding["kind"] = "body"): Finding => ({
  kind,
  field: "date_updated",
  rule: "must be an RFC 3339 date-time in GMT (Z or +00:00)",
  actual,
});

let n = 0;
const failed = (...findings: Finding[]): CheckResult => ({
  id: `check-${++n}`,
  title: `check ${n}`,
  group: "probe",
  verdict: "fail",
  findings,
  durationMs: 1,
});
const passed = (): CheckResult => ({ ...failed(), verdict: "pass" });
const report = (...checks: CheckResult[]): Report => ({ baseUrl: "http://x", checks, durationMs: 1, exitCode: 1 });

/** Each row: the checks, and the causes as [title, number of checks], most first. */
const rows: [name: string, checks: () => CheckResult[], causes: [string, number][]][] = [
  ["a passing run has none", () => [passed(), passed()], []],
  [
    "HTML to everything: one cause, whatever status each check expected",
    () => [
      failed(HTML, NOT_JSON),
      failed(status("must be 404", 200), HTML, NOT_JSON),
      failed(status("must be 401", 200), HTML_CHARSET, NOT_JSON),
      failed(HTML),
    ],
    [['header content-type: must be application/json (any letter case, charset allowed), got "text/html"', 4]],
  ],
  [
    "three independent defects: three causes, most checks first",
    () => [
      failed(date("2015-07-30T20:00:00")),
      failed(date("2015-07-30T20:00:00")),
      failed(status("must be 401", 200)),
      failed(status("must be 401", 200)),
      failed(status("must be a 4xx client error", 500)),
      failed(status("must be a 4xx client error", 500)),
      failed(status("must be a 4xx client error", 500)),
      passed(),
    ],
    [
      ["status: must never be a server error (5xx), got 500", 3],
      ['body date_updated: must be an RFC 3339 date-time in GMT (Z or +00:00), got "2015-07-30T20:00:00"', 2],
      ["status: must be 401, got 200", 2],
    ],
  ],
  [
    "the same rule on another kind of value is another cause",
    () => [failed(status("must be 404", 200)), failed(status("must be 404", 500))],
    [
      ["status: must be 404, got 200", 1],
      ["status: must never be a server error (5xx), got 500", 1],
    ],
  ],
  [
    "a server error is one cause, whatever status each check expected",
    () => [failed(status("must be 404", 500)), failed(status("must be 401", 502)), failed(status("must be 200", 500))],
    [["status: must never be a server error (5xx), got 500", 3]],
  ],
  [
    "one status Twilio gives, two ways to say what else is allowed: one cause (the status as data)",
    () => [
      failed({ ...status("must be 401", 200), expected: { keyword: "status", value: 401 } }),
      failed({
        ...status("must be 401, or 405 if HEAD is not allowed", 200),
        expected: { keyword: "status", value: 401 },
      }),
    ],
    [["status: must be 401, got 200", 2]],
  ],
  [
    "the same words for different Twilio statuses are different causes",
    () => [
      failed({ ...status("must be an error", 200), expected: { keyword: "status", value: 401 } }),
      failed({ ...status("must be an error", 200), expected: { keyword: "status", value: 404 } }),
    ],
    [
      ["status: must be an error, got 200", 1],
      ["status: must be an error, got 200", 1],
    ],
  ],
  [
    "one string value or another is one cause (the kind of value counts, not the value)",
    () => [failed(date("2015-07-30")), failed(date("yesterday"))],
    [['body date_updated: must be an RFC 3339 date-time in GMT (Z or +00:00), got "2015-07-30"', 2]],
  ],
  [
    "every answer: the title says so",
    () => [
      { ...failed(HTML), response: { status: 200, headers: {}, body: "", truncated: false } },
      { ...failed(HTML), response: { status: 200, headers: {}, body: "", truncated: false } },
    ],
    [
      [
        'every answer: header content-type: must be application/json (any letter case, charset allowed), got "text/html"',
        2,
      ],
    ],
  ],
];

describe("causes: a table of reports", () => {
  for (const [name, checks, causes] of rows) {
    it(name, () => {
      const explained = explain(report(...checks()));
      expect(explained.causes?.map((c) => [c.title, c.checks.length])).to.deep.equal(causes);
      // Every failed check names one of them, and each cause lists exactly the checks that name it.
      for (const check of explained.checks.filter((c) => c.verdict === "fail")) {
        const cause = explained.causes?.find((c) => c.id === check.cause);
        expect(cause?.checks, check.id).to.include(check.id);
      }
    });
  }

  it("explaining twice changes nothing", () => {
    const once = explain(report(failed(HTML), failed(date("x"))));
    expect(explain(once)).to.equal(once);
  });

  it("ids in order: cause-1 explains the most", () => {
    const explained = explain(report(failed(date("x")), failed(HTML), failed(HTML)));
    expect(explained.causes?.map((c) => c.id)).to.deep.equal(["cause-1", "cause-2"]);
    expect(explained.causes?.[0]?.checks).to.have.length(2);
  });
});
