/** JUnit XML for CI dashboards: a testsuite per group, a testcase per check, a failure per failed check. */
import type { Report } from "../verify/findings.js";
import { formatFinding } from "./format.js";

const escapeXml = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are invalid in XML 1.0 and must go.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

export function toJUnit(report: Report): string {
  const groups = [...new Set(report.checks.map((c) => c.group))];
  const suites = groups.map((group) => {
    const checks = report.checks.filter((c) => c.group === group);
    const failures = checks.filter((c) => c.verdict === "fail").length;
    const skipped = checks.filter((c) => c.verdict === "pending" || c.verdict === "skipped").length;
    const time = checks.reduce((t, c) => t + c.durationMs, 0) / 1000;
    const cases = checks.map((c) => {
      const open = `    <testcase classname="${escapeXml(`${group}`)}" name="${escapeXml(c.title)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
      if (c.verdict === "pass") return `${open}/>`;
      const lines = escapeXml(c.findings.map(formatFinding).join("\n"));
      const first = escapeXml(c.findings[0] ? formatFinding(c.findings[0]) : (c.reason ?? c.verdict));
      const element = c.verdict === "fail" ? "failure" : "skipped";
      return `${open}>\n      <${element} message="${first}">${lines}</${element}>\n    </testcase>`;
    });
    return [
      `  <testsuite name="${escapeXml(group)}" tests="${checks.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${time.toFixed(3)}">`,
      ...cases,
      "  </testsuite>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="twilio-proxy-participant-contract" tests="${report.checks.length}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
