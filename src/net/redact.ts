/**
 * The one redactor: every secret the suite knows (auth tokens, broker tokens and
 * passwords, credentials in URLs) is removed from text before it is printed or written,
 * in each form it can take on the way (JSON-escaped, URL-encoded, XML-escaped, base64 in
 * a Basic header, URL userinfo). Also the one check that a credential can be told apart
 * from ordinary text at all, and the one way to print a URL without its userinfo.
 */
import type { Credentials } from "../core/credentials.js";
import { EnvironmentError } from "../core/errors.js";

export const REDACTED = "[redacted]";

export type Redactor = (text: string) => string;

/** A secret string (token, password), or a username/password pair sent as HTTP Basic. */
export type Secret = string | Credentials;

/**
 * What a credential needs to be told apart from ordinary text. Twilio auth tokens are
 * 32 hex digits and broker tokens longer; a token of "a" or "0" would be found in every
 * word and number of the output.
 */
export const SECRET_RULE = { minLength: 8, minDistinct: 3 } as const;

/** Why a value cannot be told apart from ordinary text, or undefined when it can. */
function weakness(value: string): string | undefined {
  const chars = [...value];
  if (chars.length < SECRET_RULE.minLength) {
    return `is too short to be kept out of the output (at least ${SECRET_RULE.minLength} characters)`;
  }
  if (new Set(chars).size < SECRET_RULE.minDistinct) {
    return `is too plain to be kept out of the output (at least ${SECRET_RULE.minDistinct} different characters)`;
  }
  return undefined;
}

/** Refuses a credential the redactor could not find reliably; the message names it, never its value. */
export function checkSecret(name: string, value: string): void {
  const reason = typeof value === "string" ? weakness(value) : "must be a string";
  if (reason) throw new EnvironmentError(`${name} ${reason}`);
}

/** One hex digit in either case: encoders differ (`%2f`, `%2F`, `\u00E9`). */
const hexDigit = (d: string) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d);
const hexPattern = (n: number, width: number) => [...n.toString(16).padStart(width, "0")].map(hexDigit).join("");
/** A code point as a literal in a `u` regex: no character needs its own escaping rule. */
const literal = (codePoint: number) => `\\u{${codePoint.toString(16)}}`;

const JSON_SHORT_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  "\b": "b",
  "\f": "f",
  "\n": "n",
  "\r": "r",
  "\t": "t",
};
const XML_ENTITIES: Record<string, string> = { '"': "quot", "&": "amp", "<": "lt", ">": "gt", "'": "apos" };

/**
 * Every way one character of a secret can appear in output: itself, JSON-escaped (any
 * encoder's: `\uXXXX`, `\/`), percent-encoded (any case, `+` for a space), or as an XML
 * or HTML character reference. A secret is then matched as a sequence of these, so a
 * partly encoded secret is found as well as a wholly encoded one.
 */
function charPattern(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  // No encoder escapes an ASCII letter or digit; one pattern per form would only cost time.
  if (/^[A-Za-z0-9]$/.test(char)) return char;
  const loneSurrogate = char.length === 1 && codePoint >= 0xd800 && codePoint <= 0xdfff;
  const units = char.length === 2 ? [char.charCodeAt(0), char.charCodeAt(1)] : [codePoint];
  const forms = [literal(codePoint), units.map((unit) => `\\\\u${hexPattern(unit, 4)}`).join("")];
  const short = JSON_SHORT_ESCAPES[char];
  if (short) forms.push(`\\\\${literal(short.charCodeAt(0))}`);
  // A lone surrogate has no UTF-8 form: encodeURIComponent throws on it.
  if (!loneSurrogate) forms.push([...Buffer.from(char, "utf8")].map((byte) => `%${hexPattern(byte, 2)}`).join(""));
  if (char === " ") forms.push("\\+");
  forms.push(`&#0*${codePoint};`, `&#[xX]0*${hexPattern(codePoint, 1)};`);
  const entity = XML_ENTITIES[char];
  if (entity) forms.push(`&${entity};`);
  return `(?:${forms.join("|")})`;
}

const sequence = (text: string) => [...text].map(charPattern).join("");

const WORD = "[\\p{L}\\p{N}]";
const WORD_CHAR = new RegExp(`^${WORD}$`, "u");
const isWordChar = (char: string | undefined) => char !== undefined && WORD_CHAR.test(char);

/**
 * A weak secret (one checkSecret refuses: the client library takes any password) is only
 * replaced as a whole word, so that a password "a" leaves "passed" alone. A strong one is
 * replaced wherever it appears: glued to other characters it is still a leak.
 */
function bounded(secret: string, pattern: string): string {
  if (!weakness(secret)) return pattern;
  const chars = [...secret];
  const before = isWordChar(chars[0]) ? `(?<!${WORD})` : "";
  const after = isWordChar(chars[chars.length - 1]) ? `(?!${WORD})` : "";
  return `${before}${pattern}${after}`;
}

/** base64 of the pair, as an HTTP Basic header carries it: either alphabet, with or without padding. */
function basicPattern(username: string, password: string): string {
  const encoded = Buffer.from(`${username}:${password}`, "utf8").toString("base64").replace(/=+$/, "");
  const urlSafe: Record<string, string> = { "+": "-", "/": "_" };
  const body = [...encoded]
    .map((c) => {
      const other = urlSafe[c];
      return other ? `(?:${charPattern(c)}|${charPattern(other)})` : charPattern(c);
    })
    .join("");
  return bounded(encoded, `${body}(?:${charPattern("=")}){0,2}`);
}

