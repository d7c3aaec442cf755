/**
 * `participant-contract verify` (also `npm run verify`): arguments in, exit code out. It
 * parses, calls verify(), prints and writes the reports, on every exit: a run that stops
 * with exit 2 still leaves its JUnit, JSON and step summary, naming the cause and holding
 * the checks that finished before it. Every decision lives in the library.
 */

import {
  ALLOW_ORIGIN_FLAG,
  allowedOrigins,
  brokerSettingsFromEnv,
  buildBranch,
  buildVersion,
} from "../broker/config.js";
import { CancelledError, describeError, EnvironmentError, ExitCode, type ProcessExitCode } from "../core/errors.js";
import type { Exploration } from "../core/findings.js";
import { type CredentialOrigins, loadFixturesWithOrigins } from "../net/fixtures.js";
import { printableUrl } from "../net/redact.js";
import { consoleReporter } from "../report/console.js";
import { basePathOf, hintsFor, repeatSetupLine } from "../report/hints.js";
import { progressLine, type Wait } from "../report/progress.js";
import {
  type BrokerVerification,
  type CheckResult,
  DEFAULT_EXPLORE_REQUESTS,
  DEFAULT_RATE_POLICY,
  freshSeed,
  REQUEST_TIMEOUT_MS,
  type Report,
  type VerifyOptions,
  verify,
} from "../verify/index.js";
import { checkReportPaths, outputsOf, shownReport, writeReports, writeStoppedReports } from "./reports.js";
import { type Command, type Flags, numberFlag, parseFlags, type Shell, usageError, type Values } from "./shell.js";

export const VERIFY_USAGE = `Verify an implementation of Twilio Proxy's Fetch a Participant API against the contracts.

Usage:
  participant-contract verify --base-url URL --fixtures FILE [options]
  participant-contract --base-url URL --fixtures FILE [options]        (verify is the default)

Options:
  --base-url URL          the implementation under test, e.g. http://127.0.0.1:3000; a path in
                          it is the API's prefix (http://gw/twilio sends /twilio/v1/Services/…)
  --fixtures FILE         JSON naming the participants that exist and the credentials:
                          {"accountSid":"AC…","authToken":"…",
                           "phone":{"serviceSid":"KS…","sessionSid":"KC…","participantSid":"KP…"},
                           "messenger":{…}, "apiKey":{"sid":"SK…","secret":"…"}}
                          accountSid/authToken may come from TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN,
                          apiKey (optional) from TWILIO_API_KEY/TWILIO_API_SECRET
  --pacts DIR|FILE        pact files to verify (default: this package's contracts/)
  --state-setup-url URL   the implementation sets up provider states itself (Pact's
                          convention: POST {state, params, action}); --fixtures is then optional
  --strict                reject fields the API reference does not define
  --timeout MS            per request, in milliseconds (default ${REQUEST_TIMEOUT_MS}); the whole run is bounded by it
  --explore N             send N generated requests after the probes (default ${DEFAULT_EXPLORE_REQUESTS}; 0: none):
                          every dimension of the request space at least twice, each answer judged
                          by its relation to the canonical answer, a failure shrunk to its smallest
  --seed N                the seed of the generated requests (default: a fresh one, printed);
                          the same seed repeats a run's requests exactly
  --max-rate N            send at most N requests a second (a provider with a known rate limit);
                          a 429 is waited out as its Retry-After says, for up to ${DEFAULT_RATE_POLICY.maxWaitMs / 1000} s a request
  --broker-url URL        verify the pacts a Pact Broker selects (mainBranch, matchingBranch,
                          deployedOrReleased; pending pacts enabled) instead of local files;
                          auth from PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PASSWORD
  --provider-version V    the version verified, for --publish (default: GIT_COMMIT, GITHUB_SHA, or git)
  --provider-branch B     its branch (default: GIT_BRANCH, GITHUB_HEAD_REF/GITHUB_REF_NAME, or git)
  --publish               publish each pact's verification result to the broker
  --include-wip-pacts-since DATE
                          also verify work-in-progress pacts published since DATE
  --build-url URL         link the published results to this CI build
  ${ALLOW_ORIGIN_FLAG} ORIGIN
                          let the broker's links (and its token) reach this origin too, e.g.
                          https://pacts.example.com:8443 (repeatable); any other origin is
                          refused, and never plain http when the broker is https
  --send-every-pact-request
                          send every pact interaction with the account's credentials; without
                          it, only a GET of the participant path is sent and any other
                          interaction is reported as skipped (outside this contract)
  --junit FILE            write a JUnit XML report (also when the run stops with exit 2)
  --json FILE             write a JSON report (also when the run stops with exit 2)
  --html FILE             write a self-contained HTML page: verdict, causes, each check's
                          request, curl line, answer and findings (also on exit 2)
  --verbose               print every check as it finishes, with all its findings
  -h, --help              show this help

With GITHUB_STEP_SUMMARY set (GitHub Actions), a Markdown summary is appended to that file.
Report paths must be regular files (or not exist yet): a directory, FIFO or device is refused
before anything is sent. SIGINT or SIGTERM ends the run at once, with every report written:
the finished checks, the rest marked cancelled.

Exit status: 0 every check passed; 1 the implementation breaks the contract;
2 usage or environment error (bad fixtures, unreachable provider, timeout, broken pact);
130 cancelled by SIGINT; 143 cancelled by SIGTERM.`;

