/**
 * src/fixtures.ts: credentials from a file and/or the environment, refused when they
 * cannot be kept out of the output, never echoed in an error; fixtures read only from a
 * regular file of bounded size, without ever blocking.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { exampleRef } from "../../../src/core/cases.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import { type LoadedFixtures, loadFixtures, MAX_FIXTURES_BYTES, parseFixtures } from "../../../src/net/fixtures.js";
import { ACCOUNT, KEY, OTHER_ACCOUNT, OTHER_KEY, OTHER_TOKEN, TOKEN } from "../../support/secrets.js";

const REF = {
  serviceSid: exampleRef.serviceSid,
  sessionSid: exampleRef.sessionSid,
  participantSid: exampleRef.participantSid,
};
const FILE = { accountSid: ACCOUNT, authToken: TOKEN, phone: REF, messenger: REF };
const OTHER = { accountSid: OTHER_ACCOUNT, authToken: OTHER_TOKEN };

interface CredentialCase {
  name: string;
  /** The file's contents, or undefined for no file (credentials from the environment alone). */
  file: unknown;
  env: Record<string, string>;
  expected: Partial<LoadedFixtures> | { error: string };
  /** Values that must not appear in the error. */
  secrets?: string[];
}

const credentialCases: CredentialCase[] = [
  {
    name: "a file with credentials only",
    file: { accountSid: ACCOUNT, authToken: TOKEN },
    env: {},
    expected: { accountSid: ACCOUNT, authToken: TOKEN },
  },
  {
    name: "no file: credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
    file: undefined,
    env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN },
    expected: { accountSid: ACCOUNT, authToken: TOKEN },
  },
  {
    name: "no file and no TWILIO_AUTH_TOKEN",
    file: undefined,
    env: { TWILIO_ACCOUNT_SID: ACCOUNT },
    expected: { error: "TWILIO_AUTH_TOKEN is not set" },
  },
  {
    name: "no file, a malformed TWILIO_ACCOUNT_SID: named by its variable",
    file: undefined,
    env: { TWILIO_ACCOUNT_SID: "ACnope", TWILIO_AUTH_TOKEN: TOKEN },
    expected: { error: 'TWILIO_ACCOUNT_SID: must be at least 34 characters, got "ACnope"' },
  },
  {
    name: "no file, the token in TWILIO_ACCOUNT_SID: not shown",
    file: undefined,
    env: { TWILIO_ACCOUNT_SID: TOKEN, TWILIO_AUTH_TOKEN: ACCOUNT },
    expected: { error: "TWILIO_ACCOUNT_SID: must be at least 34 characters, got a string of 32 characters (not shown" },
    secrets: [TOKEN],
  },
  {
    name: "the second account from TWILIO_OTHER_ACCOUNT_SID and TWILIO_OTHER_AUTH_TOKEN",
    file: FILE,
    env: { TWILIO_OTHER_ACCOUNT_SID: OTHER_ACCOUNT, TWILIO_OTHER_AUTH_TOKEN: OTHER_TOKEN },
    expected: { otherAccount: OTHER },
  },
  {
    name: "the second account in the file wins over the environment",
    file: { ...FILE, otherAccount: OTHER },
    env: { TWILIO_OTHER_ACCOUNT_SID: ACCOUNT, TWILIO_OTHER_AUTH_TOKEN: TOKEN },
    expected: { otherAccount: OTHER },
  },
  {
    name: "TWILIO_OTHER_ACCOUNT_SID without TWILIO_OTHER_AUTH_TOKEN",
    file: FILE,
    env: { TWILIO_OTHER_ACCOUNT_SID: OTHER_ACCOUNT },
    expected: { error: "TWILIO_OTHER_ACCOUNT_SID and TWILIO_OTHER_AUTH_TOKEN go together: set both or neither" },
  },
  {
    name: "TWILIO_OTHER_AUTH_TOKEN without TWILIO_OTHER_ACCOUNT_SID",
    file: FILE,
    env: { TWILIO_OTHER_AUTH_TOKEN: OTHER_TOKEN },
    expected: { error: "go together: set both or neither" },
    secrets: [OTHER_TOKEN],
  },
  {
    name: "accountSid and authToken swapped: the token is not shown",
    file: { ...FILE, accountSid: TOKEN, authToken: ACCOUNT },
    env: {},
    expected: { error: "accountSid: must be at least 34 characters, got a string of 32 characters (not shown" },
    secrets: [TOKEN],
  },
  {
    name: "a mistyped account SID is still shown (it is no secret)",
    file: { ...FILE, accountSid: "AC123" },
    env: {},
    expected: { error: 'accountSid: must be at least 34 characters, got "AC123"' },
  },
  {
    name: "the token in a participant field: not shown",
    file: { ...FILE, phone: { ...REF, serviceSid: TOKEN } },
    env: {},
    expected: { error: "phone.serviceSid: must be at least 34 characters, got a string of 32 characters (not shown" },
    secrets: [TOKEN],
  },
  {
    name: "the second account's token in its SID field: not shown",
    file: { ...FILE, otherAccount: { accountSid: OTHER_TOKEN, authToken: OTHER_ACCOUNT } },
    env: {},
    expected: { error: "otherAccount.accountSid: must be at least 34 characters, got a string of 32 characters" },
    secrets: [OTHER_TOKEN],
  },
  {
    name: "the second account's token of the wrong type: not shown",
    file: { ...FILE, otherAccount: { accountSid: OTHER_ACCOUNT, authToken: 48151623 } },
    env: {},
    expected: { error: "otherAccount.authToken: must be string, got a number (not shown" },
    secrets: ["48151623"],
  },
  {
    name: "a stray key in the second account (perhaps a token under another name): not shown",
    file: { ...FILE, otherAccount: { ...OTHER, token: OTHER_TOKEN } },
    env: {},
    expected: { error: "otherAccount" },
    secrets: [OTHER_TOKEN],
  },
  {
    name: "an auth token of 'a'",
    file: { ...FILE, authToken: "a" },
    env: {},
    expected: {
      error: "authToken in fixtures file f.json is too short to be kept out of the output (at least 8 characters)",
    },
  },
  {
    name: "an auth token of '0'",
    file: { ...FILE, authToken: "0" },
    env: {},
    expected: { error: "authToken in fixtures file f.json is too short" },
  },
  {
    name: "an auth token of 'null'",
    file: { ...FILE, authToken: "null" },
    env: {},
    expected: { error: "authToken in fixtures file f.json is too short" },
  },
  {
    name: "a TWILIO_AUTH_TOKEN of one repeated character",
    file: { accountSid: ACCOUNT },
    env: { TWILIO_AUTH_TOKEN: "zzzzzzzzzzzz" },
    expected: {
      error: "TWILIO_AUTH_TOKEN is too plain to be kept out of the output (at least 3 different characters)",
    },
    secrets: ["zzzzzzzzzzzz"],
  },
  {
    name: "a short TWILIO_OTHER_AUTH_TOKEN",
    file: FILE,
    env: { TWILIO_OTHER_ACCOUNT_SID: OTHER_ACCOUNT, TWILIO_OTHER_AUTH_TOKEN: "s3cr3t" },
    expected: { error: "TWILIO_OTHER_AUTH_TOKEN is too short" },
    secrets: ["s3cr3t"],
  },
  {
    name: "a short token for the second account in the file",
    file: { ...FILE, otherAccount: { accountSid: OTHER_ACCOUNT, authToken: "s3cr3t" } },
    env: {},
    expected: { error: "otherAccount.authToken in fixtures file f.json is too short" },
    secrets: ["s3cr3t"],
  },
  ...apiKeyCases(),
];

