/**
 * HTTP Basic auth as Twilio does it: the account SID is the username, the auth token
 * the password. Anything else in the header (another scheme, bad base64, no colon)
 * counts as wrong credentials, which Twilio also answers with 401.
 */
import type { AuthVerdict } from "./mutation.js";
import type { ParticipantStore } from "./store.js";

export const AUTH_CHALLENGE = 'Basic realm="Twilio API"';

export function authenticate(header: string | undefined, store: ParticipantStore): AuthVerdict {
  if (header === undefined || header.trim() === "") return { kind: "none" };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon < 0) return { kind: "wrong", username: "" };
  const username = decoded.slice(0, colon);
  return store.checkToken(username, decoded.slice(colon + 1))
    ? { kind: "valid", accountSid: username }
    : { kind: "wrong", username };
}
