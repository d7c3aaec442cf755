/**
 * `participant-contract can-i-deploy`: asks the Pact Broker, with the real `pact broker
 * can-i-deploy`, whether this build's version of each pacticipant (named, or the consumers
 * of the pacts in ./pacts) may go to an environment.
 */

import { brokerSettingsFromEnv, buildVersion } from "../broker/config.js";
import { askBrokerIndex, BROKER_TIMEOUT_MS, brokerFailure, failureCause, runPactBroker } from "../broker/pact-cli.js";
import { ExitCode, type ExitCodeValue } from "../core/errors.js";
import { PACTICIPANT_FLAGS, PACTICIPANT_HELP, pacticipantsFrom } from "./pacticipants.js";
import { command, type Flags, numberFlag, usageError } from "./shell.js";

const DEFAULT_RETRY_INTERVAL_SECONDS = 10;

export const CAN_I_DEPLOY_USAGE = `Usage: participant-contract can-i-deploy --to-environment ENV [--pacticipant NAME]... [--dir DIR] [--retry-while-unknown N [--retry-interval SECONDS]] [--dry-run] [--timeout MS]

Asks the Pact Broker whether this build's version of each pacticipant can be deployed to ENV,
one \`pact broker can-i-deploy\` per pacticipant.
${PACTICIPANT_HELP(23)}
  version                GIT_COMMIT, else GITHUB_SHA, else \`git rev-parse HEAD\`
  broker                 PACT_BROKER_BASE_URL; auth PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD
  --retry-while-unknown  poll this many times while verification results are missing (--retry-interval, default ${DEFAULT_RETRY_INTERVAL_SECONDS} s)
  --dry-run              report, but exit 0 even when the answer is no (or PACT_BROKER_CAN_I_DEPLOY_DRY_RUN=true)
  --timeout              each call to the broker's limit, in milliseconds (default ${BROKER_TIMEOUT_MS}, plus the polling time)
Exit codes: 0 deployable, 1 not deployable, 2 the question could not be asked (the cause on one line).`;

/** The CLI's verdict line, printed after the matrix whenever the broker answered the question. */
const VERDICT = /Computer says (yes|no)/;

const FLAGS = {
  ...PACTICIPANT_FLAGS,
  "to-environment": { type: "string" },
  "retry-while-unknown": { type: "string" },
  "retry-interval": { type: "string" },
  "dry-run": { type: "boolean" },
  timeout: { type: "string" },
} as const satisfies Flags;

export const canIDeploy = command({
  name: "can-i-deploy",
  usage: CAN_I_DEPLOY_USAGE,
  flags: FLAGS,
  async run(args, shell) {
    const env = shell.env;
    const environment = args["to-environment"];
    if (!environment) throw usageError("can-i-deploy", "--to-environment ENV is required");
    const retries = numberFlag("retry-while-unknown", args["retry-while-unknown"], 0);
    const interval = numberFlag("retry-interval", args["retry-interval"], DEFAULT_RETRY_INTERVAL_SECONDS);
    // Polling must fit inside the time limit, or a legitimate wait would be cut short.
    const limitMs = numberFlag("timeout", args.timeout, BROKER_TIMEOUT_MS) + retries * interval * 1000;
    const settings = brokerSettingsFromEnv(env);
    const version = buildVersion(env);
    const pacticipants = pacticipantsFrom(args.pacticipant, args.dir, "can-i-deploy");
    // The CLI's help promises this break-glass variable, but pact-broker-cli 0.8.8 ignores it.
    const dryRun = args["dry-run"] || env.PACT_BROKER_CAN_I_DEPLOY_DRY_RUN?.toLowerCase() === "true";

    let worst: ExitCodeValue = ExitCode.ok;
    await askBrokerIndex(settings, `can-i-deploy ${pacticipants.join(", ")} ${version} to ${environment}`, limitMs);
    for (const pacticipant of pacticipants) {
      const cliArgs = [
        "--pacticipant",
        pacticipant,
        "--version",
        version,
        "--to-environment",
        environment,
        ...(retries ? ["--retry-while-unknown", String(retries), "--retry-interval", String(interval)] : []),
        ...(dryRun ? ["--dry-run"] : []),
      ];
      const result = await runPactBroker("can-i-deploy", cliArgs, { settings, env, timeoutMs: limitMs });
      // Exit 1 means both "no" and "could not ask": only a verdict line tells them apart.
      if (!VERDICT.test(result.output))
        throw brokerFailure(
          settings,
          `can-i-deploy ${pacticipant} ${version} to ${environment}`,
          `could not answer: ${failureCause(result)}`,
        );
      shell.stdout(`can-i-deploy ${pacticipant} ${version} to ${environment}:`);
      shell.stdout(result.output.trim());
      if (result.code !== 0) worst = ExitCode.breach;
    }
    return worst;
  },
});