/** API keys: in the file (for the account and inside otherAccount) or from TWILIO_API_KEY/TWILIO_API_SECRET and the OTHER pair. */
function apiKeyCases(): CredentialCase[] {
  const keyEnv = { TWILIO_API_KEY: KEY.sid, TWILIO_API_SECRET: KEY.secret };
  const otherKeyEnv = { TWILIO_OTHER_API_KEY: OTHER_KEY.sid, TWILIO_OTHER_API_SECRET: OTHER_KEY.secret };
  return [
    { name: "an API key in the file", file: { ...FILE, apiKey: KEY }, env: {}, expected: { apiKey: KEY } },
    { name: "no API key anywhere: none", file: FILE, env: {}, expected: { accountSid: ACCOUNT } },
    {
      name: "an API key from TWILIO_API_KEY and TWILIO_API_SECRET",
      file: FILE,
      env: keyEnv,
      expected: { apiKey: KEY },
    },
    {
      name: "the API key in the file wins over the environment",
      file: { ...FILE, apiKey: KEY },
      env: { TWILIO_API_KEY: OTHER_KEY.sid, TWILIO_API_SECRET: OTHER_KEY.secret },
      expected: { apiKey: KEY },
    },
    {
      name: "no file: the account and its key from the environment",
      file: undefined,
      env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, ...keyEnv },
      expected: { apiKey: KEY },
    },
    {
      name: "TWILIO_API_KEY without TWILIO_API_SECRET",
      file: FILE,
      env: { TWILIO_API_KEY: KEY.sid },
      expected: { error: "TWILIO_API_KEY and TWILIO_API_SECRET go together: set both or neither" },
    },
    {
      name: "TWILIO_API_SECRET without TWILIO_API_KEY: not shown",
      file: FILE,
      env: { TWILIO_API_SECRET: KEY.secret },
      expected: { error: "go together" },
      secrets: [KEY.secret],
    },
    {
      name: "the other account's key inside otherAccount",
      file: { ...FILE, otherAccount: { ...OTHER, apiKey: OTHER_KEY } },
      env: {},
      expected: { otherAccount: { ...OTHER, apiKey: OTHER_KEY } },
    },
    {
      name: "the other account's key from TWILIO_OTHER_API_KEY and TWILIO_OTHER_API_SECRET, its account in the file",
      file: { ...FILE, otherAccount: OTHER },
      env: otherKeyEnv,
      expected: { otherAccount: { ...OTHER, apiKey: OTHER_KEY } },
    },
    {
      name: "the other account and its key, all from the environment",
      file: FILE,
      env: { TWILIO_OTHER_ACCOUNT_SID: OTHER_ACCOUNT, TWILIO_OTHER_AUTH_TOKEN: OTHER_TOKEN, ...otherKeyEnv },
      expected: { otherAccount: { ...OTHER, apiKey: OTHER_KEY } },
    },
    {
      name: "the other account's key without the other account",
      file: FILE,
      env: otherKeyEnv,
      expected: { error: "TWILIO_OTHER_API_KEY is a key of the other account: name that account too" },
      secrets: [OTHER_KEY.secret],
    },
    {
      name: "a key SID that is not SK…: named, the secret not shown",
      file: { ...FILE, apiKey: { sid: ACCOUNT, secret: KEY.secret } },
      env: {},
      expected: { error: "apiKey.sid" },
      secrets: [KEY.secret],
    },
    {
      name: "a key without its secret",
      file: { ...FILE, apiKey: { sid: KEY.sid } },
      env: {},
      expected: { error: "apiKey" },
    },
    {
      name: "a stray field in the key (perhaps the secret under another name): not shown",
      file: { ...FILE, apiKey: { ...KEY, token: OTHER_TOKEN } },
      env: {},
      expected: { error: "apiKey" },
      secrets: [OTHER_TOKEN, KEY.secret],
    },
    {
      name: "a key secret of 'secret1'",
      file: { ...FILE, apiKey: { sid: KEY.sid, secret: "secret1" } },
      env: {},
      expected: { error: "apiKey.secret in fixtures file f.json is too short" },
    },
    {
      name: "a plain TWILIO_OTHER_API_SECRET",
      file: { ...FILE, otherAccount: OTHER },
      env: { TWILIO_OTHER_API_KEY: OTHER_KEY.sid, TWILIO_OTHER_API_SECRET: "abababababab" },
      expected: { error: "TWILIO_OTHER_API_SECRET is too plain" },
      secrets: ["abababababab"],
    },
    {
      name: "no file, a malformed TWILIO_API_KEY: named by its variable",
      file: undefined,
      env: {
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_KEY: "SKnope",
        TWILIO_API_SECRET: KEY.secret,
      },
      expected: { error: "TWILIO_API_KEY: must be at least 34 characters" },
      secrets: [KEY.secret],
    },
  ];
}

