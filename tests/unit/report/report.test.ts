/**
 * The reporters render the same report: console lines, JUnit XML that a strict XML 1.0
 * parser accepts whatever the strings hold, JSON with every field as data, and the
 * Markdown step summary with provider text escaped.
 */
import { expect } from "chai";
import fc from "fast-check";
import { SaxesParser } from "saxes";
import type { CheckResult, Finding, Report } from "../../../src/core/findings.js";
import { consoleReporter } from "../../../src/report/console.js";
import { formatFinding } from "../../../src/report/format.js";
import { toHtml } from "../../../src/report/html.js";
import { toJson } from "../../../src/report/json.js";
import { toJUnit, xmlAttribute, xmlText } from "../../../src/report/junit.js";
import { code, markdownText, toMarkdown } from "../../../src/report/markdown.js";
import { anyString } from "../../support/arbitraries.js";

const BASE_URL = "http://127.0.0.1:3000";
const PATH = "/v1/Services/KS1/Sessions/KC1/Participants/KP1";

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
  baseUrl: BASE_URL,
  durationMs: 345,
  exitCode: 1,
  checks: [
    check({}),
    check({
      id: "conformance/messenger",
      title: 'messenger <participant> & "friends"',
      verdict: "fail",
      durationMs: 1500,
      findings: [{ kind: "body", field: "sid", rule: "must match ^KP[0-9a-fA-F]{32}$", actual: "KX<1>\u0001" }],
      request: { method: "GET", path: PATH, credentials: "right" },
    }),
    check({
      id: "pact/c/d",
      group: "pact",
      title: "c: d",
      verdict: "pending",
      findings: [{ kind: "pact", field: "sid", rule: "Expected 'KX' to match" }],
    }),
    check({
      id: "probe/other-account",
      group: "probe",
      title: "another account's participant",
      verdict: "skipped",
      reason: "the fixtures name no otherAccount",
    }),
  ],
};

/** The first well-formedness error a strict XML 1.0 parser reports, or undefined. */
function xmlError(xml: string): string | undefined {
  const parser = new SaxesParser();
  let error: string | undefined;
  parser.on("error", (e) => {
    error ??= e.message;
  });
  parser.write(xml).close();
  return error;
}

/** The text and attribute values of every element, as the parser decoded them. */
function parsedTexts(xml: string): { text: string[]; attributes: string[] } {
  const parser = new SaxesParser();
  const text: string[] = [];
  const attributes: string[] = [];
  parser.on("text", (t) => text.push(t));
  parser.on("opentag", (tag) => attributes.push(...Object.values(tag.attributes).map(String)));
  parser.write(xml).close();
  return { text, attributes };
}

describe("reporters: findings name their subject once", () => {
  const cases: [name: string, finding: Finding, text: string][] = [
    ["a status", { kind: "status", field: "status", rule: "must be 200", actual: 500 }, "status: must be 200, got 500"],
    [
      "a body field",
      { kind: "body", field: "sid", rule: "must match x", actual: "KX" },
      'body sid: must match x, got "KX"',
    ],
    [
      "the body as a whole",
      { kind: "body", field: "(body)", rule: "must be JSON", actual: "<" },
      'body: must be JSON, got "<"',
    ],
    ["a header", { kind: "header", field: "content-type", rule: "must match x" }, "header content-type: must match x"],
    [
      "a pact interaction",
      { kind: "pact", field: "(interaction)", rule: "was not verified" },
      "pact: was not verified",
    ],
    ["a rule on a field", { kind: "rule", field: "status", rule: "must equal 404" }, "rule status: must equal 404"],
  ];
  for (const [name, finding, text] of cases) {
    it(name, () => expect(formatFinding(finding)).to.equal(text));
  }
});

