/**
 * The credentials and participants every command works with: read from a fixtures file
 * (schemas/fixtures.schema.json) and/or the environment (TWILIO_ACCOUNT_SID /
 * TWILIO_AUTH_TOKEN, TWILIO_OTHER_ACCOUNT_SID / TWILIO_OTHER_AUTH_TOKEN, and API keys:
 * TWILIO_API_KEY / TWILIO_API_SECRET, TWILIO_OTHER_API_KEY / TWILIO_OTHER_API_SECRET),
 * checked, and never echoed: a credential's value appears in no message.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { EnvironmentError, localLimit } from "../core/errors.js";
import { CREDENTIAL_VARIABLE } from "../core/template.js";
import type { FixtureParticipant, FixturesFile } from "../core/types.generated.js";
import { formatViolation, type Violation } from "../core/violation.js";
import { validate } from "../schema/validate.js";
import { checkSecret, redactor } from "./redact.js";

/** A fixtures file with the credentials resolved; the participants may be absent (not needed with --state-setup-url). */
export type LoadedFixtures = FixturesFile & { accountSid: string; authToken: string };

/** Fixtures that name both participants: what the reference provider serves and fixtures-mode verification needs. */
export type Fixtures = LoadedFixtures & { phone: FixtureParticipant; messenger: FixtureParticipant };

/** A fixtures file is a few hundred bytes; anything past this is not one. */
export const MAX_FIXTURES_BYTES = 1024 * 1024;

/** The environment variable of each credential: the one list, which the repeat lines read too. */
const ENV = CREDENTIAL_VARIABLE;

/** Where each credential may come from in the environment, by fixtures field. */
const VARIABLE_OF_FIELD: Record<string, string> = {
  accountSid: ENV.accountSid,
  authToken: ENV.authToken,
  "otherAccount.accountSid": ENV.otherAccountSid,
  "otherAccount.authToken": ENV.otherAuthToken,
  "apiKey.sid": ENV.apiKey,
  "apiKey.secret": ENV.apiSecret,
  "otherAccount.apiKey.sid": ENV.otherApiKey,
  "otherAccount.apiKey.secret": ENV.otherApiSecret,
};

/** Why a check that needs a fixtures object cannot run: the object, and the variables that may give it instead. */
export function fixtureMissing(object: "otherAccount" | "apiKey" | "otherAccount.apiKey"): string {
  const depth = object.split(".").length + 1;
  const variables = Object.entries(VARIABLE_OF_FIELD)
    .filter(([field]) => field.startsWith(`${object}.`) && field.split(".").length === depth)
    .map(([, variable]) => variable);
  return `the fixtures name no ${object} (nor ${variables.join("/")})`;
}

/** The fields whose value is a credential, or may hold one when misplaced: never shown. */
const CREDENTIAL_FIELDS = /^(authToken|apiKey|otherAccount)(\.|$)/;

function fileKindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a regular file";
}

const OPEN_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  ENOTDIR: "a part of the path is not a directory",
  // Opening a socket gives ENXIO: it is there, but it is no file.
  ENXIO: "not a regular file",
  ELOOP: "too many symbolic links",
};

/**
 * The UTF-8 text of a regular file of at most `maxBytes`, `what` naming it in messages
 * ("fixtures file", "HAR file"). Opened without blocking and checked before anything is
 * read: a FIFO would wait for a writer forever, /dev/zero never ends. Read in chunks up to
 * one byte past the cap, so a file that grew since fstat is still caught and a small file
 * costs no large buffer.
 */
