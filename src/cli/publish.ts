/**
 * `participant-contract publish`: the pacts a consumer's tests wrote (./pacts, as pact-js
 * writes them, or --dir) published to the Pact Broker with the real `pact broker publish`,
 * under this build's version and branch. Also what the broker commands share: where the
 * user's pacts are, and the pacticipants read from them.
 */
import { existsSync } from "node:fs";
import { brokerSettingsFromEnv, buildBranch, buildVersion } from "../broker/config.js";
import {
  askBrokerIndex,
  BROKER_TIMEOUT_MS,
  brokerFailure,
  failureCause,
  failureLines,
  runPactBroker,
} from "../broker/pact-cli.js";
import { consumersOf } from "../broker/pacticipants.js";
import { EnvironmentError, ExitCode } from "../core/errors.js";
import { pactFilesIn } from "../pact/pact-dir.js";
import { command, type Flags, numberFlag, usageError } from "./shell.js";

/** Where pact-js writes pacts unless told otherwise (PactV4's `dir` defaults to ./pacts). */
export const DEFAULT_PACT_DIR = "pacts";

export const PUBLISH_USAGE = `Usage: participant-contract publish [--dir DIR] [--tag TAG]... [--build-url URL] [--timeout MS]

Publishes every DIR/*.json pact to the Pact Broker with \`pact broker publish\`.
  --dir         the folder your consumer tests write pacts to (default: ./${DEFAULT_PACT_DIR}, pact-js's own default)
  broker        PACT_BROKER_BASE_URL; auth PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD
  version       GIT_COMMIT, else GITHUB_SHA, else \`git rev-parse HEAD\`
  branch        GIT_BRANCH, else GITHUB_HEAD_REF or GITHUB_REF_NAME, else \`git rev-parse --abbrev-ref HEAD\`
  --tag         a consumer version tag (repeatable; branches are preferred over tags)
  --build-url   the CI build that produced the pacts
  --timeout     give up after this many milliseconds (default ${BROKER_TIMEOUT_MS}); HTTP retries: PACT_BROKER_HTTP_RETRIES (default 2)
Each pact is published under the consumer it names. Exit codes: 0 published, 2 not published (the cause on one line).`;

/** The pact files of a folder: a missing default folder or an empty one is a line saying what to do. */
export function pactFiles(dir: string | undefined): string[] {
  const folder = dir ?? DEFAULT_PACT_DIR;
  if (dir === undefined && !existsSync(folder))
    throw new EnvironmentError(
      `no ./${DEFAULT_PACT_DIR} folder here: run your consumer tests first (pact-js writes ./${DEFAULT_PACT_DIR}), or give --dir DIR`,
    );
  const files = pactFilesIn(folder);
  if (!files.length) throw new EnvironmentError(`no pact files (*.json) in ${folder}: run the consumer tests first`);
  return files;
}

/**
 * The pacticipants a command asks about: those named with --pacticipant, else the consumers
 * of the pacts in --dir (default ./pacts); with neither, a line saying to name them.
 */
export function pacticipantsFrom(named: string[] | undefined, dir: string | undefined, commandName: string): string[] {
  if (named?.length) return named;
  const folder = dir ?? DEFAULT_PACT_DIR;
  if (dir === undefined && !existsSync(folder))
    throw usageError(
      commandName,
      `name the pacticipant with --pacticipant NAME (repeatable): there is no ./${DEFAULT_PACT_DIR} folder to read the consumer names from`,
    );
  return consumersOf(pactFiles(folder));
}

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

    const asked = `publish ${files.length} pact file(s) of ${consumers.join(", ")} as version ${version}${branch ? ` on branch ${branch}` : ""}`;
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
      throw brokerFailure(settings, asked, `refused it: ${failureCause(result)}`);
    shell.stdout(result.output.trim());
    shell.stdout(
      `published ${files.length} pact file(s) of ${consumers.join(", ")} as version ${version}${branch ? ` on branch ${branch}` : ""}`,
    );
    if (!branch) shell.stderr("warning: no git branch known (detached HEAD?): set GIT_BRANCH to publish with a branch");
    return ExitCode.ok;
  },
});