describe("reporters: console", () => {
  it("--verbose: a line per check, a line per finding, the request and a curl line under a failure, then the causes", () => {
    const lines: string[] = [];
    const reporter = consoleReporter((l) => lines.push(l), false, BASE_URL, true);
    for (const c of report.checks) reporter.check(c);
    reporter.summary(report);
    expect(lines).to.deep.equal([
      "  PASS  conformance phone participant",
      '  FAIL  conformance messenger <participant> & "friends"',
      '        ✗ body sid: must match ^KP[0-9a-fA-F]{32}$, got "KX<1>\\u0001"',
      `        request: GET ${PATH} with the right credentials`,
      `        repeat:  curl -sS -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" '${BASE_URL}${PATH}'`,
      "  PEND  pact        c: d",
      "        ✗ pact sid: Expected 'KX' to match",
      "  SKIP  probe       another account's participant (the fixtures name no otherAccount)",
      "FAIL  the implementation breaks the contract: 1 failed check, 1 cause",
      '  cause-1  body sid: must match ^KP[0-9a-fA-F]{32}$, got "KX<1>\\u0001": 1 check',
      `        first:   GET ${PATH} with the right credentials`,
      `        repeat:  curl -sS -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" '${BASE_URL}${PATH}'`,
      "4 checks: 1 passed, 1 failed, 1 pending, 1 skipped in 0.34 s against http://127.0.0.1:3000",
    ]);
  });

  it("by default, after the run: the verdict, the causes, a line per check that did not pass, passes per group", () => {
    const lines: string[] = [];
    const reporter = consoleReporter((l) => lines.push(l), false, BASE_URL);
    for (const c of report.checks) reporter.check(c);
    reporter.summary(report);
    expect(lines).to.deep.equal([
      "FAIL  the implementation breaks the contract: 1 failed check, 1 cause",
      '  cause-1  body sid: must match ^KP[0-9a-fA-F]{32}$, got "KX<1>\\u0001": 1 check',
      `        first:   GET ${PATH} with the right credentials`,
      `        repeat:  curl -sS -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" '${BASE_URL}${PATH}'`,
      '  FAIL  conformance messenger <participant> & "friends": cause-1',
      "  PEND  pact        c: d",
      "        ✗ pact sid: Expected 'KX' to match",
      "  SKIP  probe       another account's participant (the fixtures name no otherAccount)",
      "  PASS  conformance: 1 passed",
      "4 checks: 1 passed, 1 failed, 1 pending, 1 skipped in 0.34 s against http://127.0.0.1:3000",
    ]);
  });
});

