/**
 * HTTP Basic auth as Twilio does it: the account SID is the username and the auth token
 * the password, or an API key's SID and its secret, which authenticate as the key's
 * account. Anything else in the header (another scheme, text that is not base64, no
 * colon, an empty password, a key with the account's token) counts as wrong credentials,
 * which Twilio also answers with 401.
 */
import { parseBasic } from "../core/credentials.js";
import type { AuthVerdict } from "./hooks.js";
import type { ParticipantStore } from "./store.js";

export { parseBasic };

export const AUTH_CHALLENGE = 'Basic realm="Twilio API"';

export function authenticate(header: string | undefined, store: ParticipantStore): AuthVerdict {
  if (header === undefined || header.trim() === "") return { kind: "none" };
  const credentials = parseBasic(header);
  if (!credentials) return { kind: "wrong", username: "" };
  const { username, password } = credentials;
  const accountSid = password !== "" ? store.accountOf(username, password) : undefined;
  return accountSid ? { kind: "valid", accountSid } : { kind: "wrong", username };
}