function outcomeOf(row: CredentialCase): LoadedFixtures | unknown {
  try {
    return row.file === undefined
      ? loadFixtures(undefined, row.env)
      : parseFixtures(JSON.stringify(row.file), "f.json", row.env);
  } catch (error) {
    return error;
  }
}

describe("secrets: fixtures credentials", () => {
  for (const row of credentialCases) {
    it(row.name, () => {
      const outcome = outcomeOf(row);
      if ("error" in row.expected) {
        expect(outcome).to.be.instanceOf(EnvironmentError);
        const message = (outcome as EnvironmentError).message;
        expect(message).to.include(row.expected.error);
        expect(message, "one line").not.to.match(/[\r\n]/);
        for (const secret of row.secrets ?? []) expect(message, "shows a credential").not.to.include(secret);
      } else {
        expect(outcome).to.deep.include(row.expected);
      }
    });
  }
});

const CHILD = fileURLToPath(new URL("./load-fixtures.ts", import.meta.url));
/** Generous: a child is node + tsx + the schemas, well under a second here; a hang is what this catches. */
const CHILD_DEADLINE_MS = 15_000;

/**
 * loadFixtures over each path in one child process with a deadline, and no more than 1 GB of
 * data memory (`ulimit -d`): a reader that blocks or reads without end fails its case (and
 * the ones after it, whose lines never come) instead of hanging the run or filling the
 * machine. One child for every path: each costs a Node with a TypeScript loader.
 */
