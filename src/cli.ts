/**
 * `npm run verify` / `participant-contract`: arguments in, exit code out. It parses,
 * calls verify(), prints and writes reports; every decision lives in the library.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { brokerSettingsFromEnv, buildBranch, buildVersion, secretsOf } from "./broker/config.js";
import { EnvironmentError, ExitCode, type ExitCodeValue, errorLine, oneLine } from "./errors.js";
import { loadFixtures } from "./fixtures.js";
import { type Redactor, redactor } from "./redact.js";
import { consoleReporter, wantsColour } from "./report/console.js";
import { toJson } from "./report/json.js";
import { toJUnit } from "./report/junit.js";
import { isValid } from "./schemas.js";
import { type BrokerVerification, type CheckResult, type Report, type VerifyOptions, verify } from "./verify/index.js";

export const USAGE = `Verify an implementation of Twilio Proxy's Fetch a Participant API against the contracts.

Usage:
  participant-contract --base-url URL --fixtures FILE [options]
  npm run verify -- --base-url URL --fixtures FILE [options]

Options:
  --base-url URL          the implementation under test, e.g. http://127.0.0.1:3000
  --fixtures FILE         JSON naming the participants that exist and the credentials:
                          {"accountSid":"AC…","authToken":"…",
                           "phone":{"serviceSid":"KS…","sessionSid":"KC…","participantSid":"KP…"},
                           "messenger":{…}}
                          accountSid/authToken may come from TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN
  --pacts DIR|FILE        pact files to verify (default: this package's contracts/)
  --state-setup-url URL   the implementation sets up provider states itself (Pact's
                          convention: POST {state, params, action}); --fixtures is then optional
  --strict                reject fields the API reference does not define
  --timeout MS            per-request timeout (default 5000)
  --broker-url URL        verify the pacts a Pact Broker selects (mainBranch, matchingBranch,
                          deployedOrReleased; pending pacts enabled) instead of local files;
                          auth from PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PASSWORD
  --provider-version V    the version verified (default: GIT_COMMIT, GITHUB_SHA, or git)
  --provider-branch B     its branch (default: GIT_BRANCH, GITHUB_HEAD_REF/GITHUB_REF_NAME, or git)
  --publish               publish each pact's verification result to the broker
  --include-wip-pacts-since DATE
                          also verify work-in-progress pacts published since DATE
  --build-url URL         link the published results to this CI build
  --junit FILE            write a JUnit XML report
  --json FILE             write a JSON report
  -h, --help              show this help

Exit status: 0 every check passed; 1 the implementation breaks the contract;
2 usage or environment error (bad fixtures, unreachable provider, timeout, broken pact).`;

const OPTIONS = {
  "base-url": { type: "string" },
  fixtures: { type: "string" },
  pacts: { type: "string" },
  "state-setup-url": { type: "string" },
  strict: { type: "boolean" },
  timeout: { type: "string" },
  "broker-url": { type: "string" },
  "provider-version": { type: "string" },
  "provider-branch": { type: "string" },
  publish: { type: "boolean" },
  "include-wip-pacts-since": { type: "string" },
  "build-url": { type: "string" },
  junit: { type: "string" },
  json: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  colour: boolean;
}

type Parsed = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false; strict: true }>
>["values"];

function usage(message: string): never {
  throw new EnvironmentError(`${message} (see --help)`);
}

function parse(argv: string[]): Parsed {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    usage(oneLine(error).replace(/\. To specify a positional argument.*$/, ""));
  }
}

function timeoutOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0 || ms > 600_000)
    usage(`--timeout must be a whole number of milliseconds, got "${raw}"`);
  return ms;
}

/** Credentials with no participant list: only valid with --state-setup-url. */
function credentialsFromEnv(env: NodeJS.ProcessEnv): VerifyOptions["fixtures"] {
  const accountSid = env.TWILIO_ACCOUNT_SID;
  const authToken = env.TWILIO_AUTH_TOKEN;
  if (!accountSid || !authToken)
    usage("--fixtures is required unless TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set");
  if (!isValid("accountSid", accountSid)) usage("TWILIO_ACCOUNT_SID is not an account SID (AC + 32 hex digits)");
  return { accountSid, authToken };
}

function optionsFrom(values: Parsed, env: NodeJS.ProcessEnv): Omit<VerifyOptions, "onCheck"> {
  if (!values["base-url"]) usage("--base-url is required");
  if (!values.fixtures && !values["state-setup-url"]) usage("--fixtures is required");
  const fixtures: VerifyOptions["fixtures"] = values.fixtures
    ? loadFixtures(values.fixtures, env)
    : credentialsFromEnv(env);
  return {
    baseUrl: values["base-url"],
    fixtures,
    pacts: values.pacts,
    broker: brokerFrom(values, env),
    stateSetupUrl: values["state-setup-url"],
    strict: values.strict ?? false,
    timeoutMs: timeoutOf(values.timeout),
  };
}

