/**
 * Reads and checks the fixtures file (schemas/fixtures.schema.json), filling the
 * credentials from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN where the file leaves them out.
 */
import { readFileSync } from "node:fs";
import { EnvironmentError } from "./errors.js";
import { validate } from "./schemas.js";
import type { FixtureParticipant, Fixtures as FixturesFile } from "./types.generated.js";
import { formatViolation } from "./violation.js";

/** A fixtures file with the credentials resolved; the participants may be absent (not needed with --state-setup-url). */
export type LoadedFixtures = FixturesFile & { accountSid: string; authToken: string };

/** Fixtures that name both participants: what the reference provider serves and fixtures-mode verification needs. */
export type Fixtures = LoadedFixtures & { phone: FixtureParticipant; messenger: FixtureParticipant };

export function parseFixtures(text: string, source: string, env: NodeJS.ProcessEnv = process.env): LoadedFixtures {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Only the position: V8's message quotes the text around the error, which may be the token.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new EnvironmentError(
      `fixtures file ${source} is not JSON${position ? ` (syntax error at position ${position})` : ""}`,
    );
  }
  const merged = {
    ...(data !== null && typeof data === "object" ? data : {}),
    ...(env.TWILIO_ACCOUNT_SID && !(data as FixturesFile)?.accountSid ? { accountSid: env.TWILIO_ACCOUNT_SID } : {}),
    ...(env.TWILIO_AUTH_TOKEN && !(data as FixturesFile)?.authToken ? { authToken: env.TWILIO_AUTH_TOKEN } : {}),
  };
  const problems =
    data !== null && typeof data === "object" && !Array.isArray(data) ? validate("fixtures", merged) : [];
  if (problems.length || Array.isArray(data) || typeof data !== "object" || data === null) {
    const first = problems[0];
    // Never echo the token: it is the one field whose value is a secret.
    const reason = first
      ? formatViolation(first.field === "authToken" ? { ...first, actual: "(hidden)" } : first)
      : "must be a JSON object";
    throw new EnvironmentError(`fixtures file ${source} is invalid: ${reason}`);
  }
  const fixtures = merged as FixturesFile;
  if (!fixtures.accountSid) {
    throw new EnvironmentError(`fixtures file ${source} has no accountSid and TWILIO_ACCOUNT_SID is not set`);
  }
  if (!fixtures.authToken) {
    throw new EnvironmentError(`fixtures file ${source} has no authToken and TWILIO_AUTH_TOKEN is not set`);
  }
  return fixtures as LoadedFixtures;
}

export function loadFixtures(path: string, env: NodeJS.ProcessEnv = process.env): LoadedFixtures {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EnvironmentError(`cannot read fixtures file ${path}: ${code === "ENOENT" ? "no such file" : code}`);
  }
  return parseFixtures(text, path, env);
}

/** The fixtures, when they name both participants; otherwise one line saying which is missing. */
export function withParticipants(fixtures: LoadedFixtures, source: string): Fixtures {
  for (const variant of ["phone", "messenger"] as const) {
    if (!fixtures[variant]) throw new EnvironmentError(`fixtures file ${source} names no ${variant} participant`);
  }
  return fixtures as Fixtures;
}
