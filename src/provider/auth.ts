/**
 * HTTP Basic auth as Twilio does it: the account SID is the username, the auth token
 * the password. Anything else in the header (another scheme, text that is not base64,
 * no colon, an empty password) counts as wrong credentials, which Twilio also answers
 * with 401.
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
  return password !== "" && store.checkToken(username, password)
    ? { kind: "valid", accountSid: username }
    : { kind: "wrong", username };
}
