/**
 * `participant-contract record-deployment`: tells the Pact Broker, with the real `pact
 * broker record-deployment`, that this build's version of each pacticipant (named, or the
 * consumers of the pacts in ./pacts) is now in an environment.
 */

import { brokerSettingsFromEnv, buildVersion } from "../broker/config.js";
import {
  askBrokerIndex,
  BROKER_TIMEOUT_MS,
  brokerFailure,
  failureCause,
  failureLines,
  runPactBroker,
} from "../broker/pact-cli.js";
import { ExitCode } from "../core/errors.js";
import { PACTICIPANT_FLAGS, PACTICIPANT_HELP, pacticipantsFrom } from "./pacticipants.js";
import { command, type Flags, numberFlag, usageError } from "./shell.js";

export const RECORD_DEPLOYMENT_USAGE = `Usage: participant-contract record-deployment --environment ENV [--pacticipant NAME]... [--dir DIR] [--application-instance NAME] [--timeout MS]

Records in the Pact Broker that this build's version of each pacticipant is deployed to ENV,
one \`pact broker record-deployment\` per pacticipant. Run it after the deployment succeeded.
${PACTICIPANT_HELP(24)}
  version                 GIT_COMMIT, else GITHUB_SHA, else \`git rev-parse HEAD\`
  broker                  PACT_BROKER_BASE_URL; auth PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD
  --application-instance  which instance, when several of the same application run in ENV
  --timeout               each call to the broker's limit, in milliseconds (default ${BROKER_TIMEOUT_MS})
Exit codes: 0 recorded, 2 not recorded (the cause on one line).`;

const FLAGS = {
  ...PACTICIPANT_FLAGS,
  environment: { type: "string" },
  "application-instance": { type: "string" },
  timeout: { type: "string" },
} as const satisfies Flags;

export const recordDeployment = command({
  name: "record-deployment",
  usage: RECORD_DEPLOYMENT_USAGE,
  flags: FLAGS,
  async run(args, shell) {
    const env = shell.env;
    const environment = args.environment;
    if (!environment) throw usageError("record-deployment", "--environment ENV is required");
    const timeoutMs = numberFlag("timeout", args.timeout, BROKER_TIMEOUT_MS);
    const settings = brokerSettingsFromEnv(env);
    const version = buildVersion(env);
    const pacticipants = pacticipantsFrom(args.pacticipant, args.dir, "record-deployment");

    await askBrokerIndex(
      settings,
      `record-deployment ${pacticipants.join(", ")} ${version} to ${environment}`,
      timeoutMs,
    );
    for (const pacticipant of pacticipants) {
      const cliArgs = [
        "--pacticipant",
        pacticipant,
        "--version",
        version,
        "--environment",
        environment,
        ...(args["application-instance"] ? ["--application-instance", args["application-instance"]] : []),
      ];
      const result = await runPactBroker("record-deployment", cliArgs, { settings, env, timeoutMs });
      if (result.code !== 0 || failureLines(result.output).length)
        throw brokerFailure(
          settings,
          `record-deployment ${pacticipant} ${version} to ${environment}`,
          `did not record it: ${failureCause(result)}`,
        );
      shell.stdout(result.output.trim());
    }
    return ExitCode.ok;
  },
});