export function readRegularFile(path: string, what: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new EnvironmentError(`cannot read ${what} ${path}: ${localLimit(error) ?? OPEN_ERRORS[code] ?? code}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new EnvironmentError(`${what} ${path} is not a regular file: ${fileKindOf(stats)}`);
    const tooLarge = () => new EnvironmentError(`${what} ${path} is larger than ${sizeText(maxBytes)}`);
    if (stats.size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let length = 0;
    for (let read = 1; read > 0 && length <= maxBytes; length += read) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - length));
      read = readSync(fd, chunk, 0, chunk.length, null);
      chunks.push(chunk.subarray(0, read));
    }
    if (length > maxBytes) throw tooLarge();
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks, length));
    } catch {
      throw new EnvironmentError(`${what} ${path} is not UTF-8 text`);
    }
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new EnvironmentError(`cannot read ${what} ${path}: ${localLimit(error) ?? code}`);
  } finally {
    closeSync(fd);
  }
}

const CHUNK_BYTES = 1024 * 1024;

/** `1 MiB`, `64 MiB`, or bytes when not a whole number of MiB. */
function sizeText(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

/** The text of a fixtures file of at most MAX_FIXTURES_BYTES. */
export function readFixturesFile(path: string): string {
  return readRegularFile(path, "fixtures file", MAX_FIXTURES_BYTES);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** An API key's secret, when `holder` (the file, or its otherAccount) names a key object. */
const keySecretOf = (holder: unknown): unknown =>
  isObject(holder) && isObject(holder.apiKey) ? holder.apiKey.secret : undefined;

/** The credentials in play, wherever they came from: what no message may contain. */
function tokensIn(data: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
  const other = isObject(data.otherAccount) ? data.otherAccount.authToken : undefined;
  return [
    data.authToken,
    other,
    keySecretOf(data),
    keySecretOf(data.otherAccount),
    env[ENV.authToken],
    env[ENV.otherAuthToken],
    env[ENV.apiSecret],
    env[ENV.otherApiSecret],
  ].filter((t): t is string => typeof t === "string" && t.length > 0);
}

/** An API key from a pair of variables, both or neither. */
function keyFromEnvironment(env: NodeJS.ProcessEnv, sidVariable: string, secretVariable: string) {
  const sid = env[sidVariable];
  const secret = env[secretVariable];
  if (sid && secret) return { sid, secret };
  if (sid || secret)
    throw new EnvironmentError(`${sidVariable} and ${secretVariable} go together: set both or neither`);
  return undefined;
}

/**
 * A violation as one line, the value left out where it is, or may be, a credential: the
 * token fields, an accountSid that holds something else than an SID (the two swapped),
 * anything that contains a token.
 */
function describeViolation(v: Violation, tokens: readonly string[], label = v.field): string {
  const shown = formatViolation({ ...v, field: label });
  const redact = redactor(tokens);
  const sidLike = v.field === "accountSid" && typeof v.actual === "string" && v.actual.startsWith("AC");
  const hidden =
    CREDENTIAL_FIELDS.test(v.field) ||
    (v.field === "accountSid" && !sidLike) ||
    redact(shown) !== shown ||
    tokens.some((t) => typeof v.actual === "string" && v.actual.includes(t));
  if (!hidden) return shown;
  if (v.actual === undefined) return `${label}: ${v.rule}`;
  const what =
    typeof v.actual === "string"
      ? `a string of ${[...v.actual].length} characters`
      : `${v.actual === null ? "null" : Array.isArray(v.actual) ? "an array" : `a ${typeof v.actual}`}`;
  return `${label}: ${v.rule}, got ${what} (not shown: it may be a credential)`;
}

/** Fills what the file leaves out (absent or empty) from the environment; the file wins. */
function withEnvironment(data: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const merged = { ...data };
  if (!merged.accountSid && env[ENV.accountSid]) merged.accountSid = env[ENV.accountSid];
  if (!merged.authToken && env[ENV.authToken]) merged.authToken = env[ENV.authToken];
  if (merged.otherAccount === undefined) {
    const accountSid = env[ENV.otherAccountSid];
    const authToken = env[ENV.otherAuthToken];
    if (accountSid && authToken) merged.otherAccount = { accountSid, authToken };
    else if (accountSid || authToken) {
      throw new EnvironmentError(`${ENV.otherAccountSid} and ${ENV.otherAuthToken} go together: set both or neither`);
    }
  }
  const key = keyFromEnvironment(env, ENV.apiKey, ENV.apiSecret);
  if (merged.apiKey === undefined && key) merged.apiKey = key;
  const otherKey = keyFromEnvironment(env, ENV.otherApiKey, ENV.otherApiSecret);
  if (otherKey && isObject(merged.otherAccount) && merged.otherAccount.apiKey === undefined)
    merged.otherAccount = { ...merged.otherAccount, apiKey: otherKey };
  else if (otherKey && merged.otherAccount === undefined)
    throw new EnvironmentError(
      `${ENV.otherApiKey} is a key of the other account: name that account too (otherAccount, or ${ENV.otherAccountSid} and ${ENV.otherAuthToken})`,
    );
  return merged;
}

/** Where each secret is read in the file, and the variable that fills it otherwise. */
const SECRET_FIELDS = {
  authToken: { inFile: (data: Record<string, unknown>) => data.authToken, variable: ENV.authToken },
  "otherAccount.authToken": {
    inFile: (data: Record<string, unknown>) => isObject(data.otherAccount) && data.otherAccount.authToken,
    variable: ENV.otherAuthToken,
  },
  "apiKey.secret": { inFile: keySecretOf, variable: ENV.apiSecret },
  "otherAccount.apiKey.secret": {
    inFile: (data: Record<string, unknown>) => keySecretOf(data.otherAccount),
    variable: ENV.otherApiSecret,
  },
} as const;

/** Where a credential came from, for a message: the file's field, or the variable that filled it. */
function whereTokenCameFrom(field: keyof typeof SECRET_FIELDS, data: Record<string, unknown>, source?: string) {
  const { inFile, variable } = SECRET_FIELDS[field];
  if (inFile(data) && source) return `${field} in ${source}`;
  return variable;
}

/** A credential's place: a field of the fixtures file, or an environment variable. */
export type CredentialOrigin = { file: string; field: string } | { variable: string };

/**
 * Where each credential of loaded fixtures came from, by the variable a repeat line uses for
 * it: what a hint names ("check authToken in f.json"), and how a pasted curl line gets it.
 */
export type CredentialOrigins = Partial<Record<(typeof ENV)[keyof typeof ENV], CredentialOrigin>>;

/** The file wins (withEnvironment): a credential came from the environment only where the file left it out. */
function originsOf(data: Record<string, unknown>, fixtures: LoadedFixtures, path?: string): CredentialOrigins {
  const fromFile = (present: unknown, field: string, variable: string): CredentialOrigin =>
    present && path !== undefined ? { file: path, field } : { variable };
  const other = isObject(data.otherAccount) ? data.otherAccount : undefined;
  const key = isObject(data.apiKey) ? data.apiKey : undefined;
  const otherKey = isObject(other?.apiKey) ? other.apiKey : undefined;
  return {
    [ENV.accountSid]: fromFile(data.accountSid, "accountSid", ENV.accountSid),
    [ENV.authToken]: fromFile(data.authToken, "authToken", ENV.authToken),
    ...(fixtures.otherAccount
      ? {
          [ENV.otherAccountSid]: fromFile(other?.accountSid, "otherAccount.accountSid", ENV.otherAccountSid),
          [ENV.otherAuthToken]: fromFile(other?.authToken, "otherAccount.authToken", ENV.otherAuthToken),
        }
      : {}),
    ...(fixtures.apiKey
      ? {
          [ENV.apiKey]: fromFile(key?.sid, "apiKey.sid", ENV.apiKey),
          [ENV.apiSecret]: fromFile(key?.secret, "apiKey.secret", ENV.apiSecret),
        }
      : {}),
    ...(fixtures.otherAccount?.apiKey
      ? {
          [ENV.otherApiKey]: fromFile(otherKey?.sid, "otherAccount.apiKey.sid", ENV.otherApiKey),
          [ENV.otherApiSecret]: fromFile(otherKey?.secret, "otherAccount.apiKey.secret", ENV.otherApiSecret),
        }
      : {}),
  };
}

/**
 * The fixtures from parsed file contents (or `{}` with no file) and the environment.
 * `source` names the file in messages; without it, the credentials come from the
 * environment alone.
 */
function resolveFixtures(data: unknown, env: NodeJS.ProcessEnv, source?: string): LoadedFixtures {
  if (!isObject(data)) throw new EnvironmentError(`${source ?? "the environment"} is invalid: must be a JSON object`);
  const merged = withEnvironment(data, env);
  const tokens = tokensIn(merged, env);
  const first = validate("fixtures", merged)[0];
  if (first) {
    // With no file, every value came from a variable: name it instead of the field.
    const line = source
      ? `${source} is invalid: ${describeViolation(first, tokens)}`
      : describeViolation(first, tokens, VARIABLE_OF_FIELD[first.field] ?? first.field);
    throw new EnvironmentError(redactor(tokens)(line));
  }
  for (const [field, variable] of [
    ["accountSid", ENV.accountSid],
    ["authToken", ENV.authToken],
  ] as const) {
    if (!merged[field]) {
      throw new EnvironmentError(
        source ? `${source} has no ${field} and ${variable} is not set` : `${variable} is not set`,
      );
    }
  }
  const fixtures = merged as unknown as LoadedFixtures;
  checkSecret(whereTokenCameFrom("authToken", data, source), fixtures.authToken);
  if (fixtures.otherAccount)
    checkSecret(whereTokenCameFrom("otherAccount.authToken", data, source), fixtures.otherAccount.authToken);
  if (fixtures.apiKey) checkSecret(whereTokenCameFrom("apiKey.secret", data, source), fixtures.apiKey.secret);
  if (fixtures.otherAccount?.apiKey)
    checkSecret(whereTokenCameFrom("otherAccount.apiKey.secret", data, source), fixtures.otherAccount.apiKey.secret);
  return fixtures;
}

/** The fixtures from a file's text (`source` names the file) and the environment. */
export function parseFixtures(text: string, source: string, env: NodeJS.ProcessEnv = process.env): LoadedFixtures {
  const where = `fixtures file ${source}`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Only the position: V8's message quotes the text around the error, which may be the token.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new EnvironmentError(`${where} is not JSON${position ? ` (syntax error at position ${position})` : ""}`);
  }
  return resolveFixtures(data, env, where);
}

/**
 * The credentials (and participants) every command uses: from the fixtures file at `path`
 * and the environment, or from the environment alone when there is no file.
 */
export function loadFixtures(path: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedFixtures {
  return loadFixturesWithOrigins(path, env).fixtures;
}

/** loadFixtures, and where each credential came from. */
export function loadFixturesWithOrigins(
  path: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { fixtures: LoadedFixtures; origins: CredentialOrigins } {
  if (path === undefined) {
    const fixtures = resolveFixtures({}, env);
    return { fixtures, origins: originsOf({}, fixtures) };
  }
  const text = readFixturesFile(path);
  const fixtures = parseFixtures(text, path, env);
  // Parsed once more only to see which fields the file itself holds: parseFixtures has checked it is a JSON object.
  return { fixtures, origins: originsOf(JSON.parse(text) as Record<string, unknown>, fixtures, path) };
}

/** The fixtures, when they name both participants; otherwise one line saying which is missing. */
export function withParticipants(fixtures: LoadedFixtures, source: string): Fixtures {
  for (const variant of ["phone", "messenger"] as const) {
    if (!fixtures[variant]) throw new EnvironmentError(`fixtures file ${source} names no ${variant} participant`);
  }
  return fixtures as Fixtures;
}
