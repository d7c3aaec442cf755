/**
 * Hints for the user's own mistakes, one line each after the verdict, where the checks alone
 * would blame the implementation: credentials the implementation does not accept, a base URL
 * whose path doubles the API's. Each hint is a row (when it applies, what it says), judged
 * from the report as data. Also the line above the repeat lines that makes them work as
 * pasted: which variables to export, read from which fixtures file.
 */
import { resolve } from "node:path";
import type { Report } from "../core/findings.js";
import type { CurlVariable } from "../core/request.js";
import type { CredentialOrigin, CredentialOrigins } from "../net/fixtures.js";

export interface HintContext {
  /** The base URL the run was given (printable: no credentials). */
  baseUrl: string;
  /** Where the credentials came from: a fixtures file's fields, or environment variables. */
  origins: CredentialOrigins;
  /** The fixtures file, when there is one. */
  fixtures?: string;
}

interface Hint {
  /** A stable name, for tests. */
  id: string;
  applies(report: Report, context: HintContext): boolean;
  text(report: Report, context: HintContext): string;
}

/** The path of a base URL, without its trailing slash: "" for an origin alone. */
export function basePathOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

/** `accountSid and authToken in f.json`, `TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN`, or a mix. */
function credentialNames(origins: CredentialOrigins): string {
  const name = (origin: CredentialOrigin | undefined, variable: CurlVariable) =>
    origin && "file" in origin ? { what: origin.field, file: origin.file } : { what: variable, file: undefined };
  const sid = name(origins.TWILIO_ACCOUNT_SID, "TWILIO_ACCOUNT_SID");
  const token = name(origins.TWILIO_AUTH_TOKEN, "TWILIO_AUTH_TOKEN");
  if (sid.file !== undefined && sid.file === token.file) return `${sid.what} and ${token.what} in ${sid.file}`;
  const one = (n: { what: string; file: string | undefined }) =>
    n.file === undefined ? n.what : `${n.what} in ${n.file}`;
  return `${one(sid)} and ${one(token)}`;
}

/**
 * Whether every fetch of a participant the fixtures name, with the right credentials, was
 * answered with this status: the conformance checks, which ask for nothing but what exists.
 */
function everyFixtureFetchAnswered(report: Report, status: number): boolean {
  const fetches = report.checks.filter(
    (c) => c.group === "conformance" && c.request?.credentials === "right" && c.response,
  );
  return fetches.length > 0 && fetches.every((c) => c.response?.status === status);
}

const HINTS: Hint[] = [
  {
    id: "credentials-refused",
    // The implementation knows the participants but not these credentials.
    applies: (report) => everyFixtureFetchAnswered(report, 401),
    text: (_, { origins }) =>
      `every request with the right credentials was answered 401: check that ${credentialNames(origins)} are credentials the implementation accepts`,
  },
  {
    id: "base-url-path",
    // Nothing found anywhere, under a base URL with a path: most often /v1 given twice.
    applies: (report, { baseUrl }) => basePathOf(baseUrl) !== "" && everyFixtureFetchAnswered(report, 404),
    text: (_, { baseUrl }) => {
      const path = basePathOf(baseUrl);
      return (
        `every participant was answered 404, and --base-url has the path ${path}, which is used as the API's prefix: ` +
        `requests went to ${path}/v1/Services/…; if the implementation serves /v1/Services/… at its root, give ${new URL(baseUrl).origin}`
      );
    },
  },
  {
    id: "participants-not-found",
    applies: (report, { baseUrl }) => basePathOf(baseUrl) === "" && everyFixtureFetchAnswered(report, 404),
    text: (_, { fixtures }) =>
      `every participant the fixtures name was answered 404: check that the SIDs${fixtures ? ` in ${fixtures}` : ""} name participants that exist on the implementation`,
  },
];

/** The hints that apply to a finished run, each one line starting `hint: `. */
export function hintsFor(report: Report, context: HintContext): string[] {
  return HINTS.filter((hint) => hint.applies(report, context)).map((hint) => `hint: ${hint.text(report, context)}`);
}

/** The ids of the hints that apply: what tests assert on. */
export function hintIds(report: Report, context: HintContext): string[] {
  return HINTS.filter((hint) => hint.applies(report, context)).map((hint) => hint.id);
}

/** A path as one shell word: single-quoted, any single quote in it closed, escaped and reopened. */
const shellWord = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/**
 * The line above the repeat lines, when some of the variables they read are not set in the
 * user's shell but came from a fixtures file: `export NAME="$(node -p … FILE)"` for each,
 * reading the value from the file when pasted, so that no secret is ever printed. Undefined
 * when every variable came from the environment (it is set already).
 */
export function repeatSetupLine(variables: readonly CurlVariable[], origins: CredentialOrigins): string | undefined {
  const assignments = variables.flatMap((variable) => {
    const origin = origins[variable];
    if (!origin || !("file" in origin)) return [];
    const read = `JSON.parse(require("fs").readFileSync(process.argv[1])).${origin.field}`;
    return [`${variable}="$(node -p '${read}' ${shellWord(resolve(origin.file))})"`];
  });
  if (!assignments.length) return undefined;
  return `to repeat a request, first: export ${assignments.join(" ")}`;
}
