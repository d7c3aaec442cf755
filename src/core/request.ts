/**
 * A check's request as a line a person can paste: `curl` with placeholders for every
 * credential, never the secret itself. Reporters print it under a failed check.
 */
import type { CredentialRole, RequestInfo } from "./findings.js";
import {
  CREDENTIAL_VARIABLE,
  type CredentialName,
  type CredentialVariable,
  credentialsOf,
  curlOfSequence,
} from "./template.js";

/**
 * The roles whose credentials are one named credential as the user and one as the password,
 * each exactly as the run has it: what sends them (verify/live-request.ts), what tells a
 * request's role from its Authorization (verify/explore), their repeat lines and variables.
 */
export const CREDENTIAL_PAIRS = {
  right: ["accountSid", "authToken"],
  "other-account": ["otherAccountSid", "otherAuthToken"],
  "account-sid-other-token": ["accountSid", "otherAuthToken"],
  "other-sid-account-token": ["otherAccountSid", "authToken"],
  "api-key": ["apiKey", "apiSecret"],
  "other-api-key": ["otherApiKey", "otherApiSecret"],
  "api-key-account-token": ["apiKey", "authToken"],
  "account-sid-key-secret": ["accountSid", "apiSecret"],
  "api-key-other-key-secret": ["apiKey", "otherApiSecret"],
} as const satisfies Partial<Record<CredentialRole, readonly [CredentialName, CredentialName]>>;

export type PairRole = keyof typeof CREDENTIAL_PAIRS;

export const isPairRole = (role: CredentialRole): role is PairRole => Object.hasOwn(CREDENTIAL_PAIRS, role);

/** The role whose pair a Basic username and password are, given the run's credentials by name; undefined when none. */
export function pairRoleOf(
  basic: { username: string; password: string },
  secrets: Partial<Record<CredentialName, string>>,
): PairRole | undefined {
  const pairs = Object.entries(CREDENTIAL_PAIRS) as [PairRole, readonly [CredentialName, CredentialName]][];
  for (const [role, [user, password]] of pairs) {
    const [u, p] = [secrets[user], secrets[password]];
    if (u !== undefined && p !== undefined && basic.username === u && basic.password === p) return role;
  }
  return undefined;
}

/** What `curl` needs to send each other role's credentials; the values are shell placeholders or harmless literals. */
const CURL_AUTH: Record<Exclude<CredentialRole, PairRole>, string> = {
  none: "",
  "wrong-password": '-u "$TWILIO_ACCOUNT_SID:wrong-password" ',
  "empty-password": '-u "$TWILIO_ACCOUNT_SID:" ',
  "extended-password": '-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"0 ',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion (the token less its last character)
  "truncated-password": '-u "$TWILIO_ACCOUNT_SID:${TWILIO_AUTH_TOKEN%?}" ',
  "password-trailing-space": '-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN " ',
  "token-case-swapped": '-u "$TWILIO_ACCOUNT_SID:$(printf %s "$TWILIO_AUTH_TOKEN" | tr a-zA-Z A-Za-z)" ',
  // The last hex digit rotated (0 to 1 … f to 0), as authorizationFor does.
  "account-sid-last-digit":
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansions (the SID less, and only, its last digit)
    '-u "${TWILIO_ACCOUNT_SID%?}$(printf %s "${TWILIO_ACCOUNT_SID#"${TWILIO_ACCOUNT_SID%?}"}" | tr 0-9a-fA-F 1-9a-f0b-f0):$TWILIO_AUTH_TOKEN" ',
  "unknown-account": '-u "AC00000000000000000000000000000000:$TWILIO_AUTH_TOKEN" ',
  "not-base64": "-H 'Authorization: Basic not*base64' ",
  "no-colon": `-H 'Authorization: Basic ${Buffer.from("no-colon").toString("base64")}' `,
  // A generated request is repeated from its template (core/template.ts), never from its role.
  altered: "",
  // GNU base64 wraps its output at 76 characters: a SID and a token make 92.
  "other-scheme":
    '-H "Authorization: Bearer $(printf %s "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" | base64 | tr -d \'\\n\')" ',
  "api-key-wrong-secret": '-u "$TWILIO_API_KEY:wrong-secret" ',
  "unknown-api-key": '-u "SK00000000000000000000000000000000:$TWILIO_API_SECRET" ',
};

/** The shell variables the repeat lines read the credentials from: the secret never appears in a line. */
export type CurlVariable = CredentialVariable;

