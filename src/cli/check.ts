/**
 * `participant-contract check FILE…`: the participant exchanges recorded in HAR files
 * (a browser's network panel, mitmproxy, Charles, Playwright), each judged as verify's
 * conformance checks judge an answer, by the same judge: one check per exchange, in every
 * report verify writes. Nothing is sent anywhere.
 */
import { basename } from "node:path";
import { describeError, EnvironmentError, ExitCode, type ExitCodeValue } from "../core/errors.js";
import { type CheckResult, exitCodeOf } from "../core/findings.js";
import { PARTICIPANT_REQUEST, participantRequested } from "../judge/exchange.js";
import { harExchange, readHar, splitUrl } from "../net/har.js";
import { consoleReporter } from "../report/console.js";
import { DEFAULT_MAX_BODY_BYTES } from "../verify/live-request.js";
import { checkReportPaths, outputsOf, shownReport, writeReports, writeStoppedReports } from "./reports.js";
import { type Command, type Flags, parseFlags, usageError } from "./shell.js";
import { callerOf, fallbackAccount, trafficCheck, unknownAccountNote } from "./traffic.js";

export const CHECK_USAGE = `Judge the participant exchanges recorded in HAR files against the contract.

Usage: participant-contract check FILE… [options]

  FILE                   a HAR 1.2 file (browser developer tools, mitmproxy, Charles,
                         Playwright); every GET of ${PARTICIPANT_REQUEST}
                         is judged: status, headers, the body by the schemas, and the rules
                         (SIDs equal the path's, account_sid the caller's, url and links);
                         404 and 401 answers as Twilio's error bodies. Other entries are
                         counted and ignored.
  --account-sid AC…      the caller's account, for requests whose Basic-auth user is no
                         account SID (default: TWILIO_ACCOUNT_SID); without one, account_sid
                         is not compared for them, and the output says which
  --strict               reject fields the API reference does not define
  --junit FILE           write a JUnit XML report (also when the run stops with exit 2)
  --json FILE            write a JSON report (also when the run stops with exit 2)
  --html FILE            write a self-contained HTML page of the checks and their causes
  --verbose              print every exchange with all its findings, as it is judged
  -h, --help             show this help

With GITHUB_STEP_SUMMARY set (GitHub Actions), a Markdown summary is appended to that file.
Authorization headers in the files are never printed, in any form.

Exit status: 0 every participant exchange keeps the contract; 1 one breaks it;
2 usage error, a file that cannot be read or is no HAR, or a file with no participant exchange.`;

const FLAGS = {
  "account-sid": { type: "string" },
  strict: { type: "boolean" },
  junit: { type: "string" },
  json: { type: "string" },
  html: { type: "string" },
  verbose: { type: "boolean" },
} as const satisfies Flags;

/** The one origin the exchanges went to (reproduction lines build on it), or the list when they went to several. */
function originsOf(origins: readonly string[]): string {
  const distinct = [...new Set(origins)];
  return distinct.length === 1 ? (distinct[0] ?? "") : `(several origins: ${distinct.join(", ")})`;
}

export const checkCommand: Command = async (argv, shell): Promise<ExitCodeValue> => {
  const started = performance.now();
  const outputs = outputsOf(argv, shell.env);
  const finished: CheckResult[] = [];
  let baseUrl = "";
  try {
    const files: string[] = [];
    const values = parseFlags("check", FLAGS, argv, files);
    if (values.help) {
      shell.stdout(CHECK_USAGE);
      return ExitCode.ok;
    }
    if (!files.length) throw usageError("check", "name at least one HAR file");
    checkReportPaths(outputs);
    const fallback = fallbackAccount(values["account-sid"], shell.env);
    // Every file read, and every credential in them learnt, before anything is printed.
    const reads = files.map((path) => ({ path, ...readHar(path) }));
    for (const { secrets } of reads) shell.learn(...secrets);
    const selected = reads.map(({ path, entries }) => {
      const chosen = entries
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) =>
          participantRequested({ method: entry.request.method, path: splitUrl(entry.request.url).path }),
        );
      if (!chosen.length)
        throw new EnvironmentError(
          `HAR file ${path} holds no participant exchange (${PARTICIPANT_REQUEST}) among its ${entries.length} entries`,
        );
      return { path, chosen, ignored: entries.length - chosen.length };
    });
    const judged = selected.reduce((n, s) => n + s.chosen.length, 0);
    const ignored = selected.reduce((n, s) => n + s.ignored, 0);
    const origins = new Set(selected.flatMap((s) => s.chosen.map(({ entry }) => splitUrl(entry.request.url).origin)));
    baseUrl = originsOf([...origins]);
    const reporter = consoleReporter((line) => shell.stdout(line), shell.colour, baseUrl, values.verbose ?? false);
    shell.stdout(
      `Checking ${judged} participant exchange${judged === 1 ? "" : "s"} from ${files.length} HAR file${files.length === 1 ? "" : "s"}${ignored ? ` (${ignored} other entr${ignored === 1 ? "y" : "ies"} ignored)` : ""}${values.strict ? " (strict)" : ""}`,
    );
    const unknownAccount: string[] = [];
    for (const { path, chosen } of selected) {
      const name = basename(path);
      for (const { entry, index } of chosen) {
        const recorded = await harExchange(entry, index, DEFAULT_MAX_BODY_BYTES);
        const caller = callerOf(recorded.authorization, fallback);
        if (caller.accountSid === undefined) unknownAccount.push(`log.entries[${index}] of ${name}`);
        const { response } = recorded;
        const check = trafficCheck({
          id: `traffic/${path}#${index}`,
          title: `${recorded.method} ${recorded.path} at ${recorded.startedDateTime} (log.entries[${index}] of ${name})`,
          method: recorded.method,
          path: recorded.path,
          caller,
          response:
            "unjudgeable" in response
              ? { unjudgeable: response.unjudgeable, kind: response.status === 0 ? "transport" : "http" }
              : response,
          strict: values.strict ?? false,
          source: path,
          // Several origins: each repeat line names its exchange's own, a URL curl can run.
          ...(origins.size > 1 ? { origin: recorded.origin } : {}),
        });
        const clean = shell.redactDeep(check);
        finished.push(clean);
        reporter.check(clean);
      }
    }
    if (unknownAccount.length) shell.stdout(unknownAccountNote(unknownAccount.join(", ")));
    const report = shownReport(
      shell,
      { baseUrl, checks: finished, durationMs: performance.now() - started, exitCode: exitCodeOf(finished) },
      // Each check was redacted as it finished: not again.
      new Map(finished.map((check) => [check, check])),
    );
    reporter.summary(report);
    writeReports(report, outputs);
    return report.exitCode;
  } catch (error) {
    writeStoppedReports(shell, outputs, { baseUrl, started, checks: finished, error: describeError(error) });
    throw error;
  }
};
