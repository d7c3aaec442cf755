/** A report whose every field others control (a pact, a provider, a broker, a HAR file) holds one text: for the reporters' tests. */
import type { CheckResult, Report } from "../../src/core/findings.js";

/** Two failed checks, a pending, a skipped and a passed one, and the run's error, each holding `text`. */
export function reportHolding(text: string, baseUrl = "http://127.0.0.1:3000"): Report {
  const check = (id: string, verdict: CheckResult["verdict"]): CheckResult => ({
    id: `pact/${id}/${text}`,
    title: `${id}: ${text}`,
    group: "pact",
    verdict,
    findings:
      verdict === "pass"
        ? []
        : [
            { kind: "body", field: text, rule: `must be ${text}`, actual: text },
            { kind: "pact", field: "(request)", rule: text },
            { kind: "header", field: "content-type", rule: "must be JSON", actual: text },
          ],
    durationMs: 1,
    source: `https://broker/${text}`,
    request: { method: "GET", path: `/v1/${text}`, credentials: "right" },
    response: {
      status: 500,
      headers: { "content-type": text, "www-authenticate": text },
      body: `${text}\n${text}`,
      truncated: false,
    },
    ...(verdict === "skipped" ? { reason: text } : {}),
    // A generated check shows the canonical request and answer beside its own: the answer is the provider's text.
    canonical: {
      request: { method: "GET", path: `/v1/${text}`, credentials: "right", headers: { accept: text } },
      response: {
        status: 200,
        headers: { "content-type": text },
        body: `${text}
${text}`,
        truncated: false,
      },
    },
  });
  return {
    baseUrl,
    checks: [check("a", "fail"), check("b", "pending"), check("c", "skipped"), check("d", "pass"), check("e", "fail")],
    durationMs: 5,
    exitCode: 2,
    error: `stopped: ${text}`,
    exploration: { seed: 7, requests: 200 },
  };
}
