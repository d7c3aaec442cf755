/** What the traffic suites share: the commands run in-process with captured output, and the requests a client makes. */

import { main } from "../../../src/cli/main.js";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { participantPath } from "../../../src/core/resource.js";
import { fixtures, unknownSid } from "../../support/provider.js";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `participant-contract ARGV` in-process; `stop` ends a long-running command. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = {}, stop?: AbortSignal): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env, colour: false },
    stop ? { stop } : {},
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

export const authorization = basicAuthorization(fixtures.accountSid, fixtures.authToken);

/** Every form the fixtures' credentials could be printed in: none may appear in any output. */
export const SECRETS = [fixtures.authToken, authorization, authorization.slice("Basic ".length)];

/** The requests an application makes: both participants, an unknown one, one without credentials, and one that is no participant fetch. */
export const REQUESTS: { name: string; path: string; authorization?: string }[] = [
  { name: "phone", path: participantPath(fixtures.phone), authorization },
  { name: "messenger", path: participantPath(fixtures.messenger), authorization },
  {
    name: "unknown",
    path: participantPath({ ...fixtures.phone, participantSid: unknownSid.participantSid }),
    authorization,
  },
  { name: "no credentials", path: participantPath(fixtures.phone) },
  {
    name: "a session, not a participant",
    path: `/v1/Services/${fixtures.phone.serviceSid}/Sessions/${fixtures.phone.sessionSid}`,
    authorization,
  },
];
