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

/** A proxy running in-process: where it listens, what it printed so far, and a stop that answers its exit code. */
export interface RunningProxy {
  url: string;
  lines: string[];
  stop(): Promise<number>;
}

/** `participant-contract proxy --upstream UPSTREAM --port 0 …MORE`, once it listens. */
export async function startProxy(
  upstream: string,
  more: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningProxy> {
  const stop = new AbortController();
  const lines: string[] = [];
  let listening: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const done = main(
    ["proxy", "--upstream", upstream, "--port", "0", ...more],
    {
      stdout: (line) => {
        lines.push(line);
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match?.[1]) listening(match[1]);
      },
      stderr: (line) => lines.push(line),
      env,
      colour: false,
    },
    { stop: stop.signal },
  );
  return {
    url: await Promise.race([
      url,
      done.then((code) => Promise.reject(new Error(`proxy exited ${code}: ${lines.join("\n")}`))),
    ]),
    lines,
    stop: () => {
      stop.abort();
      return done;
    },
  };
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
