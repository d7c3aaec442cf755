/**
 * What others control reaches no reader raw, in EVERY reporter: text generated with
 * secrets (in the forms they travel in), control characters, escape sequences, line
 * breaks and CI workflow commands is placed in every field a provider, a pact, a broker
 * or a state endpoint fills; the report is redacted as data (as the command does), then
 * each reporter runs. No secret in any form, no control character, no line a CI system
 * would read as a command. And no cut happens before redaction: a secret placed at every
 * offset around every truncation limit of the reporters leaves no piece of itself.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { Report } from "../../../src/core/findings.js";
import { redactDeep, redactor } from "../../../src/net/redact.js";
import { consoleReporter } from "../../../src/report/console.js";
import { EVIDENCE_BODY_BYTES } from "../../../src/report/format.js";
import { toHtml } from "../../../src/report/html.js";
import { toJson } from "../../../src/report/json.js";
import { toJUnit } from "../../../src/report/junit.js";
import { toMarkdown } from "../../../src/report/markdown.js";
import { anyString } from "../../support/arbitraries.js";
import { reportHolding } from "../../support/hostile-report.js";

const ACCOUNT = `AC${"0123456789abcdef".repeat(2)}`;
const TOKEN = "Q7vZ3kR9wP2mX8nL5tJ4hC6bF1dG0sYe";
const redact = redactor([TOKEN, { username: ACCOUNT, password: TOKEN }]);

/** The forms a secret travels in: as it is, JSON-escaped, percent-encoded, in a Basic header. */
const secretForms = [
  TOKEN,
  JSON.stringify(TOKEN).slice(1, -1),
  encodeURIComponent(TOKEN),
  `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString("base64")}`,
  `https://${ACCOUNT}:${TOKEN}@host/`,
];

/** Every reporter, as text: the console (default and --verbose), JUnit, JSON, the step summary, HTML. */
function everyReporter(report: Report): [name: string, text: string][] {
  const consoleText = (verbose: boolean) => {
    const lines: string[] = [];
    const reporter = consoleReporter((l) => lines.push(l), false, report.baseUrl, verbose);
    for (const check of report.checks) reporter.check(check);
    reporter.summary(report);
    return lines.join("\n");
  };
  return [
    ["console", consoleText(false)],
    ["console --verbose", consoleText(true)],
    ["JUnit", toJUnit(report)],
    ["JSON", toJson(report)],
    ["step summary", toMarkdown(report)],
    ["HTML", toHtml(report)],
  ];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must not appear.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CI_COMMAND = /^\s*::|##vso\[|^\s*##\[/m;

function expectInert(name: string, text: string): void {
  for (const form of secretForms) expect(text, `${name}: a secret`).not.to.include(form);
  const control = CONTROL.exec(text);
  expect(control, `${name}: control character U+${control?.[0].charCodeAt(0).toString(16)}`).to.equal(null);
  expect(
    text.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/),
    `${name}: a lone surrogate`,
  ).to.equal(null);
  const command = CI_COMMAND.exec(text);
  expect(
    command,
    `${name}: a CI command in ${JSON.stringify(text.slice(Math.max(0, (command?.index ?? 0) - 40), (command?.index ?? 0) + 40))}`,
  ).to.equal(null);
}

describe("reporters: others' text is inert and secret-free in every reporter", () => {
  const piece = fc.oneof(
    anyString({ maxLength: 12 }),
    fc.constantFrom(
      ...secretForms,
      "\n::error title=PASS::forged",
      "\r\n  ::add-mask::x",
      "##vso[task.setvariable variable=x]1",
      "\n##[error]x",
      "\u001b[31mred\u001b[0m",
      "\u009b2J",
      "\u202eevil",
      "\u2028",
      "\ud800",
      "`````",
      "</details><script>alert(1)</script>",
      "]]><x/>&amp;",
      "\u0000\u0007\u007f",
    ),
  );
  // fast-check prints the seed with any counterexample; FC_SEED replays one.
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  it(`generated text in every field: no secret, no control character, no CI command (seed ${seed})`, () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const report = redactDeep(reportHolding(pieces.join("")), redact);
        for (const [name, text] of everyReporter(report)) expectInert(name, text);
      }),
      { seed, numRuns: 60 },
    );
  });

  // Every limit a reporter cuts at: the evidence body (bytes), a shown value (60), a summary line (300).
  const limits: [name: string, limit: number, place: (text: string) => Report][] = [
    [
      "the evidence body",
      EVIDENCE_BODY_BYTES,
      (text) => {
        const report = reportHolding("x");
        for (const c of report.checks) if (c.response) c.response.body = text;
        return report;
      },
    ],
    [
      "a shown value",
      60,
      (text) => {
        const report = reportHolding("x");
        for (const c of report.checks) for (const f of c.findings) f.actual = text;
        return report;
      },
    ],
    [
      "a summary line",
      300,
      (text) => {
        const report = reportHolding("x");
        for (const c of report.checks) for (const f of c.findings) f.rule = text;
        return report;
      },
    ],
  ];
  for (const [name, limit, place] of limits) {
    it(`${name} (cut at ${limit}): a secret at every offset around the cut leaves no piece of itself`, () => {
      const pieces = Array.from({ length: TOKEN.length - 5 }, (_, i) => TOKEN.slice(i, i + 6));
      for (let offset = limit - TOKEN.length - 12; offset <= limit + 2; offset++) {
        // The JSON text of a value adds a quote: both sides of the cut are covered.
        const text = `${"x".repeat(Math.max(0, offset))}${TOKEN}${"y".repeat(40)}`;
        const report = redactDeep(place(text), redact);
        for (const [reporter, out] of everyReporter(report)) {
          const leak = pieces.find((p) => out.includes(p));
          expect(leak, `${reporter}, secret at offset ${offset}`).to.equal(undefined);
        }
      }
    });
  }
});