function loadInChild(paths: string[]): Promise<Map<string, string>> {
  return new Promise((resolve) => {
    execFile(
      "sh",
      ["-c", 'ulimit -d 1000000 && exec "$0" --import tsx "$@"', process.execPath, CHILD, ...paths],
      { timeout: CHILD_DEADLINE_MS, killSignal: "SIGKILL" },
      (error, stdout) => {
        const said = new Map<string, string>();
        for (const line of stdout.split("\n").filter(Boolean)) {
          const { path, said: text } = JSON.parse(line) as { path: string; said: string };
          said.set(path, text);
        }
        const why = error?.killed
          ? `still reading after ${CHILD_DEADLINE_MS} ms`
          : `ended (${error?.signal ?? `exit ${error?.code ?? 0}`}) and said nothing`;
        for (const path of paths) if (!said.has(path)) said.set(path, why);
        resolve(said);
      },
    );
  });
}

describe("secrets: the fixtures file is read within bounds", () => {
  const dir = mkdtempSync(join(tmpdir(), "fixtures-bounds-"));
  const paths = {
    fifo: join(dir, "fifo.json"),
    directory: join(dir, "dir.json"),
    socket: join(dir, "socket.json"),
    regular: join(dir, "ok.json"),
  };
  let server: Server | undefined;

  const specialCases: { name: string; path: string; expected: string }[] = [
    { name: "a regular file is read", path: paths.regular, expected: "loaded" },
    {
      name: "a FIFO is refused without waiting for a writer",
      path: paths.fifo,
      expected: "is not a regular file: a FIFO",
    },
    { name: "a directory is refused", path: paths.directory, expected: "is not a regular file: a directory" },
    { name: "/dev/zero is refused without reading", path: "/dev/zero", expected: "a character device" },
    { name: "a socket is refused", path: paths.socket, expected: "not a regular file" },
  ];
  /** The child runs once the files exist; each case waits for its own line. */
  let saidBy: Promise<Map<string, string>> = Promise.resolve(new Map());

  before(async () => {
    execFileSync("mkfifo", [paths.fifo]);
    mkdirSync(paths.directory);
    writeFileSync(paths.regular, JSON.stringify(FILE));
    server = createServer();
    await new Promise((resolve) => server?.listen(paths.socket, () => resolve(0)));
    saidBy = loadInChild(specialCases.map((row) => row.path));
  });
  after(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const row of specialCases) {
    it(row.name, async () => {
      const said = (await saidBy).get(row.path);
      expect(said).to.include(row.expected);
      expect(said, "one line").not.to.match(/\n/);
    });
  }

  /** A valid fixtures file padded with spaces to `bytes` bytes. */
  const padded = (bytes: number) => {
    const json = JSON.stringify(FILE);
    return json + " ".repeat(bytes - Buffer.byteLength(json));
  };
  const fileCases: { name: string; content: string | Buffer; expected: "loaded" | string }[] = [
    {
      name: `a file of exactly ${MAX_FIXTURES_BYTES} bytes is read`,
      content: padded(MAX_FIXTURES_BYTES),
      expected: "loaded",
    },
    {
      name: "a file one byte over the cap is refused",
      content: padded(MAX_FIXTURES_BYTES + 1),
      expected: "is larger than 1 MiB",
    },
    {
      name: "a file that is not UTF-8 is refused",
      content: Buffer.concat([Buffer.from('{"authToken": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
      expected: "is not UTF-8 text",
    },
    { name: "a UTF-8 byte-order mark is accepted", content: `\ufeff${JSON.stringify(FILE)}`, expected: "loaded" },
    { name: "a missing file is named in one line", content: "", expected: "cannot read fixtures file" },
  ];
  for (const row of fileCases) {
    it(row.name, () => {
      const path = join(dir, row.content === "" ? "missing.json" : "case.json");
      if (row.content !== "") writeFileSync(path, row.content);
      let said: string;
      try {
        loadFixtures(path, {});
        said = "loaded";
      } catch (error) {
        expect(error).to.be.instanceOf(EnvironmentError);
        said = (error as Error).message;
      }
      expect(said).to.include(row.expected);
    });
  }
});