/** What `curl` needs to send a role's credentials. */
function curlAuth(role: CredentialRole): string {
  if (!isPairRole(role)) return CURL_AUTH[role];
  const [user, password] = CREDENTIAL_PAIRS[role];
  return `-u "$${CREDENTIAL_VARIABLE[user]}:$${CREDENTIAL_VARIABLE[password]}" `;
}

const isNameChar = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;

/** Which variables a role's repeat line reads: those its line expands (`$NAME`, `${NAME…}`), read off the line itself. */
export function curlVariablesOf(role: CredentialRole): readonly CurlVariable[] {
  const line = curlAuth(role);
  return Object.values(CREDENTIAL_VARIABLE).filter((name) =>
    [`$${name}`, `\${${name}`].some((expansion) => {
      for (let at = line.indexOf(expansion); at >= 0; at = line.indexOf(expansion, at + 1))
        if (!isNameChar(line.charCodeAt(at + expansion.length))) return true;
      return false;
    }),
  );
}

/** The variables a request's repeat line reads: its template's credentials (and those of the requests before it), else its role's. */
export function variablesOf(request: RequestInfo): readonly CurlVariable[] {
  if (!request.template) return curlVariablesOf(request.credentials);
  const names = new Set<CredentialName>();
  for (const t of [...(request.sequence?.before ?? []), request.template]) {
    credentialsOf(t.target, names);
    for (const [, value] of t.headers) credentialsOf(value, names);
  }
  return [...names].map((name) => CREDENTIAL_VARIABLE[name]);
}

/** How a person reads a role in a report line. */
export const CREDENTIAL_ROLE_TEXT: Record<CredentialRole, string> = {
  right: "the right credentials",
  none: "no credentials",
  "wrong-password": "a wrong password",
  "empty-password": "an empty password",
  "extended-password": "the right token followed by one more character",
  "truncated-password": "the right token less its last character",
  "password-trailing-space": "the right token followed by a space",
  "token-case-swapped": "the right token in another letter case",
  "account-sid-last-digit": "the account SID with its last digit changed, with the right token",
  "unknown-account": "an unknown account SID with the right token",
  "other-account": "the other account's credentials",
  "account-sid-other-token": "the account SID with the other account's token",
  "other-sid-account-token": "the other account's SID with the account's token",
  "not-base64": "a Basic header that is not base64",
  "no-colon": "a Basic header without a colon",
  "other-scheme": "the right credentials under the Bearer scheme",
  altered: "altered credentials, as its headers and query show",
  "api-key": "the account's API key",
  "api-key-wrong-secret": "the API key's SID with a wrong secret",
  "unknown-api-key": "an unknown API key SID with the key's secret",
  "api-key-account-token": "the API key's SID with the account's auth token",
  "account-sid-key-secret": "the account SID with the API key's secret",
  "api-key-other-key-secret": "the API key's SID with the other account's key secret",
  "other-api-key": "the other account's API key",
};

const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/** `GET /v1/Services/KS…/… with no credentials` (and the headers that differ, when any do) */
export function describeRequest(request: RequestInfo): string {
  const headers = Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  return `${request.method} ${request.path} with ${CREDENTIAL_ROLE_TEXT[request.credentials]}${headers.length ? ` (${headers.join("; ")})` : ""}`;
}

/** curl's own flag for a header value: `(none)` sends none, as `-H 'Accept:'` does. */
function curlHeader(name: string, value: string): string {
  return `-H ${quote(value === "(none)" ? `${name}:` : `${name}: ${value}`)} `;
}

/**
 * `curl -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" http://127.0.0.1:3000/v1/…`; a generated
 * request is repeated from its template, whole, after the requests it followed.
 */
export function reproduction(request: RequestInfo, baseUrl: string): string {
  if (request.template) {
    const before = request.sequence?.before ?? [];
    return curlOfSequence([...before, request.template], baseUrl, request.sequence?.mode);
  }
  // curl's -I is HEAD; -X HEAD would wait for a body that never comes.
  const method = request.method === "GET" ? "" : request.method === "HEAD" ? "-I " : `-X ${request.method} `;
  const url = `${(request.origin ?? baseUrl).replace(/\/+$/, "")}${request.path}`;
  const headers = Object.entries(request.headers ?? {})
    .map(([name, value]) => curlHeader(name, value))
    .join("");
  return `curl -sS ${method}${curlAuth(request.credentials)}${headers}${quote(url)}`;
}
