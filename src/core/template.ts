/**
 * A request whose values may hold credentials by name, never by value: how a generated
 * request is kept as data, shown in a report (`$TWILIO_AUTH_TOKEN`), repeated as a shell
 * word (`"${TWILIO_AUTH_TOKEN:0:5}z${TWILIO_AUTH_TOKEN:6}"`) and, only at the moment it is
 * sent, resolved with the run's secrets. A credential may be edited by one character, so
 * that a request can differ from the right one by as little as a comparison by prefix
 * would miss, and still be repeated exactly from the shell.
 */

/** A credential of the run, by name: each account's SID and token, and each account's API key and its secret. */
export type CredentialName =
  | "accountSid"
  | "authToken"
  | "otherAccountSid"
  | "otherAuthToken"
  | "apiKey"
  | "apiSecret"
  | "otherApiKey"
  | "otherApiSecret";

/**
 * The environment variable of each credential: where fixtures may come from (net/fixtures.ts)
 * and what a reproduction line reads them from (the README names the same). The API key's
 * are the names the twilio CLI and SDK examples give it; the other account's follow the pattern.
 */
export const CREDENTIAL_VARIABLE = {
  accountSid: "TWILIO_ACCOUNT_SID",
  authToken: "TWILIO_AUTH_TOKEN",
  otherAccountSid: "TWILIO_OTHER_ACCOUNT_SID",
  otherAuthToken: "TWILIO_OTHER_AUTH_TOKEN",
  apiKey: "TWILIO_API_KEY",
  apiSecret: "TWILIO_API_SECRET",
  otherApiKey: "TWILIO_OTHER_API_KEY",
  otherApiSecret: "TWILIO_OTHER_API_SECRET",
} as const satisfies Record<CredentialName, string>;

/** A credential's environment variable. */
export type CredentialVariable = (typeof CREDENTIAL_VARIABLE)[CredentialName];

/** The credentials a template's pieces name, once each, in order. */
export function credentialsOf(pieces: readonly Piece[], into = new Set<CredentialName>()): Set<CredentialName> {
  for (const piece of pieces) {
    if (typeof piece === "string") continue;
    if ("base64" in piece) credentialsOf(piece.base64, into);
    else into.add(piece.credential);
  }
  return into;
}

/** One character of a credential changed: `replace`d by `char`, `char` inserted before `at`, or `delete`d. */
export interface CharEdit {
  at: number;
  op: "replace" | "insert" | "delete";
  /** The character put in, for replace and insert: one character of the Basic-safe ASCII range. */
  char?: string;
}

/** A piece of a templated value: literal text, a credential (maybe edited), or pieces in base64 (as Basic carries them). */
export type Piece =
  | string
  /** `uri`: percent-encoded when sent, as a query value is (the shell line leaves it as it is). */
  | { credential: CredentialName; edit?: CharEdit; uri?: boolean }
  | { base64: readonly Piece[] };

/** A header as sent: its name in the letter case sent, its value as pieces. */
export type TemplateHeader = readonly [name: string, value: readonly Piece[]];

/** A whole request as a template: what a reproduction line repeats. */
export interface RequestTemplate {
  method: string;
  /** The path and its query, as pieces (a query value may carry a credential). */
  target: readonly Piece[];
  /** In the order sent. */
  headers: readonly TemplateHeader[];
}

/** How requests of one sequence travelled: each on its own connection, in turn on one kept-alive connection, or all at once. */
export type ConnectionMode = "fresh" | "kept-alive" | "overlapping";

/**
 * A credential's value with its edit applied, exactly as the shell line's substring
 * expansions do it (`${V:0:at}c${V:at+1}`): past the end, a replacement or an insertion
 * appends and a deletion deletes nothing.
 */
export function editText(value: string, edit: CharEdit | undefined): string {
  if (!edit) return value;
  const at = Math.max(edit.at, 0);
  const char = edit.char ?? "";
  switch (edit.op) {
    case "replace":
      return `${value.slice(0, at)}${char}${value.slice(at + 1)}`;
    case "insert":
      return `${value.slice(0, at)}${char}${value.slice(at)}`;
    case "delete":
      return `${value.slice(0, at)}${value.slice(at + 1)}`;
  }
}

/** The pieces with the run's secrets in: only where a request is sent. */
export function resolvePieces(pieces: readonly Piece[], secrets: Partial<Record<CredentialName, string>>): string {
  let text = "";
  for (const piece of pieces) {
    if (typeof piece === "string") text += piece;
    else if ("base64" in piece) text += Buffer.from(resolvePieces(piece.base64, secrets), "utf8").toString("base64");
    else {
      const value = secrets[piece.credential];
      if (value === undefined) throw new Error(`no ${piece.credential} to send`);
      const edited = editText(value, piece.edit);
      text += piece.uri ? encodeURIComponent(edited) : edited;
    }
  }
  return text;
}

