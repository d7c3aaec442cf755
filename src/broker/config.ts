/**
 * Broker settings and the version/branch of this build, read from the environment the
 * way the Pact tooling conventionally does: explicit variables first, then the CI's own,
 * then git itself. Nothing here talks to a broker.
 */
import { execFileSync } from "node:child_process";
import { basicAuthorization } from "../core/credentials.js";
import { EnvironmentError } from "../core/errors.js";
import { checkSecret } from "../net/redact.js";

export interface BrokerSettings {
  baseUrl: string;
  token?: string;
  username?: string;
  password?: string;
  /**
   * Origins besides the broker's own that its links may name and its credentials may go
   * to (`scheme://host:port`), each allowed by the user by name: never another.
   */
  allowedOrigins?: string[];
}

/** The flag that allows another origin, named in every refusal. */
export const ALLOW_ORIGIN_FLAG = "--allow-broker-origin";

/**
 * The origins the user allowed, checked: each an http(s) origin alone (no path), and none
 * plain http when the broker is https (the token would cross the network in clear).
 */
export function allowedOrigins(brokerUrl: string, raw: readonly string[]): string[] {
  const home = new URL(brokerUrl);
  return raw.map((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new EnvironmentError(
        `${ALLOW_ORIGIN_FLAG} must be an origin such as https://host:port, got ${JSON.stringify(value)}`,
      );
    }
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare)
      throw new EnvironmentError(
        `${ALLOW_ORIGIN_FLAG} must be an origin such as https://host:port, got ${JSON.stringify(value)}`,
      );
    if (home.protocol === "https:" && url.protocol === "http:")
      throw new EnvironmentError(
        `${ALLOW_ORIGIN_FLAG} ${url.origin}: the broker is https, its token never goes over plain http`,
      );
    return url.origin;
  });
}

/** Where the version and branch of this build are read, in this order. */
const VERSION_VARIABLES = ["GIT_COMMIT", "GITHUB_SHA"] as const;
// GITHUB_HEAD_REF is the PR's source branch; GITHUB_REF_NAME would be "123/merge" there.
const BRANCH_VARIABLES = ["GIT_BRANCH", "GITHUB_HEAD_REF", "GITHUB_REF_NAME"] as const;

/** Runs git and answers its trimmed output, or undefined when git is missing or fails. */
export type GitRunner = (args: string[]) => string | undefined;

export const runGit: GitRunner = (args) => {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  } catch {
    return undefined;
  }
};

function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The broker's credentials in the environment, whether or not this run talks to a broker. */
export function brokerCredentialsFromEnv(env: NodeJS.ProcessEnv): Omit<BrokerSettings, "baseUrl"> {
  // A credential that cannot be told apart from ordinary text could not be kept out of the output.
  if (env.PACT_BROKER_TOKEN) checkSecret("PACT_BROKER_TOKEN", env.PACT_BROKER_TOKEN);
  if (env.PACT_BROKER_PASSWORD) checkSecret("PACT_BROKER_PASSWORD", env.PACT_BROKER_PASSWORD);
  return {
    ...(env.PACT_BROKER_TOKEN ? { token: env.PACT_BROKER_TOKEN } : {}),
    ...(env.PACT_BROKER_USERNAME ? { username: env.PACT_BROKER_USERNAME } : {}),
    ...(env.PACT_BROKER_PASSWORD ? { password: env.PACT_BROKER_PASSWORD } : {}),
  };
}

export function brokerSettingsFromEnv(env: NodeJS.ProcessEnv): BrokerSettings {
  const baseUrl = env.PACT_BROKER_BASE_URL?.trim();
  if (!baseUrl) throw new EnvironmentError("PACT_BROKER_BASE_URL is not set: it must name the Pact Broker");
  return { baseUrl: baseUrl.replace(/\/+$/, ""), ...brokerCredentialsFromEnv(env) };
}

/** The pacticipant version of this build: the git commit SHA. */
export function buildVersion(env: NodeJS.ProcessEnv, git: GitRunner = runGit): string {
  const version = firstSet(env, VERSION_VARIABLES) ?? git(["rev-parse", "HEAD"]);
  if (!version) {
    throw new EnvironmentError("cannot tell the version: set GIT_COMMIT (or GITHUB_SHA), or run inside a git checkout");
  }
  return version;
}

/** The git branch of this build, or undefined on a detached HEAD with no CI variable. */
export function buildBranch(env: NodeJS.ProcessEnv, git: GitRunner = runGit): string | undefined {
  const branch = firstSet(env, BRANCH_VARIABLES) ?? git(["rev-parse", "--abbrev-ref", "HEAD"]);
  return branch && branch !== "HEAD" ? branch : undefined;
}

/** Authorization header value for these settings: a token wins over a username/password. */
export function authorizationHeader(settings: BrokerSettings): string | undefined {
  if (settings.token) return `Bearer ${settings.token}`;
  if (settings.username) {
    return basicAuthorization(settings.username, settings.password ?? "");
  }
  return undefined;
}
