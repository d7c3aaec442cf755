/**
 * `npm run pact:publish`: publishes the pact files to the Pact Broker with the real
 * `pact broker publish`, versioned by the git commit and branch of this build.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentError, ExitCode } from "../errors.js";
import { type Command, parseCommandArgs, timeoutMs } from "./command.js";
import { brokerSettingsFromEnv, buildBranch, buildVersion } from "./config.js";
import { failureCause, failureLines, runPactBroker } from "./pact-cli.js";

export const PUBLISH_USAGE = `usage: npm run pact:publish -- [--tag TAG]... [--build-url URL] [--contracts DIR] [--timeout SECONDS]

Publishes every DIR/*.json pact (default: contracts/) to the Pact Broker with \`pact broker publish\`.
  broker        PACT_BROKER_BASE_URL; auth PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD
  version       GIT_COMMIT, else GITHUB_SHA, else \`git rev-parse HEAD\`
  branch        GIT_BRANCH, else GITHUB_HEAD_REF or GITHUB_REF_NAME, else \`git rev-parse --abbrev-ref HEAD\`
  --tag         a consumer version tag (repeatable; branches are preferred over tags)
  --build-url   the CI build that produced the pacts
  --timeout     give up after this many seconds (default 60); HTTP retries: PACT_BROKER_HTTP_RETRIES (default 2)
Exit codes: 0 published, 2 not published (the cause on one line).`;

const DEFAULT_TIMEOUT_SECONDS = 60;

/** The pact files of a directory, sorted so the publish order is stable. */
export function pactFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new EnvironmentError(`cannot read the pact directory ${dir}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const files = names.filter((name) => name.endsWith(".json")).sort();
  if (!files.length) throw new EnvironmentError(`no pact files (*.json) in ${dir}: run the consumer tests first`);
  return files.map((name) => join(dir, name));
}

export const publish: Command = async (argv, env, io) => {
  const args = parseCommandArgs(
    argv,
    {
      tag: { type: "string", multiple: true },
      "build-url": { type: "string" },
      contracts: { type: "string" },
      timeout: { type: "string" },
    },
    "pact:publish",
  );
  if (args.help) {
    io.out(PUBLISH_USAGE);
    return ExitCode.ok;
  }
  const settings = brokerSettingsFromEnv(env);
  const version = buildVersion(env);
  const branch = buildBranch(env);
  const files = pactFiles(args.contracts ?? "contracts");
  const tags = args.tag ?? [];
  // The Rust CLI takes --tag once and splits it on commas.
  const badTag = tags.find((tag) => tag.includes(",") || !tag.trim());
  if (badTag !== undefined)
    throw new EnvironmentError(`--tag must be a non-empty name without commas, got "${badTag}"`);

  const cliArgs = [
    ...files,
    "--consumer-app-version",
    version,
    ...(branch ? ["--branch", branch] : []),
    ...(tags.length ? ["--tag", tags.join(",")] : []),
    ...(args["build-url"] ? ["--build-url", args["build-url"]] : []),
  ];
  const result = await runPactBroker("publish", cliArgs, {
    settings,
    env,
    timeoutMs: timeoutMs(args.timeout, DEFAULT_TIMEOUT_SECONDS),
  });
  // `pact broker publish` exits 0 even when the broker refused a pact: its ❌ lines are the truth.
  if (result.code !== 0 || failureLines(result.output).length) {
    throw new EnvironmentError(`publishing to ${settings.baseUrl} failed: ${failureCause(result)}`);
  }
  io.out(result.output.trim());
  io.out(`published ${files.length} pact file(s) as version ${version}${branch ? ` on branch ${branch}` : ""}`);
  if (!branch) io.err("warning: no git branch known (detached HEAD?): set GIT_BRANCH to publish with a branch");
  return ExitCode.ok;
};