describe("reporters: JUnit", () => {
  const xml = toJUnit(report);

  it("is well-formed XML 1.0", () => expect(xmlError(xml)).to.equal(undefined));

  const includes: [name: string, fragment: string][] = [
    ["a suite counts its failures", '<testsuite name="conformance" tests="2" failures="1" errors="0" skipped="0"'],
    ["a pending check is skipped", '<testsuite name="pact" tests="1" failures="0" errors="0" skipped="1"'],
    ["a skipped check is skipped", '<testsuite name="probe" tests="1" failures="0" errors="0" skipped="1"'],
    ["the totals", 'tests="4" failures="1" errors="0" skipped="2" time="0.345"'],
    ["a skipped check's reason", '<skipped message="the fixtures name no otherAccount"/>'],
    ["each check's own time", 'name="messenger &lt;participant&gt; &amp; &quot;friends&quot;" time="1.500"'],
    ["the request in the failure text", `request: GET ${PATH} with the right credentials`],
    [
      "the curl line in the failure text",
      `repeat: curl -sS -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" '${BASE_URL}${PATH}'`,
    ],
  ];
  for (const [name, fragment] of includes) {
    it(`holds ${name}`, () => expect(xml).to.include(fragment));
  }

  it("a run that stopped with exit 2: an errored testcase naming the cause, beside the checks that finished", () => {
    const stopped = toJUnit({ ...report, exitCode: 2, error: "cannot reach the provider at http://x: ECONNREFUSED" });
    expect(xmlError(stopped)).to.equal(undefined);
    expect(stopped).to.include('tests="5" failures="1" errors="1" skipped="2"');
    expect(stopped).to.match(/<error message="cannot reach the provider at http:\/\/x: ECONNREFUSED">/);
    expect((stopped.match(/<testcase /g) ?? []).length).to.equal(5);
  });

  const hostile: [name: string, text: string, shown: string][] = [
    ["a control character", "a\u0001b", "a\\u0001b"],
    ["U+FFFF", "a\uFFFFb", "a\\uFFFFb"],
    ["U+FFFE", "a\uFFFEb", "a\\uFFFEb"],
    ["a lone high surrogate", "a\uD800b", "a\\ud800b"],
    ["a lone low surrogate at the end", "a\uDC00", "a\\udc00"],
    ["an astral character, kept", "a\u{1F600}b", "a\u{1F600}b"],
    ["markup, kept as text", '<x a="1">&amp;]]>', '<x a="1">&amp;]]>'],
  ];
  for (const [name, text, shown] of hostile) {
    it(`${name} in a response: valid XML that reads back as ${JSON.stringify(shown)}`, () => {
      const failing = check({ verdict: "fail", title: text, findings: [{ kind: "body", field: text, rule: text }] });
      const doc = toJUnit({ ...report, checks: [failing] });
      expect(xmlError(doc)).to.equal(undefined);
      const { text: texts, attributes } = parsedTexts(doc);
      expect(attributes).to.include(shown);
      expect(texts.join("")).to.include(`body ${shown}: ${shown}`);
    });
  }

  // fast-check prints the seed with any counterexample; FC_SEED replays one.
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  it(`any string (any UTF-16 code units) gives well-formed XML, and valid text reads back unchanged (seed ${seed})`, () => {
    const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 });
    const texts = fc.oneof(
      codeUnits.map((units) => String.fromCharCode(...units)),
      anyString({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const doc = `<a b="${xmlAttribute(text)}">${xmlText(text)}</a>`;
        expect(xmlError(doc), JSON.stringify(text)).to.equal(undefined);
        const { text: texts, attributes } = parsedTexts(doc);
        // Characters XML can carry come back exactly; the rest shows as \uXXXX.
        const carried = text.replace(
          /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu,
          (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`,
        );
        expect(attributes[0]).to.equal(carried);
        expect(texts.join("")).to.equal(carried);
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe("reporters: JSON", () => {
  const json = JSON.parse(toJson(report));

  it("the summary counts every verdict", () =>
    expect(json.summary).to.deep.equal({ passed: 1, failed: 1, pending: 1, skipped: 1, cancelled: 0 }));
  it("a finding as data and as text", () => {
    expect(json.checks[1].findings[0]).to.deep.include({ field: "sid", actual: "KX<1>\u0001" });
    expect(json.checks[1].findings[0].message).to.match(/^body sid: must match/);
    expect(json.checks[2].findings[0]).not.to.have.property("actual");
  });
  it("the request as data, the reproduction as text", () => {
    expect(json.checks[1].request).to.deep.equal({ method: "GET", path: PATH, credentials: "right" });
    expect(json.checks[1].reproduction).to.equal(
      `curl -sS -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" '${BASE_URL}${PATH}'`,
    );
    expect(json.checks[0]).not.to.have.property("request");
  });
  it("a skipped check with its reason", () =>
    expect(json.checks[3]).to.deep.include({ verdict: "skipped", reason: "the fixtures name no otherAccount" }));
  it("each check's own duration", () =>
    expect(json.checks.map((c: { durationMs: number }) => c.durationMs)).to.deep.equal([12, 1500, 12, 12]));
  it("a finding's long actual value cut as a body is (2 KiB), the short one whole: a report does not grow with the provider's answers", () => {
    const body = "x".repeat(300_000);
    const long = check({
      id: "conformance/phone",
      verdict: "fail",
      findings: [
        { kind: "body", field: "(body)", rule: "must be JSON", actual: body },
        { kind: "body", field: "links", rule: "must be an object", actual: { nested: [body, "short"] } },
      ],
    });
    const [whole, nested] = JSON.parse(toJson({ ...report, checks: [long] })).checks[0].findings;
    expect(whole.actual)
      .to.have.length.below(2100)
      .and.match(/^x+… \(cut at 2048 bytes\)$/);
    expect(nested.actual.nested[0]).to.have.length.below(2100);
    expect(nested.actual.nested[1]).to.equal("short");
  });
  it("no error field when the run finished", () => expect(json).not.to.have.property("error"));
  it("the error when the run stopped", () => {
    const stopped = JSON.parse(toJson({ ...report, exitCode: 2, error: "cannot reach the provider" }));
    expect(stopped).to.deep.include({ exitCode: 2, error: "cannot reach the provider" });
  });
  const cancelled = [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const;
  for (const [signal, code] of cancelled)
    it(`the process's exit code when ${signal} cancelled the run: ${code}, not the verdict 2`, () => {
      const stopped = JSON.parse(
        toJson({ ...report, exitCode: 2, error: `cancelled by ${signal}`, cancelledBy: signal }),
      );
      expect(stopped.exitCode).to.equal(code);
    });
  for (const [signal, code] of cancelled)
    it(`every report says the same exit code when ${signal} cancelled the run: ${code}`, () => {
      const stopped: Report = { ...report, exitCode: 2, error: `cancelled by ${signal}`, cancelledBy: signal };
      expect(toMarkdown(stopped)).to.include(`(exit ${code})`);
      expect(toHtml(stopped)).to.include(`(exit ${code})`);
    });
});

describe("reporters: Markdown step summary", () => {
  const md = toMarkdown(report);

  it("the verdict and the totals, then the causes", () => {
    expect(md).to.match(
      /^### Twilio Proxy participant contract: ❌ the implementation breaks the contract: 1 failed check, 1 cause\n/,
    );
    expect(md).to.include("4 checks: 1 passed, 1 failed, 1 pending, 1 skipped");
    expect(md.indexOf("#### Causes")).to.be.lessThan(md.indexOf("#### Checks that did not pass"));
    expect(md).to.include("- **cause-1** `body sid");
    expect(md).to.include("- ⚪ skipped probe `another account's participant (the fixtures name no otherAccount)`");
    expect(md).to.include("- ✅ conformance: 1 passed");
  });
  it("a failed check inside <details>: its cause, the request and the curl line", () => {
    expect(md).to.match(/<details>\n<summary>❌ fail conformance <code>messenger .*<\/code>: cause-1<\/summary>/);
    expect(md).to.include("- request: `GET");
    expect(md).to.include("- repeat: `curl -sS");
  });
  it("a stopped run names the cause", () =>
    expect(toMarkdown({ ...report, exitCode: 2, error: "cannot reach the provider" })).to.include(
      "**Error:** `cannot reach the provider`",
    ));

  const escapes: [name: string, text: string, rendered: string][] = [
    ["HTML", "<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert\\(1\\)\\>"],
    ["an entity", "&lt;", "\\&lt;"],
    ["a code span", "`x`", "\\`x\\`"],
    ["a table pipe", "a | b", "a \\| b"],
    ["emphasis and links", "*bold* [x](y)", "\\*bold\\* \\[x\\]\\(y\\)"],
    ["a line break, made visible", "a\nb", "a\\\\nb"],
    ["plain words", "no participant found", "no participant found"],
  ];
  for (const [name, text, rendered] of escapes) {
    it(`our words: escapes ${name}`, () => expect(markdownText(text)).to.equal(rendered));
  }

  const spans: [name: string, text: string, rendered: string][] = [
    ["plain text", "GET /v1/x", "`GET /v1/x`"],
    ["a run of two backticks inside: a fence of three", "a``b", "```a``b```"],
    ["a backtick at an end: padded with a space", "`x", "`` `x ``"],
    ["HTML stays text", "<img src=x>", "`<img src=x>`"],
    ["a line break, made visible", "a\nb", "`a\\nb`"],
    ["nothing: nothing", "", ""],
  ];
  for (const [name, text, rendered] of spans) {
    it(`others' text in a code span: ${name}`, () => expect(code(text)).to.equal(rendered));
  }
});
