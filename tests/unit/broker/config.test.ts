import { expect } from "chai";
import {
  authorizationHeader,
  brokerSettingsFromEnv,
  buildBranch,
  buildVersion,
  type GitRunner,
} from "../../../src/broker/config.js";
import { Shell } from "../../../src/cli/shell.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import { REDACTED } from "../../../src/net/redact.js";
import { FAKE_TOKEN } from "../../support/broker.js";

/** A git that answers as a checkout on branch `from-git` at commit `sha-from-git` would. */
const git: GitRunner = (args) => (args.includes("--abbrev-ref") ? "from-git" : "sha-from-git");
const noGit: GitRunner = () => undefined;
const detachedGit: GitRunner = (args) => (args.includes("--abbrev-ref") ? "HEAD" : "sha-from-git");

describe("broker config: version and branch of this build", () => {
  const versionCases: [string, NodeJS.ProcessEnv, GitRunner, string][] = [
    ["GIT_COMMIT wins over everything", { GIT_COMMIT: "a1", GITHUB_SHA: "b2" }, git, "a1"],
    ["GITHUB_SHA when GIT_COMMIT is unset", { GITHUB_SHA: "b2" }, git, "b2"],
    ["an empty GIT_COMMIT counts as unset", { GIT_COMMIT: " ", GITHUB_SHA: "b2" }, git, "b2"],
    ["git rev-parse HEAD when no variable is set", {}, git, "sha-from-git"],
  ];
  for (const [name, env, runner, expected] of versionCases) {
    it(`version: ${name}`, () => expect(buildVersion(env, runner)).to.equal(expected));
  }

  it("version: unknown (no variable, no git) is a one-line EnvironmentError", () => {
    expect(() => buildVersion({}, noGit))
      .to.throw(EnvironmentError)
      .with.property("message")
      .that.matches(/^cannot tell the version: set GIT_COMMIT[^\n]*$/);
  });

  const branchCases: [string, NodeJS.ProcessEnv, GitRunner, string | undefined][] = [
    ["GIT_BRANCH wins over everything", { GIT_BRANCH: "x", GITHUB_HEAD_REF: "y", GITHUB_REF_NAME: "z" }, git, "x"],
    [
      "GITHUB_HEAD_REF (a pull request's branch) before GITHUB_REF_NAME",
      { GITHUB_HEAD_REF: "y", GITHUB_REF_NAME: "7/merge" },
      git,
      "y",
    ],
    [
      "GITHUB_REF_NAME on a push (GITHUB_HEAD_REF is empty there)",
      { GITHUB_HEAD_REF: "", GITHUB_REF_NAME: "main" },
      git,
      "main",
    ],
    ["git rev-parse --abbrev-ref HEAD when no variable is set", {}, git, "from-git"],
    ["none on a detached HEAD", {}, detachedGit, undefined],
    ["none without git", {}, noGit, undefined],
  ];
  for (const [name, env, runner, expected] of branchCases) {
    it(`branch: ${name}`, () => expect(buildBranch(env, runner)).to.equal(expected));
  }

  it("the real git of this checkout answers a commit SHA", () => {
    expect(buildVersion({})).to.match(/^[0-9a-f]{40}$/);
  });
});

describe("broker config: settings and secrets", () => {
  it("reads the broker URL (trailing slash dropped) and the token", () => {
    expect(
      brokerSettingsFromEnv({ PACT_BROKER_BASE_URL: "https://x.pactflow.io/", PACT_BROKER_TOKEN: "t0ken-for-tests" }),
    ).to.deep.equal({
      baseUrl: "https://x.pactflow.io",
      token: "t0ken-for-tests",
    });
  });

  it("reads a username and password instead of a token; empty variables count as unset", () => {
    expect(
      brokerSettingsFromEnv({
        PACT_BROKER_BASE_URL: "https://b",
        PACT_BROKER_TOKEN: "",
        PACT_BROKER_USERNAME: "u",
        PACT_BROKER_PASSWORD: "passw0rd-for-tests",
      }),
    ).to.deep.equal({ baseUrl: "https://b", username: "u", password: "passw0rd-for-tests" });
  });

  const weak: [string, Record<string, string>][] = [
    ["a one-letter token", { PACT_BROKER_TOKEN: "Q" }],
    ["a short password", { PACT_BROKER_USERNAME: "u", PACT_BROKER_PASSWORD: "hunter2" }],
    ["a token of one repeated character", { PACT_BROKER_TOKEN: "aaaaaaaaaaaa" }],
  ];
  for (const [name, variables] of weak) {
    it(`refuses ${name}: it could not be kept out of the output (exit 2, the value never shown)`, () => {
      const value = Object.values(variables).at(-1) as string;
      expect(() => brokerSettingsFromEnv({ PACT_BROKER_BASE_URL: "https://b", ...variables }))
        .to.throw(EnvironmentError)
        .with.property("message")
        .that.matches(/^PACT_BROKER_(TOKEN|PASSWORD) /)
        .and.not.include(value);
    });
  }

  it("a missing PACT_BROKER_BASE_URL is a one-line EnvironmentError", () => {
    expect(() => brokerSettingsFromEnv({ PACT_BROKER_TOKEN: "t" }))
      .to.throw(EnvironmentError)
      .with.property("message")
      .that.matches(/^PACT_BROKER_BASE_URL is not set[^\n]*$/);
  });

  const authCases: [string, Parameters<typeof authorizationHeader>[0], string | undefined][] = [
    ["a token is sent as Bearer", { baseUrl: "u", token: "t", username: "u", password: "p" }, "Bearer t"],
    ["a username/password as Basic", { baseUrl: "u", username: "u", password: "p" }, `Basic ${btoa("u:p")}`],
    ["nothing without credentials", { baseUrl: "u" }, undefined],
  ];
  for (const [name, settings, expected] of authCases) {
    it(`auth: ${name}`, () => expect(authorizationHeader(settings)).to.equal(expected));
  }

  const redactCases: [string, string, string][] = [
    ["the token itself", `token is ${FAKE_TOKEN}.`, `token is ${REDACTED}.`],
    ["the password", "pw hunter2-hunter2!", `pw ${REDACTED}!`],
    [
      "a Basic header built from the pair",
      `Authorization: Basic ${btoa("alice:hunter2-hunter2")}`,
      `Authorization: Basic ${REDACTED}`,
    ],
    ["any other Bearer value", "Authorization: Bearer somethingelse", `Authorization: Bearer ${REDACTED}`],
    ["nothing else", "publishing to https://broker failed: HTTP 500", "publishing to https://broker failed: HTTP 500"],
  ];
  // The shell knows the broker's credentials from the environment, whichever command runs.
  const env = { PACT_BROKER_TOKEN: FAKE_TOKEN, PACT_BROKER_USERNAME: "alice", PACT_BROKER_PASSWORD: "hunter2-hunter2" };
  const shell = new Shell({ stdout: () => undefined, stderr: () => undefined, env, colour: false });
  for (const [name, text, expected] of redactCases) {
    it(`redacts ${name}`, () => expect(shell.redact(text)).to.equal(expected));
  }
});
