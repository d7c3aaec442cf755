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
  "unknown-account": '-u "AC00000000000000000000000000000000:$TWILIO_AUTH_TOKEN" ',
  "other-account": '-u "$TWILIO_OTHER_ACCOUNT_SID:$TWILIO_OTHER_AUTH_TOKEN" ',
  "not-base64": "-H 'Authorization: Basic not*base64' ",
  "no-colon": `-H 'Authorization: Basic ${Buffer.from("no-colon").toString("base64")}' `,
  "other-scheme": '-H "Authorization: Bearer $(printf %s "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" | base64)" ',
};

/** How a person reads a role in a report line. */
export const CREDENTIAL_ROLE_TEXT: Record<CredentialRole, string> = {
  right: "the right credentials",
  none: "no credentials",
  "wrong-password": "a wrong password",
  "empty-password": "an empty password",
  "unknown-account": "an unknown account SID with the right token",
  "other-account": "the other account's credentials",
  "not-base64": "a Basic header that is not base64",
  "no-colon": "a Basic header without a colon",
  "other-scheme": "the right credentials under the Bearer scheme",
};

/** `GET /v1/Services/KS…/… with no credentials` */
export function describeRequest(request: RequestInfo): string {
  return `${request.method} ${request.path} with ${CREDENTIAL_ROLE_TEXT[request.credentials]}`;
}

/** `curl -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" http://127.0.0.1:3000/v1/…` */
export function reproduction(request: RequestInfo, baseUrl: string): string {
  const method = request.method === "GET" ? "" : `-X ${request.method} `;
  const url = `${baseUrl.replace(/\/+$/, "")}${request.path}`;
  return `curl -sS ${method}${CURL_AUTH[request.credentials]}'${url.replace(/'/g, "'\\''")}'`;
}