const FLAGS = {
  "base-url": { type: "string" },
  fixtures: { type: "string" },
  pacts: { type: "string" },
  "state-setup-url": { type: "string" },
  strict: { type: "boolean" },
  timeout: { type: "string" },
  "max-rate": { type: "string" },
  explore: { type: "string" },
  seed: { type: "string" },
  "broker-url": { type: "string" },
  "provider-version": { type: "string" },
  "provider-branch": { type: "string" },
  publish: { type: "boolean" },
  "include-wip-pacts-since": { type: "string" },
  "build-url": { type: "string" },
  "allow-broker-origin": { type: "string", multiple: true },
  "send-every-pact-request": { type: "boolean" },
  junit: { type: "string" },
  json: { type: "string" },
  html: { type: "string" },
  verbose: { type: "boolean" },
} as const satisfies Flags;

type VerifyValues = Values<typeof FLAGS>;

/** Where the reports go; known even when the arguments are wrong, so an exit 2 still writes them. */

/** --max-rate: a whole number of requests a second, 1 to 10000. */
function maxRateFrom(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= 10_000))
    throw new EnvironmentError(
      `--max-rate must be a whole number of requests a second from 1 to 10000, got ${JSON.stringify(raw)}`,
    );
  return value;
}

/** Credentials with no participant list: only valid with --state-setup-url. */
function optionsFrom(
  values: VerifyValues,
  shell: Shell,
): Omit<VerifyOptions, "onCheck"> & { origins: CredentialOrigins } {
  const baseUrl = values["base-url"];
  if (!baseUrl) throw usageError("verify", "--base-url is required");
  if (!values.fixtures && !values["state-setup-url"]) throw usageError("verify", "--fixtures is required");
  const timeoutMs = numberFlag("timeout", values.timeout, REQUEST_TIMEOUT_MS);
  const maxRate = maxRateFrom(values["max-rate"]);
  const explore = numberFlag("explore", values.explore, DEFAULT_EXPLORE_REQUESTS);
  // Chosen here, before anything is sent, so that even a run that stops names it.
  const seed = values.seed !== undefined ? numberFlag("seed", values.seed, 0) : freshSeed();
  if (!values.fixtures && !(shell.env.TWILIO_ACCOUNT_SID && shell.env.TWILIO_AUTH_TOKEN))
    throw usageError("verify", "--fixtures is required unless TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set");
  // With no file, the credentials (and an otherAccount) come from the environment alone.
  const { fixtures, origins } = loadFixturesWithOrigins(values.fixtures, shell.env);
  shell.learnFixtures(fixtures);
  const broker = brokerFrom(values, shell.env);
  return {
    baseUrl,
    fixtures,
    origins,
    strict: values.strict ?? false,
    timeoutMs,
    explore,
    seed,
    ...(maxRate !== undefined ? { maxRate } : {}),
    ...(values.pacts ? { pacts: values.pacts } : {}),
    ...(values["state-setup-url"] ? { stateSetupUrl: values["state-setup-url"] } : {}),
    ...(broker ? { broker } : {}),
    ...(values["send-every-pact-request"] ? { sendEveryPactRequest: true } : {}),
  };
}

