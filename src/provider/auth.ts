/**
 * HTTP Basic auth as Twilio does it: the account SID is the username, the auth token
 * the password. Anything else in the header (another scheme, text that is not base64,
 * no colon, an empty password) counts as wrong credentials, which Twilio also answers
 * with 401.
 */
import type { AuthVerdict, BasicCredentials } from "./hooks.js";
import type { ParticipantStore } from "./store.js";

export const AUTH_CHALLENGE = 'Basic realm="Twilio API"';

/** Standard base64, padding where it belongs: Buffer.from would skip any other character silently. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The username and password of a `Basic` header (scheme in any letter case), or undefined when it is not one. */
export function parseBasic(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic +(\S+) *$/i.exec(header ?? "");
  const encoded = match?.[1];
  if (!encoded || !BASE64.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function authenticate(header: string | undefined, store: ParticipantStore): AuthVerdict {
  if (header === undefined || header.trim() === "") return { kind: "none" };
  const credentials = parseBasic(header);
  if (!credentials) return { kind: "wrong", username: "" };
  const { username, password } = credentials;
  return password !== "" && store.checkToken(username, password)
    ? { kind: "valid", accountSid: username }
    : { kind: "wrong", username };
}
