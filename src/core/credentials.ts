/**
 * A credential pair and the values built from it: the one `Credentials` type (an account
 * SID and its auth token, a broker's username and password), the one builder of a Basic
 * `Authorization` value and its one parser, and random SIDs that no account holds.
 */
import { randomBytes } from "node:crypto";

/** A username and a password: an account SID and its auth token, or a broker's pair. */
export interface Credentials {
  username: string;
  password: string;
}

/** The `Authorization` value of HTTP Basic credentials, for every caller. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

const isBase64Char = (code: number) =>
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  (code >= 0x30 && code <= 0x39) ||
  code === 0x2b ||
  code === 0x2f;

/**
 * Standard base64 (Buffer.from would skip any other character silently): padding where it
 * belongs, or, `unpadded` allowed, none at all. A loop, not a regular expression: a
 * repeated group over megabytes of base64 (a recorded body) runs V8's regex stack out.
 */
export function isBase64(text: string, unpadded = false): boolean {
  let end = text.length;
  while (end > 0 && end > text.length - 2 && text.charCodeAt(end - 1) === 0x3d) end--;
  const padding = text.length - end;
  for (let i = 0; i < end; i++) if (!isBase64Char(text.charCodeAt(i))) return false;
  const tail = end % 4;
  if (padding > 0) return tail !== 0 && tail + padding === 4;
  return tail === 0 || (unpadded && tail !== 1);
}

/**
 * The username and password of a `Basic` header (scheme in any letter case), or undefined
 * when it is not one: how the reference provider reads a caller, and how recorded or
 * proxied traffic names its caller's account.
 */
export function parseBasic(header: string | undefined): Credentials | undefined {
  const match = /^Basic +(\S+) *$/i.exec(header ?? "");
  const encoded = match?.[1];
  if (!encoded || !isBase64(encoded)) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A SID of the right shape (`KS`, `KC`, `KP`, `AC`… and 32 hex digits) that names nothing: random each call. */
export function randomSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}
