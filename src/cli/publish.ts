/**
 * `participant-contract publish`: the pacts a consumer's tests wrote (./pacts, as pact-js
 * writes them, or --dir) published to the Pact Broker with the real `pact broker publish`,
 * under this build's version and branch.
 */
import { brokerSettingsFromEnv, buildBranch, buildVersion } from "../broker/config.js";
import {
  askBrokerIndex,
  BROKER_TIMEOUT_MS,
  brokerFailure,
  failureCause,
  failureLines,
  runPactBroker,
} from "../broker/pact-cli.js";
import { EnvironmentError, ExitCode } from "../core/errors.js";
import { consumersOf, DEFAULT_PACT_DIR, pactFiles } from "./pacticipants.js";
import { command, type Flags, numberFlag } from "./shell.js";

export const PUBLISH_USAGE = `Usage: participant-contract publish [--dir DIR] [--tag TAG]... [--build-url URL] [--timeout MS]

Publishes every DIR/*.json pact to the Pact Broker with \`pact broker publish\`.
  --dir         the folder your consumer tests write pacts to (default: ./${DEFAULT_PACT_DIR}, pact-js's own default)
  broker        PACT_BROKER_BASE_URL; auth PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD
  version       GIT_COMMIT, else GITHUB_SHA, else \`git rev-parse HEAD\`
  branch        GIT_BRANCH, else GITHUB_HEAD_REF or GITHUB_REF_NAME, else \`git rev-parse --abbrev-ref HEAD\`
  --tag         a consumer version tag (repeatable; branches are preferred over tags)
  --build-url   the CI build that produced the pacts
  --timeout     each call to the broker's limit, in milliseconds (default ${BROKER_TIMEOUT_MS}); HTTP retries: PACT_BROKER_HTTP_RETRIES (default 2)
Each pact is published under the consumer it names. Exit codes: 0 published, 2 not published (the cause on one line).`;

const FLAGS = {
  dir: { type: "string" },
  tag: { type: "string", multiple: true },
  "build-url": { type: "string" },
  timeout: { type: "string" },
} as const satisfies Flags;

export const publish = command({
  name: "publish",
  usage: PUBLISH_USAGE,
  flags: FLAGS,
  async run(args, shell) {
    const env = shell.env;
    const timeoutMs = numberFlag("timeout", args.timeout, BROKER_TIMEOUT_MS);
    const settings = brokerSettingsFromEnv(env);
    const version = buildVersion(env);
    const branch = buildBranch(env);
    const tags = args.tag ?? [];
    // The Rust CLI takes --tag once and splits it on commas.
    const badTag = tags.find((tag) => tag.includes(",") || !tag.trim());
    if (badTag !== undefined)
      throw new EnvironmentError(`--tag must be a non-empty name without commas, got ${JSON.stringify(badTag)}`);
    const files = pactFiles(args.dir);
    const consumers = consumersOf(files);

    const what = `${files.length} pact file(s) of ${consumers.join(", ")} as version ${version}${branch ? ` on branch ${branch}` : ""}`;
    const asked = `publish ${what}`;
    await askBrokerIndex(settings, asked, timeoutMs);
    const cliArgs = [
      ...files,
      "--consumer-app-version",
      version,
      ...(branch ? ["--branch", branch] : []),
      ...(tags.length ? ["--tag", tags.join(",")] : []),
      ...(args["build-url"] ? ["--build-url", args["build-url"]] : []),
    ];
    const result = await runPactBroker("publish", cliArgs, { settings, env, timeoutMs });
    // `pact broker publish` exits 0 even when the broker refused a pact: its ❌ lines are the truth.
    if (result.code !== 0 || failureLines(result.output).length)
      throw brokerFailure(settings, asked, `did not take it: ${failureCause(result)}`);
    shell.stdout(result.output.trim());
    shell.stdout(`published ${what}`);
    if (!branch) shell.stderr("warning: no git branch known (detached HEAD?): set GIT_BRANCH to publish with a branch");
    return ExitCode.ok;
  },
});
