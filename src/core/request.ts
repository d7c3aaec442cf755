/**
 * A check's request as a line a person can paste: `curl` with placeholders for every
 * credential, never the secret itself. Reporters print it under a failed check.
 */
import type { CredentialRole, RequestInfo } from "./findings.js";

/** What `curl` needs to send each role's credentials; the values are shell placeholders or harmless literals. */
const CURL_AUTH: Record<CredentialRole, string> = {
  right: '-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" ',
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
  "other-account": '-u "$TWILIO_OTHER_ACCOUNT_SID:$TWILIO_OTHER_AUTH_TOKEN" ',
  "account-sid-other-token": '-u "$TWILIO_ACCOUNT_SID:$TWILIO_OTHER_AUTH_TOKEN" ',
  "other-sid-account-token": '-u "$TWILIO_OTHER_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" ',
  "not-base64": "-H 'Authorization: Basic not*base64' ",
  "no-colon": `-H 'Authorization: Basic ${Buffer.from("no-colon").toString("base64")}' `,
  "other-scheme": '-H "Authorization: Bearer $(printf %s "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" | base64)" ',
};

/** The shell variables the repeat lines read the credentials from: the secret never appears in a line. */
export type CurlVariable =
  | "TWILIO_ACCOUNT_SID"
  | "TWILIO_AUTH_TOKEN"
  | "TWILIO_OTHER_ACCOUNT_SID"
  | "TWILIO_OTHER_AUTH_TOKEN";

const SID = "TWILIO_ACCOUNT_SID";
const TOKEN = "TWILIO_AUTH_TOKEN";
const OTHER_SID = "TWILIO_OTHER_ACCOUNT_SID";
const OTHER_TOKEN = "TWILIO_OTHER_AUTH_TOKEN";

/** Which variables each role's repeat line reads (tests/unit/core/request.test.ts keeps it equal to CURL_AUTH). */
export const CURL_VARIABLES: Record<CredentialRole, readonly CurlVariable[]> = {
  right: [SID, TOKEN],
  none: [],
  "wrong-password": [SID],
  "empty-password": [SID],
  "extended-password": [SID, TOKEN],
  "truncated-password": [SID, TOKEN],
  "password-trailing-space": [SID, TOKEN],
  "token-case-swapped": [SID, TOKEN],
  "account-sid-last-digit": [SID, TOKEN],
  "unknown-account": [TOKEN],
  "other-account": [OTHER_SID, OTHER_TOKEN],
  "account-sid-other-token": [SID, OTHER_TOKEN],
  "other-sid-account-token": [OTHER_SID, TOKEN],
  "not-base64": [],
  "no-colon": [],
  "other-scheme": [SID, TOKEN],
};

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

/** `curl -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" http://127.0.0.1:3000/v1/…` */
export function reproduction(request: RequestInfo, baseUrl: string): string {
  // curl's -I is HEAD; -X HEAD would wait for a body that never comes.
  const method = request.method === "GET" ? "" : request.method === "HEAD" ? "-I " : `-X ${request.method} `;
  const url = `${baseUrl.replace(/\/+$/, "")}${request.path}`;
  const headers = Object.entries(request.headers ?? {})
    .map(([name, value]) => curlHeader(name, value))
    .join("");
  return `curl -sS ${method}${CURL_AUTH[request.credentials]}${headers}${quote(url)}`;
}