/** The patterns of the secrets given; anything that is not a usable secret is passed over. */
function secretPatterns(secrets: readonly unknown[]): RegExp[] {
  const sources = new Set<string>();
  const addSecret = (value: string) => {
    if (value.length > 0) sources.add(bounded(value, sequence(value)));
  };
  for (const secret of Array.isArray(secrets) ? secrets : []) {
    if (typeof secret === "string") addSecret(secret);
    else if (secret !== null && typeof secret === "object") {
      const { username, password } = secret as { username?: unknown; password?: unknown };
      if (typeof password !== "string" || password.length === 0) continue;
      const user = typeof username === "string" ? username : "";
      addSecret(password);
      sources.add(basicPattern(user, password));
      // The whole userinfo of a URL (`AC…:token@`): the username goes with it; the `@` stays.
      sources.add(`${sequence(`${user}:${password}`)}(?=${charPattern("@")})`);
    }
  }
  return [...sources].map((source) => new RegExp(source, "gu"));
}

/**
 * Whatever follows an auth scheme, in any letter case (a secret we were not told about)
 * goes too; `\/` is JSON's escape of a base64 `/`. A credential, not a word: at least 8
 * characters, so that prose such as "a Basic header that is not base64" stays readable.
 */
const AUTH_SCHEME = /\b(basic|bearer)(\s+)(?:[A-Za-z0-9._~+/=%-]|\\\/){8,}/giu;

/** Replaces every stretch of text covered by a secret, overlapping ones merged, with REDACTED. */
function replaceAll(text: string, patterns: readonly RegExp[]): string {
  const spans: [number, number][] = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match[0].length > 0) spans.push([match.index, match.index + match[0].length]);
      // One character on, not past the match: a secret may overlap another occurrence of itself.
      // A whole code point: a `u` regex set inside a surrogate pair starts again before it.
      pattern.lastIndex = match.index + ((text.codePointAt(match.index) ?? 0) > 0xffff ? 2 : 1);
    }
  }
  if (!spans.length) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (let i = 0; i < spans.length; ) {
    const [start, stop] = spans[i] as [number, number];
    let end = stop;
    for (i++; i < spans.length && (spans[i] as [number, number])[0] <= end; i++) {
      end = Math.max(end, (spans[i] as [number, number])[1]);
    }
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/** A function that removes these secrets, in every form, from any text; it never throws. */
export function redactor(secrets: readonly (Secret | undefined)[]): Redactor {
  const patterns = secretPatterns(secrets);
  return (text) => {
    if (typeof text !== "string") return text;
    return replaceAll(text, patterns).replace(AUTH_SCHEME, `$1$2${REDACTED}`);
  };
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** `//user:pass@` wherever it appears; the authority ends at the first `/`, `?`, `#` or `\`. */
const USERINFO = /(\/\/|\\\\)[^/?#\\\s]*@/g;

/** The credentials in a URL's userinfo (decoded): a pair, or a lone username that is a token. */
export function secretsOfUrl(url: string): Secret[] {
  if (typeof url !== "string") return [];
  const parts: [string, string][] = [];
  try {
    const parsed = new URL(url);
    parts.push([parsed.username, parsed.password]);
  } catch {
    for (const match of url.matchAll(USERINFO)) {
      const userinfo = match[0].slice(2, -1);
      const colon = userinfo.indexOf(":");
      parts.push(colon < 0 ? [userinfo, ""] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)]);
    }
  }
  return parts.flatMap(([user, pass]): Secret[] => {
    const username = decoded(user);
    const password = decoded(pass);
    if (password) return [{ username, password }];
    return username ? [username] : [];
  });
}

/** A URL fit for a message: its userinfo (https://user:pass@host) dropped, the rest as given. Never throws. */
export function printableUrl(url: string): string {
  if (typeof url !== "string") return "";
  const cut = url.replace(USERINFO, "$1");
  try {
    const parsed = new URL(cut);
    if (!parsed.username && !parsed.password) return cut;
    // A form the cut missed (`http:user:pass@host`): the parser's own reading, without them.
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
  } catch {
    return cut;
  }
}

const isPlainObject = (value: object) => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * A copy of a JSON-like value with every string in it redacted, keys included. Walks with
 * an explicit stack, so a value nested as deep as JSON.parse allows does not overflow.
 */
export function redactDeep<T>(value: T, redact: Redactor): T {
  const copies = new Map<object, unknown>();
  const pending: [object, Record<string, unknown> | unknown[]][] = [];
  const copyOf = (item: unknown): unknown => {
    if (typeof item === "string") return redact(item);
    if (item === null || typeof item !== "object") return item;
    if (!Array.isArray(item) && !isPlainObject(item)) return item;
    const known = copies.get(item);
    if (known !== undefined) return known;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(item) ? new Array(item.length) : {};
    copies.set(item, copy);
    pending.push([item, copy]);
    return copy;
  };
  const result = copyOf(value);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [source, target] = next;
    if (Array.isArray(source)) {
      source.forEach((item, i) => {
        (target as unknown[])[i] = copyOf(item);
      });
      continue;
    }
    for (const [key, item] of Object.entries(source)) {
      // defineProperty: a key "__proto__" (JSON.parse makes it an own key) must stay a key.
      Object.defineProperty(target, redact(key), {
        value: copyOf(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return result as T;
}
