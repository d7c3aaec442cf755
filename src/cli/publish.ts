import { fileURLToPath } from "node:url";
import { brokerSettingsFromEnv, buildBranch, buildVersion } from "../broker/config.js";
import { BROKER_TIMEOUT_MS, failureCause, failureLines, runPactBroker } from "../broker/pact-cli.js";
import { EnvironmentError, ExitCode } from "../core/errors.js";
import { CONTRACTS_DIR } from "../net/package-files.js";
import { printableUrl } from "../net/redact.js";
import { pactFilesIn } from "../pact/pact-dir.js";
import { command, type Flags, numberFlag } from "./shell.js";

export const PUBLISH_USAGE = `Usage: participant-contract publish [--dir DIR] [--tag TAG]... [--build-url URL] [--timeout MS]

Publishes every DIR/*.json pact to the Pact Broker with \`pact broker publish\`.
  --dir         the folder of pacts (default: this package's own contracts/)
  broker        PACT_BROKER_BASE_URL; auth PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD
  version       GIT_COMMIT, else GITHUB_SHA, else \`git rev-parse HEAD\`
  branch        GIT_BRANCH, else GITHUB_HEAD_REF or GITHUB_REF_NAME, else \`git rev-parse --abbrev-ref HEAD\`
  --tag         a consumer version tag (repeatable; branches are preferred over tags)
  --build-url   the CI build that produced the pacts
  --timeout     give up after this many milliseconds (default ${BROKER_TIMEOUT_MS}); HTTP retries: PACT_BROKER_HTTP_RETRIES (default 2)
Exit codes: 0 published, 2 not published (the cause on one line).`;

/** The pact files of a directory; none is an error worth a hint. */
export function pactFiles(dir: string): string[] {
  const files = pactFilesIn(dir);
  if (!files.length) throw new EnvironmentError(`no pact files (*.json) in ${dir}: run the consumer tests first`);
  return files;
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
    const files = pactFiles(args.dir ?? fileURLToPath(CONTRACTS_DIR));
    const tags = args.tag ?? [];
    // The Rust CLI takes --tag once and splits it on commas.
    const badTag = tags.find((tag) => tag.includes(",") || !tag.trim());
    if (badTag !== undefined)
      throw new EnvironmentError(`--tag must be a non-empty name without commas, got ${JSON.stringify(badTag)}`);

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
    if (result.code !== 0 || failureLines(result.output).length) {
      throw new EnvironmentError(`publishing to ${printableUrl(settings.baseUrl)} failed: ${failureCause(result)}`);
    }
    shell.stdout(result.output.trim());
    shell.stdout(`published ${files.length} pact file(s) as version ${version}${branch ? ` on branch ${branch}` : ""}`);
    if (!branch) shell.stderr("warning: no git branch known (detached HEAD?): set GIT_BRANCH to publish with a branch");
    return ExitCode.ok;
  },
});
