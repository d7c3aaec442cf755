/**
 * STOP-GAP until helper E's src/redact.ts lands (it exports these four names with the
 * same signatures): at the merge, import them from "../redact.js" and delete this file.
 * Kept tiny on purpose: it only adapts the current `redactor(string[])`.
 */
import { type Redactor, redactor as redactStrings } from "../redact.js";

export type Secret = string | { username: string; password: string };

/** The secrets as strings the current redactor knows: a pair also as its Basic (base64) form. */
export function redactor(secrets: readonly (Secret | undefined)[]): Redactor {
  return redactStrings(
    secrets.flatMap((secret) => {
      if (!secret) return [];
      if (typeof secret === "string") return [secret];
      return [secret.password, Buffer.from(`${secret.username}:${secret.password}`).toString("base64")];
    }),
  );
}

/** The userinfo of a URL (`https://user:pass@host`); the password also decoded and as a Basic pair. */
export function secretsOfUrl(url: string): Secret[] {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(url)?.[1];
  const [username = "", password] = userinfo?.split(":") ?? [];
  if (!userinfo || !password) return userinfo ? [userinfo] : [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {}
  return [userinfo, password, decoded, { username, password: decoded }];
}

/** A URL fit for a message: credentials in it are dropped. */
export function printableUrl(url: string): string {
  return url.replace(/\/\/[^/?#@]*@/, "//");
}

/** Every string inside a value, redacted (findings' `actual` may be any JSON value). */
export function redactDeep<T>(value: T, redact: Redactor): T {
  return value === undefined ? value : (JSON.parse(redact(JSON.stringify(value))) as T);
}
