/**
 * A credential pair and the values built from it: the one `Credentials` type (an account
 * SID and its auth token, a broker's username and password), the one builder of a Basic
 * `Authorization` value, and random SIDs that no account holds.
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

/** A SID of the right shape (`KS`, `KC`, `KP`, `AC`… and 32 hex digits) that names nothing: random each call. */
export function randomSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}