/** `${V:0:5}z${V:6}`: the shell's substring expansions (bash, zsh) for an edited variable. */
function editedVariable(variable: string, edit: CharEdit): string {
  const at = Math.max(edit.at, 0);
  const char = edit.char ?? "";
  switch (edit.op) {
    case "replace":
      return `\${${variable}:0:${at}}${char}\${${variable}:${at + 1}}`;
    case "insert":
      return `\${${variable}:0:${at}}${char}\${${variable}:${at}}`;
    case "delete":
      return `\${${variable}:0:${at}}\${${variable}:${at + 1}}`;
  }
}

/** Literal text inside a double-quoted shell word: only these four characters mean something there. */
function inDoubleQuotes(text: string): string {
  return text.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/**
 * The pieces as the inside of a double-quoted shell word: literal text escaped, each
 * credential its variable, base64 through the shell's own tools (`tr -d` because GNU
 * base64 wraps long output).
 */
export function shellPieces(pieces: readonly Piece[]): string {
  return pieces
    .map((piece) => {
      if (typeof piece === "string") return inDoubleQuotes(piece);
      if ("base64" in piece) return `$(printf %s "${shellPieces(piece.base64)}" | base64 | tr -d '\\n')`;
      const variable = CREDENTIAL_VARIABLE[piece.credential];
      return piece.edit ? editedVariable(variable, piece.edit) : `\${${variable}}`;
    })
    .join("");
}

/** The pieces as a reader sees them: credentials as `$VARIABLE` (edits as the shell writes them), base64 as `base64(…)`. */
export function displayPieces(pieces: readonly Piece[]): string {
  return pieces
    .map((piece) => {
      if (typeof piece === "string") return piece;
      if ("base64" in piece) return `base64(${displayPieces(piece.base64)})`;
      const variable = CREDENTIAL_VARIABLE[piece.credential];
      return piece.edit ? editedVariable(variable, piece.edit) : `$${variable}`;
    })
    .join("");
}

/** Whether a header is present in a template, its name in any letter case. */
export function templateHeader(template: RequestTemplate, name: string): TemplateHeader | undefined {
  const lower = name.toLowerCase();
  return template.headers.find(([n]) => n.toLowerCase() === lower);
}

/** Headers curl adds on its own unless told otherwise: an empty `-H 'Name:'` removes one. */
const CURL_DEFAULTS = ["user-agent", "accept"] as const;

/**
 * One curl command for one templated request: every header as sent (curl's own defaults
 * removed when the request had none), `--compressed` when the request accepted a coding
 * curl then decodes, the URL on `baseUrl`.
 */
export function curlOfTemplate(template: RequestTemplate, baseUrl: string, extra = ""): string {
  const method = template.method === "GET" ? "" : template.method === "HEAD" ? "-I " : `-X ${template.method} `;
  const encoding = templateHeader(template, "accept-encoding");
  const compressed =
    encoding && !/^\s*identity\s*$/i.test(displayPieces(encoding[1])) && displayPieces(encoding[1]).trim() !== ""
      ? "--compressed "
      : "";
  const removed = CURL_DEFAULTS.filter((name) => !templateHeader(template, name)).map((name) => `-H '${name}:' `);
  const headers = template.headers.map(([name, value]) => `-H "${inDoubleQuotes(name)}: ${shellPieces(value)}" `);
  const url = `"${inDoubleQuotes(baseUrl.replace(/\/+$/, ""))}${shellPieces(template.target)}"`;
  return `curl -sS ${extra}${method}${compressed}${removed.join("")}${headers.join("")}${url}`;
}

/**
 * The curl line for a request and the ones sent before it: on one kept-alive connection,
 * curl's `--next` (curl reuses the connection); all at once, `--parallel`; each on its own
 * connection, one curl after another.
 */
export function curlOfSequence(
  templates: readonly RequestTemplate[],
  baseUrl: string,
  mode: ConnectionMode = "fresh",
): string {
  if (templates.length <= 1 || mode === "fresh")
    return templates.map((t) => curlOfTemplate(t, baseUrl)).join(" ; ") || "";
  const [first, ...rest] = templates.map((t) => curlOfTemplate(t, baseUrl).replace(/^curl -sS /, ""));
  const parallel = mode === "overlapping" ? "--parallel " : "";
  return `curl -sS ${parallel}${first} ${rest.map((r) => `--next -sS ${r}`).join(" ")}`;
}
