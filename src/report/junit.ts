/**
 * JUnit XML for CI dashboards: a testsuite per group, a testcase per check (its own time),
 * a failure per failed check with its findings, the request and a line to repeat it; a
 * skipped element for pending and skipped checks; and, when the run stopped with exit 2,
 * an errored testcase naming the cause. Well-formed XML 1.0 whatever the strings hold.
 */
import type { CheckResult, Report } from "../core/findings.js";
import { inert } from "../net/inert.js";
import { causeById, explain } from "./causes.js";
import { canonicalLines, causeText, curlText, evidenceLines, formatFinding, requestText } from "./format.js";

/**
 * Everything outside XML 1.0's Char production (control characters, lone surrogates,
 * U+FFFE, U+FFFF) cannot appear in a document even as a character reference: it is
 * written as a visible `\uXXXX` instead, so the text still says what was there.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const visible = (text: string) =>
  text.replace(NOT_XML_CHAR, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`);

/** Element content: a parser keeps newlines and tabs, but would turn a carriage return into a newline. */
export function xmlText(text: string): string {
  return visible(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** An attribute value: a parser would turn raw tabs and line breaks into spaces, so they are references. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** What a failed or pending check says: its cause, its findings, then the request and how to repeat it. */
function details(check: CheckResult, report: Report): string[] {
  const cause = causeById(report, check.cause);
  const request = requestText(check);
  return [
    ...(cause ? [`${cause.id}: ${causeText(cause)}`] : []),
    ...check.findings.map(formatFinding),
    ...(request ? [`request: ${request}`, `repeat: ${curlText(check, report.baseUrl)}`] : []),
    ...canonicalLines(check, report.baseUrl),
  ];
}

/** The answer a check got, as the testcase's output: status, headers, body (cut to 2 KiB). */
function systemOut(check: CheckResult): string {
  if (!check.response) return "";
  return `\n      <system-out>${xmlText(evidenceLines(check.response).join("\n"))}</system-out>`;
}

function testcase(check: CheckResult, report: Report): string {
  const open = `    <testcase classname="${xmlAttribute(check.group)}" name="${xmlAttribute(inert(check.title))}" time="${seconds(check.durationMs)}"`;
  if (check.verdict === "pass") return `${open}/>`;
  if (check.verdict === "skipped" || check.verdict === "cancelled")
    return `${open}>\n      <skipped message="${xmlAttribute(inert(check.reason ?? "skipped"))}"/>\n    </testcase>`;
  const lines = details(check, report);
  const element = check.verdict === "pending" ? "skipped" : "failure";
  const message = xmlAttribute(lines[0] ?? check.verdict);
  return `${open}>\n      <${element} message="${message}">${xmlText(lines.join("\n"))}</${element}>${systemOut(check)}\n    </testcase>`;
}

interface Suite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
  cases: string[];
  /** The suite's properties (the generated part's seed, which repeats it). */
  properties?: Record<string, string>;
}

const suiteXml = (s: Suite) =>
  [
    `  <testsuite name="${xmlAttribute(s.name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="${seconds(s.ms)}">`,
    ...(s.properties
      ? [
          "    <properties>",
          ...Object.entries(s.properties).map(
            ([name, value]) => `      <property name="${xmlAttribute(name)}" value="${xmlAttribute(value)}"/>`,
          ),
          "    </properties>",
        ]
      : []),
    ...s.cases,
    "  </testsuite>",
  ].join("\n");

export function toJUnit(raw: Report): string {
  const report = explain(raw);
  const groups = [...new Set(report.checks.map((c) => c.group))];
  const suites: Suite[] = groups.map((group) => {
    const checks = report.checks.filter((c) => c.group === group);
    return {
      name: group,
      tests: checks.length,
      failures: checks.filter((c) => c.verdict === "fail").length,
      errors: 0,
      skipped: checks.filter((c) => c.verdict === "pending" || c.verdict === "skipped").length,
      ms: checks.reduce((t, c) => t + c.durationMs, 0),
      cases: checks.map((c) => testcase(c, report)),
      ...(group === "explore" && report.exploration
        ? {
            properties: {
              seed: String(report.exploration.seed),
              ...(report.exploration.requests !== undefined ? { requests: String(report.exploration.requests) } : {}),
            },
          }
        : {}),
    };
  });
  if (report.error !== undefined) {
    const error = inert(report.error);
    const cause = xmlAttribute(error);
    suites.push({
      name: "run",
      tests: 1,
      failures: 0,
      errors: 1,
      skipped: 0,
      ms: 0,
      cases: [
        `    <testcase classname="run" name="the verification could not finish" time="0.000">\n      <error message="${cause}">${xmlText(error)}</error>\n    </testcase>`,
      ],
    });
  }
  const total = (key: "tests" | "failures" | "errors" | "skipped") => suites.reduce((n, s) => n + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="twilio-proxy-participant-contract" tests="${total("tests")}" failures="${total("failures")}" errors="${total("errors")}" skipped="${total("skipped")}" time="${seconds(report.durationMs)}">`,
    ...suites.map(suiteXml),
    "</testsuites>",
    "",
  ].join("\n");
}
