/**
 * `npm run record-deployment`: tells the Pact Broker, with the real
 * `pact broker record-deployment`, that this build's version is now in an environment.
 */
import { EnvironmentError, ExitCode } from "../errors.js";
import { type Command, parseCommandArgs, timeoutMs } from "./command.js";
import { brokerSettingsFromEnv, buildVersion } from "./config.js";
import { failureCause, failureLines, runPactBroker } from "./pact-cli.js";
import { OUR_PACTICIPANTS } from "./pacticipants.js";

export const RECORD_DEPLOYMENT_USAGE = `usage: npm run record-deployment -- --environment ENV [--pacticipant NAME]... [--application-instance NAME] [--timeout SECONDS]

Records in the Pact Broker that this build's version of each pacticipant is deployed to ENV,
one \`pact broker record-deployment\` per pacticipant. Run it after the deployment succeeded.
  --pacticipant           repeatable; default: ${OUR_PACTICIPANTS.join(", ")}
  version                 GIT_COMMIT, else GITHUB_SHA, else \`git rev-parse HEAD\`
  broker                  PACT_BROKER_BASE_URL; auth PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD
  --application-instance  which instance, when several of the same application run in ENV
  --timeout               give up after this many seconds (default 60)
Exit codes: 0 recorded, 2 not recorded (the cause on one line).`;

const DEFAULT_TIMEOUT_SECONDS = 60;

export const recordDeployment: Command = async (argv, env, io) => {
  const args = parseCommandArgs(
    argv,
    {
      pacticipant: { type: "string", multiple: true },
      environment: { type: "string" },
      "application-instance": { type: "string" },
      timeout: { type: "string" },
    },
    "record-deployment",
  );
  if (args.help) {
    io.out(RECORD_DEPLOYMENT_USAGE);
    return ExitCode.ok;
  }
  const environment = args.environment;
  if (!environment)
    throw new EnvironmentError("--environment ENV is required (see npm run record-deployment -- --help)");
  const settings = brokerSettingsFromEnv(env);
  const version = buildVersion(env);
  const limitMs = timeoutMs(args.timeout, DEFAULT_TIMEOUT_SECONDS);

  for (const pacticipant of args.pacticipant ?? OUR_PACTICIPANTS) {
    const cliArgs = [
      "--pacticipant",
      pacticipant,
      "--version",
      version,
      "--environment",
      environment,
      ...(args["application-instance"] ? ["--application-instance", args["application-instance"]] : []),
    ];
    const result = await runPactBroker("record-deployment", cliArgs, { settings, env, timeoutMs: limitMs });
    if (result.code !== 0 || failureLines(result.output).length) {
      throw new EnvironmentError(
        `record-deployment ${pacticipant} ${version} to ${environment}: ${failureCause(result)}`,
      );
    }
    io.out(result.output.trim());
  }
  return ExitCode.ok;
};