/** Broker mode, from --broker-url and the broker conventions (credentials only ever from the environment). */
function brokerFrom(values: VerifyValues, env: NodeJS.ProcessEnv): BrokerVerification | undefined {
  const brokerOnly = [
    "provider-version",
    "provider-branch",
    "publish",
    "include-wip-pacts-since",
    "build-url",
    "allow-broker-origin",
  ] as const;
  if (!values["broker-url"]) {
    const stray = brokerOnly.find((flag) => values[flag] !== undefined);
    if (stray) throw usageError("verify", `--${stray} needs --broker-url`);
    return undefined;
  }
  if (values.pacts)
    throw usageError("verify", "--pacts and --broker-url exclude each other: pacts come from files or from the broker");
  const since = values["include-wip-pacts-since"];
  if (since !== undefined && Number.isNaN(Date.parse(since)))
    throw usageError("verify", `--include-wip-pacts-since must be a date, got ${JSON.stringify(since)}`);
  const branch = values["provider-branch"] ?? buildBranch(env);
  const settings = brokerSettingsFromEnv({ ...env, PACT_BROKER_BASE_URL: values["broker-url"] });
  try {
    new URL(settings.baseUrl);
  } catch {
    throw usageError("verify", "--broker-url is not a URL");
  }
  const allowed = allowedOrigins(settings.baseUrl, values["allow-broker-origin"] ?? []);
  // A version is only needed to publish results: verifying what the broker selects needs none.
  const providerVersion = values["provider-version"] ?? (values.publish ? buildVersion(env) : undefined);
  return {
    settings: { ...settings, ...(allowed.length ? { allowedOrigins: allowed } : {}) },
    ...(providerVersion ? { providerVersion } : {}),
    ...(branch ? { providerBranch: branch } : {}),
    publish: values.publish ?? false,
    ...(since ? { includeWipPactsSince: since } : {}),
    ...(values["build-url"] ? { buildUrl: values["build-url"] } : {}),
  };
}

/**
 * Runs a verification with a console line per check as it finishes and a summary, then the
 * hints for the user's own mistakes; answers the report, redacted. `onCheck` sees each check
 * too (redacted), so that a caller keeps what finished even when verify() then throws.
 * `origins` says where the credentials came from (hints and the repeat lines name them).
 */
