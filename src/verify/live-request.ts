/**
 * The live requests of the conformance checks and probes: a GET of a participant path
 * with the Authorization a credential role calls for, read through the suite's one
 * HTTP reader (src/http.ts: timer, size cap after decoding, no redirects).
 */
import { randomBytes } from "node:crypto";
import { basicAuthorization as basic, type Credentials, randomSid } from "../core/credentials.js";
import type { CredentialRole } from "../core/findings.js";
import { type HttpResponse, send } from "../net/reader.js";

export interface HttpOptions {
  timeoutMs: number;
  /** Bodies past this are not read further; a participant is well under 2 KiB. */
  maxBodyBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The credentials a run holds; each role's header is built from them. */
export interface CredentialSet {
  right: Credentials;
  /** The fixtures' second account, when they name one. */
  other?: Credentials;
}

/**
 * The Authorization header for a role, or undefined for none. Wrong values are random
 * per call, so they can never be the real token by accident.
 */
export function authorizationFor(role: CredentialRole, set: CredentialSet): string | undefined {
  const { username, password } = set.right;
  switch (role) {
    case "right":
      return basic(username, password);
    case "none":
      return undefined;
    case "wrong-password":
      return basic(username, `wrong-${randomBytes(8).toString("hex")}`);
    case "empty-password":
      return basic(username, "");
    case "unknown-account":
      return basic(randomSid("AC"), password);
    case "other-account":
      if (!set.other) throw new Error("no other account to send");
      return basic(set.other.username, set.other.password);
    case "not-base64":
      return "Basic not*base64";
    case "no-colon":
      return `Basic ${Buffer.from("no-colon").toString("base64")}`;
    case "other-scheme":
      // The right credentials' bytes under another scheme's name: only Basic may be accepted.
      return `Bearer ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
}

/** GET baseUrl+path; never throws for an HTTP status, only for a transport failure (NoAnswerError). */
export function get(
  baseUrl: string,
  path: string,
  authorization: string | undefined,
  options: HttpOptions,
): Promise<HttpResponse> {
  return send(
    {
      method: "GET",
      url: `${baseUrl}${path}`,
      headers: {
        accept: "application/json",
        // As the twilio SDK does: a provider may compress, and the reader decodes within the cap.
        "accept-encoding": "gzip, deflate, br",
        ...(authorization ? { authorization } : {}),
      },
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes,
    },
    `the provider at ${baseUrl}`,
  );
}
