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

/** Standard base64, padding where it belongs: Buffer.from would skip any other character silently. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The username and password of a `Basic` header (scheme in any letter case), or undefined
 * when it is not one: how the reference provider reads a caller, and how recorded or
 * proxied traffic names its caller's account.
 */
export function parseBasic(header: string | undefined): Credentials | undefined {
  const match = /^Basic +(\S+) *$/i.exec(header ?? "");
  const encoded = match?.[1];
  if (!encoded || !BASE64.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A SID of the right shape (`KS`, `KC`, `KP`, `AC`… and 32 hex digits) that names nothing: random each call. */
export function randomSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}