export async function runVerification(
  options: Omit<VerifyOptions, "onCheck" | "pactWorker">,
  shell: Shell,
  onCheck: (check: CheckResult) => void = () => undefined,
  verbose = false,
  origins: CredentialOrigins = {},
  fixturesFile?: string,
): Promise<Report> {
  shell.learnFixtures(options.fixtures);
  shell.learnUrls(options.baseUrl, options.stateSetupUrl, options.broker?.settings.baseUrl);
  const baseUrl = printableUrl(options.baseUrl);
  const reporter = consoleReporter(
    (line) => shell.stdout(line),
    shell.colour,
    baseUrl,
    verbose,
    (variables) => repeatSetupLine(variables, origins),
  );
  const pacts = options.broker ? `the pacts ${printableUrl(options.broker.settings.baseUrl)} selects` : "the contracts";
  const path = basePathOf(baseUrl);
  // A path in --base-url is the API's prefix, as a gateway mounted under a path needs: said up front.
  const prefix = path ? ` (its path ${path} is the API's prefix: requests go to ${path}/v1/Services/…)` : "";
  const explore = options.explore ?? DEFAULT_EXPLORE_REQUESTS;
  const seed = options.seed ?? freshSeed();
  const generated = explore > 0 ? `, the probes and ${explore} generated requests (seed ${seed})` : " and the probes";
  shell.stdout(
    `Verifying ${baseUrl}${prefix} against ${pacts}, the schemas${generated}${options.strict ? " (strict)" : ""}`,
  );
  // Each check redacted once, as it finishes; the report is built from those copies.
  const cleaned = new Map<CheckResult, CheckResult>();
  // On a terminal only: a live line of the phase, the checks done and any wait, gone before the verdict.
  const progress = shell.status ? progressLine(shell.status) : undefined;
  let raw: Report;
  try {
    raw = await verify({
      ...options,
      explore,
      seed,
      ...(shell.context.pactWorker ? { pactWorker: shell.context.pactWorker } : {}),
      onPlanned: (checks) => {
        options.onPlanned?.(checks);
        progress?.planned(checks);
      },
      onCheck: (check) => {
        const clean = shell.redactDeep(check);
        cleaned.set(check, clean);
        onCheck(clean);
        reporter.check(clean);
        progress?.finished(clean);
      },
      ...(progress ? { ratePolicy: { ...options.ratePolicy, onWait: (wait: Wait) => progress.waiting(wait) } } : {}),
    });
  } finally {
    progress?.stop();
  }
  // Redacted as data first (a check onCheck already redacted is not redacted twice); causes
  // computed once, from the redacted report, for every reporter.
  const report = shownReport(shell, { ...raw, baseUrl }, cleaned);
  reporter.summary(report);
  const context = { baseUrl, origins, ...(fixturesFile !== undefined ? { fixtures: fixturesFile } : {}) };
  for (const hint of hintsFor(report, context)) shell.stdout(hint);
  return report;
}

/** The planned checks that did not finish, each marked cancelled, naming the signal. */
function cancelledRest(
  planned: readonly Pick<CheckResult, "id" | "title" | "group" | "source">[],
  finished: readonly CheckResult[],
  error: CancelledError,
): CheckResult[] {
  const done = new Set(finished.map((c) => c.id));
  return planned
    .filter((c) => !done.has(c.id))
    .map((c) => ({
      ...c,
      verdict: "cancelled" as const,
      findings: [],
      durationMs: 0,
      reason: `${error.signal} ended the run before this check finished`,
    }));
}

export const verifyCommand: Command = async (argv, shell): Promise<ProcessExitCode> => {
  const started = performance.now();
  const finished: CheckResult[] = [];
  const planned: Pick<CheckResult, "id" | "title" | "group" | "source">[] = [];
  const outputs = outputsOf(argv, shell.env);
  let baseUrl = "";
  let exploration: Exploration | undefined;
  try {
    const values = parseFlags("verify", FLAGS, argv);
    if (values.help) {
      shell.stdout(VERIFY_USAGE);
      return ExitCode.ok;
    }
    shell.learnUrls(values["base-url"], values["state-setup-url"], values["broker-url"]);
    baseUrl = printableUrl(values["base-url"] ?? "");
    checkReportPaths(outputs);
    const { origins, ...options } = optionsFrom(values, shell);
    if (options.explore) exploration = { seed: options.seed ?? 0 };
    const stop = shell.context.stop;
    const report = await runVerification(
      { ...options, ...(stop ? { signal: stop } : {}), onPlanned: (checks) => planned.push(...checks) },
      shell,
      (check) => finished.push(check),
      values.verbose ?? false,
      origins,
      values.fixtures,
    );
    writeReports(report, outputs);
    return report.exitCode;
  } catch (error) {
    const cancelled = error instanceof CancelledError ? error : undefined;
    const rest = cancelled ? cancelledRest(planned, finished, cancelled) : [];
    const why = cancelled
      ? `${describeError(error)}: ${finished.length} checks finished, ${rest.length} cancelled`
      : describeError(error);
    // The report's verdict is 2: the checks could not all run. The process's own status names the signal (130/143).
    writeStoppedReports(shell, outputs, {
      baseUrl,
      started,
      checks: [...finished, ...shell.redactDeep(rest)],
      error: why,
      ...(exploration ? { exploration } : {}),
      ...(cancelled ? { cancelledBy: cancelled.signal } : {}),
    });
    if (!cancelled) throw error;
    shell.stderr(`error: ${shell.redact(why)}`);
    return cancelled.exitCode;
  }
};
