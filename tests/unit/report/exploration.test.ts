/**
 * What every reporter shows of the generated part: the seed that repeats the run, and for a
 * generated check the canonical request and answer beside the perturbed ones, a curl line
 * for each; nothing of a secret.
 */
import { expect } from "chai";
import type { CheckResult, Report } from "../../../src/core/findings.js";
import { consoleReporter } from "../../../src/report/console.js";
import { canonicalLines, explorationText } from "../../../src/report/format.js";
import { toJson } from "../../../src/report/json.js";
import { toJUnit } from "../../../src/report/junit.js";

const template = {
  method: "GET",
  target: ["/v1/Services/KS1/Sessions/KC1/Participants/KP1"],
  headers: [
    ["Authorization", ["Basic ", { base64: [{ credential: "accountSid" }, ":", { credential: "authToken" }] }]],
  ],
} as const;
const check: CheckResult = {
  id: "explore/accept",
  title: "Accept as real clients send it: the canonical answer",
  group: "explore",
  verdict: "fail",
  durationMs: 3,
  findings: [{ kind: "status", field: "status", rule: "must be 200, the canonical answer's status", actual: 406 }],
  request: {
    method: "GET",
    path: "/v1/Services/KS1/Sessions/KC1/Participants/KP1",
    credentials: "right",
    headers: { accept: "application/json;q=0.9" },
    template: { ...template, headers: [...template.headers, ["Accept", ["application/json;q=0.9"]]] },
  },
  response: { status: 406, headers: {}, body: "{}", truncated: false },
  canonical: {
    request: { method: "GET", path: "/v1/Services/KS1/Sessions/KC1/Participants/KP1", credentials: "right", template },
    response: { status: 200, headers: { "content-type": "application/json" }, body: '{"sid":"KP1"}', truncated: false },
  },
};
const report: Report = {
  baseUrl: "http://127.0.0.1:3000",
  checks: [check],
  durationMs: 10,
  exitCode: 1,
  exploration: { seed: 77, requests: 200 },
};

describe("reports: the generated part", () => {
  it("the seed, in words that say how to repeat the run", () =>
    expect(explorationText(report)).to.equal(
      "generated: 200 requests from seed 77 (the same seed repeats them: --seed 77)",
    ));
  it("a stopped run names its seed without a count", () =>
    expect(explorationText({ exploration: { seed: 5 } })).to.equal(
      "generated: requests from seed 5 (the same seed repeats them: --seed 5)",
    ));
  it("the canonical request, its answer and its curl line", () => {
    const lines = canonicalLines(check, report.baseUrl);
    expect(lines[0]).to.match(/^canonical: GET \/v1\/.* with the right credentials$/);
    expect(lines[1]).to.equal("canonical answer: 200 application/json, 13 bytes");
    expect(lines[2]).to.match(/^repeat canonical: curl -sS .*\$\{TWILIO_AUTH_TOKEN\}/);
  });
  it("the console: both requests' curl lines under the cause, the seed before the summary", () => {
    const out: string[] = [];
    consoleReporter((l) => out.push(l), false, report.baseUrl).summary(report);
    const text = out.join("\n");
    expect(text).to.include("repeat:  curl");
    expect(text).to.include("repeat canonical: curl");
    expect(out.at(-2)).to.include("--seed 77");
  });
  it("JSON: the exploration, and the canonical request, answer and reproduction on the check", () => {
    const json = JSON.parse(toJson(report)) as {
      exploration: unknown;
      checks: { canonical: { reproduction: string; response: { status: number } } }[];
    };
    expect(json.exploration).to.deep.equal({ seed: 77, requests: 200 });
    expect(json.checks[0]?.canonical.reproduction).to.match(/^curl /);
    expect(json.checks[0]?.canonical.response.status).to.equal(200);
  });
  it("JUnit: the seed as a property of the explore suite, the canonical lines in the failure", () => {
    const xml = toJUnit(report);
    expect(xml).to.include('<property name="seed" value="77"/>');
    expect(xml).to.include("repeat canonical: curl");
  });
});