/** Broker mode, from --broker-url and the broker conventions (credentials only ever from the environment). */
function brokerFrom(values: Parsed, env: NodeJS.ProcessEnv): BrokerVerification | undefined {
  const brokerOnly = [
    "provider-version",
    "provider-branch",
    "publish",
    "include-wip-pacts-since",
    "build-url",
  ] as const;
  if (!values["broker-url"]) {
    const stray = brokerOnly.find((flag) => values[flag] !== undefined);
    if (stray) usage(`--${stray} needs --broker-url`);
    return undefined;
  }
  if (values.pacts) usage("--pacts and --broker-url exclude each other: pacts come from files or from the broker");
  const since = values["include-wip-pacts-since"];
  if (since !== undefined && Number.isNaN(Date.parse(since)))
    usage(`--include-wip-pacts-since must be a date, got "${since}"`);
  const branch = values["provider-branch"] ?? buildBranch(env);
  return {
    settings: brokerSettingsFromEnv({ ...env, PACT_BROKER_BASE_URL: values["broker-url"] }),
    providerVersion: values["provider-version"] ?? buildVersion(env),
    ...(branch ? { providerBranch: branch } : {}),
    publish: values.publish ?? false,
    ...(since ? { includeWipPactsSince: since } : {}),
    ...(values["build-url"] ? { buildUrl: values["build-url"] } : {}),
  };
}

function writeReport(path: string | undefined, render: () => string, what: string): void {
  if (!path) return;
  try {
    writeFileSync(path, render());
  } catch (error) {
    throw new EnvironmentError(
      `cannot write the ${what} report to ${path}: ${(error as NodeJS.ErrnoException).code ?? oneLine(error)}`,
    );
  }
}

/** The broker credentials in the environment, whether or not this run uses a broker: never to be printed. */
function brokerSecretsFromEnv(env: NodeJS.ProcessEnv) {
  return { token: env.PACT_BROKER_TOKEN, username: env.PACT_BROKER_USERNAME, password: env.PACT_BROKER_PASSWORD };
}

/** Secrets out of a check before anything renders it: values are cut short later, so redact first. */
function redactCheck(check: CheckResult, redact: Redactor): CheckResult {
  const value = (v: unknown) => (v === undefined ? v : JSON.parse(redact(JSON.stringify(v))));
  return {
    ...check,
    findings: check.findings.map((f) => ({
      ...f,
      rule: redact(f.rule),
      ...("actual" in f ? { actual: value(f.actual) } : {}),
    })),
  };
}

/** Runs a verification with console progress and optional report files; returns the report. */
export async function runVerification(
  options: Omit<VerifyOptions, "onCheck">,
  io: Io,
  files: { junit?: string; json?: string } = {},
): Promise<Report> {
  const redact = redactor([
    options.fixtures.authToken,
    io.env.TWILIO_AUTH_TOKEN ?? "",
    ...secretsOf(options.broker?.settings ?? {}),
    ...secretsOf(brokerSecretsFromEnv(io.env)),
  ]);
  const reporter = consoleReporter((line) => io.stdout(redact(line)), io.colour);
  io.stdout(
    `Verifying ${options.baseUrl} against ${options.broker ? `the pacts ${options.broker.settings.baseUrl} selects` : "the contracts"}, the schemas and the probes${options.strict ? " (strict)" : ""}`,
  );
  const raw = await verify({ ...options, onCheck: (check) => reporter.check(redactCheck(check, redact)) });
  const report = { ...raw, checks: raw.checks.map((c) => redactCheck(c, redact)) };
  reporter.summary(report);
  writeReport(files.junit, () => toJUnit(report), "JUnit");
  writeReport(files.json, () => toJson(report), "JSON");
  return report;
}

/** Everything the CLI does, with its outputs injected; returns the exit code instead of exiting. */
export async function main(
  argv: string[],
  io: Io,
  reuse: Pick<VerifyOptions, "pactWorker"> = {},
): Promise<ExitCodeValue> {
  const secrets = [io.env.TWILIO_AUTH_TOKEN ?? "", ...secretsOf(brokerSecretsFromEnv(io.env))];
  try {
    const values = parse(argv);
    if (values.help) {
      io.stdout(USAGE);
      return ExitCode.ok;
    }
    const options = optionsFrom(values, io.env);
    secrets.push(options.fixtures.authToken);
    return (await runVerification({ ...options, ...reuse }, io, { junit: values.junit, json: values.json })).exitCode;
  } catch (error) {
    io.stderr(redactor(secrets)(errorLine(error)));
    return ExitCode.environment;
  }
}

/** The process side of a command: real streams, colour for a terminal. */
export function processIo(): Io {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    colour: wantsColour(process.stdout),
  };
}

/** Sets the exit code and leaves; a lingering handle (a provider's keep-alive socket) must not keep us. */
export function exitWith(code: ExitCodeValue): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}
