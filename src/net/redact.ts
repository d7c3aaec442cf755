/**
 * The one redactor: every secret the suite knows (auth tokens, broker tokens and
 * passwords, credentials in URLs, every Authorization a proxied client sends) is removed
 * from text before it is printed or written, in each form it can take on the way (as
 * given, JSON-escaped, URL-encoded, XML-escaped, base64 in a Basic header, URL userinfo,
 * any mix of them character by character, a token written wholly as `\uXXXX` or `&#NN;`).
 * Also the one check that a credential can be told apart from ordinary text at all, and
 * the one way to print a URL without its userinfo.
 *
 * Bounded for any secrets: no regular expression is built from a secret (one built from a
 * few thousand punctuation characters cannot even be compiled, and its error message spells
 * the secret). The secrets go into an Aho–Corasick automaton (core/automaton.ts) that reads
 * the text once, following at each character both the character itself and the form that
 * starts there (`\u00e9`, `%C3%A9`, `&#233;`): time linear in the text plus the secrets'
 * total length, whatever their number, length or characters.
 */

import { Automaton, ROOT } from "../core/automaton.js";
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

// --- The forms a character takes in output ---------------------------------------------

/** The longest form of one character read here (`%F0%9F%98%80`, `&#x0001F600;`): how far ahead a reading can end. */
const LONGEST_FORM = 12;

/** One character written as something else: the code units it stands for, and where its form ends. */
interface Form {
  units: number[];
  end: number;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The number `digits` hex (or decimal) digits at `at` spell, or -1. */
function numberAt(text: string, at: number, digits: number, base: 10 | 16): number {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const code = text.charCodeAt(i);
    const digit = base === 16 ? hexValue(code) : code >= 0x30 && code <= 0x39 ? code - 0x30 : -1;
    if (digit < 0) return -1;
    value = value * base + digit;
  }
  return value;
}

/** A code point as UTF-16 code units; a surrogate code point as itself (JSON and `&#…;` can write a lone one). */
const unitsOf = (codePoint: number) =>
  codePoint > 0xffff ? [0xd800 + ((codePoint - 0x10000) >> 10), 0xdc00 + ((codePoint - 0x10000) & 0x3ff)] : [codePoint];

const isPunctuation = (code: number) =>
  (code >= 0x21 && code <= 0x2f) ||
  (code >= 0x3a && code <= 0x40) ||
  (code >= 0x5b && code <= 0x60) ||
  (code >= 0x7b && code <= 0x7e);

const SHORT_ESCAPES: Record<number, number> = { 98: 0x08, 102: 0x0c, 110: 0x0a, 114: 0x0d, 116: 0x09 };

/** JSON's and JavaScript's escapes (`\u00e9`, `\n`, `\/`), and Markdown's backslash before punctuation. */
function backslashed(text: string, at: number): Form | undefined {
  const code = text.charCodeAt(at + 1);
  if (code === 0x75) {
    const unit = numberAt(text, at + 2, 4, 16);
    return unit < 0 ? undefined : { units: [unit], end: at + 6 };
  }
  const short = SHORT_ESCAPES[code];
  if (short !== undefined) return { units: [short], end: at + 2 };
  return isPunctuation(code) ? { units: [code], end: at + 2 } : undefined;
}

/** A percent-encoded character: one byte, or a whole UTF-8 sequence (any letter case in the hex). */
function percentEncoded(text: string, at: number): Form | undefined {
  const byteAt = (i: number) => (text.charCodeAt(i) === 0x25 ? numberAt(text, i + 1, 2, 16) : -1);
  const lead = byteAt(at);
  if (lead < 0) return undefined;
  if (lead < 0x80) return { units: [lead], end: at + 3 };
  const length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
  if (!length || lead > 0xf4) return undefined;
  let codePoint = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const byte = byteAt(at + 3 * k);
    if (byte < 0x80 || byte > 0xbf) return undefined;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  const least = [0, 0, 0x80, 0x800, 0x10000][length] as number;
  if (codePoint < least || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
  return { units: unitsOf(codePoint), end: at + 3 * length };
}

const ENTITIES: [string, number][] = [
  ["amp;", 0x26],
  ["lt;", 0x3c],
  ["gt;", 0x3e],
  ["quot;", 0x22],
  ["apos;", 0x27],
];

/** An XML or HTML character reference: `&amp;` and its kin, `&#233;`, `&#xE9;` (at most 8 digits). */
function characterReference(text: string, at: number): Form | undefined {
  if (text.charCodeAt(at + 1) !== 0x23) {
    for (const [name, unit] of ENTITIES)
      if (text.startsWith(name, at + 1)) return { units: [unit], end: at + 1 + name.length };
    return undefined;
  }
  const hex = (text.charCodeAt(at + 2) | 0x20) === 0x78;
  const first = at + (hex ? 3 : 2);
  let stop = first;
  while (stop < first + 8 && stop < text.length && text.charCodeAt(stop) !== 0x3b) stop++;
  if (stop === first || text.charCodeAt(stop) !== 0x3b) return undefined;
  const codePoint = numberAt(text, first, stop - first, hex ? 16 : 10);
  return codePoint < 0 || codePoint > 0x10ffff ? undefined : { units: unitsOf(codePoint), end: stop + 1 };
}

/**
 * The character written at `at` in another form than itself, if one starts there: a
 * backslash escape, a percent-encoding, a character reference, or a form's `+` for a space.
 */
function formAt(text: string, at: number): Form | undefined {
  switch (text.charCodeAt(at)) {
    case 0x5c:
      return backslashed(text, at);
    case 0x25:
      return percentEncoded(text, at);
    case 0x26:
      return characterReference(text, at);
    case 0x2b:
      return { units: [0x20], end: at + 1 };
    default:
      return undefined;
  }
}

/** Where one `unit` written at `at`, as itself or in another form, ends; -1 when it is not there. */
function unitEnd(text: string, at: number, unit: number): number {
  if (text.charCodeAt(at) === unit) return at + 1;
  const form = formAt(text, at);
  return form?.units.length === 1 && form.units[0] === unit ? form.end : -1;
}

// --- What is looked for ------------------------------------------------------------------

/** A string the automaton looks for, with what must hold around it for a match to count. */
interface Needle {
  text: string;
  /** A weak secret (checkSecret refuses it; the client library takes any password): only a whole word. */
  wholeWord: boolean;
  /** A URL's userinfo (`AC…:token`): only right before an `@` in any form, which stays. */
  beforeAt: boolean;
  /** base64: up to two `=` after it, in any form, go with it. */
  padded: boolean;
}

const base64Of = (text: string) => Buffer.from(text, "utf8").toString("base64").replace(/=+$/, "");

/** What the secrets given are looked for as; anything that is not a usable secret is passed over. */
function needlesOf(secrets: readonly unknown[]): Needle[] {
  const needles: Needle[] = [];
  const add = (text: string, rule: Partial<Needle> = {}) => {
    if (text.length) needles.push({ text, wholeWord: !!weakness(text), beforeAt: false, padded: false, ...rule });
  };
  for (const secret of Array.isArray(secrets) ? secrets : []) {
    if (typeof secret === "string") add(secret);
    else if (secret !== null && typeof secret === "object") {
      const { username, password } = secret as { username?: unknown; password?: unknown };
      if (typeof password !== "string" || password.length === 0) continue;
      const user = typeof username === "string" ? username : "";
      add(password);
      // base64 of the pair, as an HTTP Basic header carries it, in either alphabet.
      const encoded = base64Of(`${user}:${password}`);
      add(encoded, { padded: true });
      add(encoded.replace(/\+/g, "-").replace(/\//g, "_"), { padded: true });
      // The whole userinfo of a URL (`AC…:token@`): the username goes with it; the `@` stays.
      add(`${user}:${password}`, { wholeWord: false, beforeAt: true });
    }
  }
  return needles;
}

/** Two rules for one string: a match counts when either would count it. */
const looser = (a: Needle, b: Needle): Needle => ({
  text: a.text,
  wholeWord: a.wholeWord && b.wholeWord,
  beforeAt: a.beforeAt && b.beforeAt,
  padded: a.padded || b.padded,
});

const sameRule = (a: Needle, b: Needle) =>
  a.wholeWord === b.wholeWord && a.beforeAt === b.beforeAt && a.padded === b.padded;

// --- Reading a text every way it can be decoded -------------------------------------------

/**
 * What a reading read since the automaton last stood at its root, kept so that the start of
 * a match can be found in the text, however long the secret: a chain of pieces, each a run
 * of characters read as themselves or one code unit read from another form, with a
 * skew-binary skip link so that the piece holding the unit `n` back is found in a
 * logarithmic number of steps. The run still growing is not a piece yet (see Readings), so
 * plain text allocates nothing.
 */
interface Piece {
  /** Where, in the text, its first unit was read from (a run covers `count` characters from there). */
  at: number;
  /** Units read before it since the root. */
  first: number;
  count: number;
  /** A run of characters read as themselves: the unit `k` of it is at `at + k`. */
  run: boolean;
  /** Pieces before it: the skip links are laid out by this, whatever the pieces' sizes. */
  depth: number;
  before: Piece | undefined;
  jump: Piece | undefined;
}

function pieceAfter(before: Piece | undefined, at: number, count: number, run: boolean): Piece {
  if (!before) return { at, first: 0, count, run, depth: 0, before, jump: undefined };
  const skip = before.jump;
  const far = skip?.jump;
  const jump = skip && far && before.depth - skip.depth === skip.depth - far.depth ? far : before;
  return { at, first: before.first + before.count, count, run, depth: before.depth + 1, before, jump };
}

/** Where in the text the unit numbered `index` (since the root) was read from. */
function positionOf(piece: Piece, index: number): number {
  let at = piece;
  while (at.first > index) at = at.jump && at.jump.first + at.jump.count > index ? at.jump : (at.before as Piece);
  return at.run ? at.at + (index - at.first) : at.at;
}

/**
 * At most this many readings of one stretch of text are followed at once. Readings that
 * differ only in how they decode the same characters mostly collapse at once (a reading
 * whose string is a suffix of another's is dropped: the longer one finds everything it
 * would); more than this at one place takes text crafted against these very secrets, and
 * then the deepest ones are kept. It bounds the work per character.
 */
const MAX_READINGS = 16;

/**
 * The readings that resume at one place in the text: of each, the automaton's state, its
 * pieces, and where its current run of characters read as themselves began. Arrays reused
 * from place to place, never shrunk: nothing is allocated per character.
 */
class Readings {
  count = 0;
  /** Empty again; the pieces it held are let go. */
  clear(): void {
    for (let k = 0; k < this.count; k++) this.pieces[k] = undefined;
    this.count = 0;
  }
  readonly states: number[] = [];
  readonly pieces: (Piece | undefined)[] = [];
  readonly runs: number[] = [];
  add(state: number, pieces: Piece | undefined, run: number): void {
    this.states[this.count] = state;
    this.pieces[this.count] = pieces;
    this.runs[this.count] = run;
    this.count++;
  }
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

function wordBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const low = text.charCodeAt(at - 1);
  const pair = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? text.codePointAt(at - 2) : undefined;
  const char = pair !== undefined && pair > 0xffff ? String.fromCodePoint(pair) : text.charAt(at - 1);
  return WORD_CHAR.test(char);
}

function wordAt(text: string, at: number): boolean {
  const codePoint = text.codePointAt(at);
  return codePoint !== undefined && WORD_CHAR.test(String.fromCodePoint(codePoint));
}

/** A set of needles in one automaton. */
class Book {
  readonly automaton: Automaton;
  readonly size: number;
  /** The readings waiting at each of the next LONGEST_FORM places (find() is never re-entered: one ring per book). */
  private readonly ring = Array.from({ length: LONGEST_FORM + 1 }, () => new Readings());
  constructor(readonly needles: readonly Needle[]) {
    this.automaton = new Automaton(needles.map((n) => n.text));
    this.size = needles.reduce((sum, n) => sum + n.text.length, 0);
  }

  /**
   * Every stretch of `text` that holds a needle, in any mix of the forms its characters
   * take, as [start, end] pairs pushed onto `spans`. One pass: at each character the
   * readings so far step over it as itself and, where one starts, over the form that
   * starts there (that reading then resumes where the form ends).
   */
  find(text: string, spans: number[]): void {
    const { automaton, ring } = this;
    const width = ring.length;
    (ring[0] as Readings).add(ROOT, undefined, 0);
    // No reading waits at or beyond this place but in the next slot: a quiet stretch can be skipped.
    let busyUntil = 0;
    for (let at = 0; at < text.length; ) {
      const readings = ring[at % width] as Readings;
      if (at >= busyUntil && readings.count === 1 && readings.states[0] === ROOT) {
        // Plain text, most of any text: skip to the first character that begins something.
        let begins = at;
        while (begins < text.length && !this.begins(text.charCodeAt(begins))) begins++;
        if (begins > at) {
          readings.clear();
          if (begins === text.length) break;
          (ring[begins % width] as Readings).add(ROOT, undefined, begins);
          at = begins;
          continue;
        }
      }
      if (readings.count > 1) this.prune(readings);
      const code = text.charCodeAt(at);
      const form = code === 0x5c || code === 0x25 || code === 0x26 || code === 0x2b ? formAt(text, at) : undefined;
      if (form && form.end > busyUntil) busyUntil = form.end;
      const next = ring[(at + 1) % width] as Readings;
      for (let k = 0; k < readings.count; k++) {
        const state = readings.states[k] as number;
        const pieces = readings.pieces[k];
        const run = readings.runs[k] as number;
        // The character as itself: the run grows, nothing is allocated.
        const literal = automaton.next(state, code);
        if (literal === ROOT) next.add(ROOT, undefined, at + 1);
        else {
          next.add(literal, pieces, run);
          this.report(text, literal, pieces, run, at + 1, at + 1, spans);
        }
        if (!form) continue;
        // The character's other form: the run so far becomes a piece, then each unit one.
        let formState = state;
        let formPieces = state === ROOT || run === at ? pieces : pieceAfter(pieces, run, at - run, true);
        for (const unit of form.units) {
          formState = automaton.next(formState, unit);
          if (formState === ROOT) {
            formPieces = undefined;
            continue;
          }
          formPieces = pieceAfter(formPieces, at, 1, false);
          this.report(text, formState, formPieces, form.end, form.end, form.end, spans);
        }
        (ring[form.end % width] as Readings).add(formState, formState === ROOT ? undefined : formPieces, form.end);
      }
      readings.clear();
      at++;
    }
    for (const slot of ring) slot.clear();
  }

  /** A character that begins a needle, or a form of one: where plain text stops being skipped. */
  private begins(code: number): boolean {
    return code === 0x5c || code === 0x25 || code === 0x26 || code === 0x2b || this.automaton.begins(code);
  }

  /**
   * The longest needle ending here that counts (a shorter one lies inside it), as a span
   * of the text. The reading's last unit ends its form at `end`; its run of characters as
   * themselves began at `run` and ends at `runEnd` (run = runEnd: no run).
   */
  private report(
    text: string,
    state: number,
    pieces: Piece | undefined,
    run: number,
    runEnd: number,
    end: number,
    spans: number[],
  ): void {
    const { automaton } = this;
    for (let matched = automaton.longestMatch(state); matched !== ROOT; matched = automaton.shorterMatch(matched)) {
      const needle = this.needles[automaton.patternAt(matched)] as Needle;
      if (needle.beforeAt && unitEnd(text, end, 0x40) < 0) continue;
      const length = automaton.depth(matched);
      const inRun = runEnd - run;
      const last = pieces as Piece;
      const from = length <= inRun ? runEnd - length : positionOf(last, last.first + last.count - (length - inRun));
      let to = end;
      for (let k = 0; needle.padded && k < 2; k++) {
        const next = unitEnd(text, to, 0x3d);
        if (next < 0) break;
        to = next;
      }
      if (needle.wholeWord && (wordBefore(text, from) || wordAt(text, to))) continue;
      spans.push(from, to);
      return;
    }
  }

  /** One reading per state, none whose string is a suffix of another's, at most MAX_READINGS (the deepest). */
  private prune(readings: Readings): void {
    const { automaton } = this;
    const { states } = readings;
    const kept: number[] = [];
    for (let k = 0; k < readings.count; k++) {
      const state = states[k] as number;
      if (kept.some((j) => automaton.covers(states[j] as number, state))) continue;
      for (let j = kept.length - 1; j >= 0; j--)
        if (automaton.covers(state, states[kept[j] as number] as number)) kept.splice(j, 1);
      kept.push(k);
    }
    if (kept.length > MAX_READINGS) {
      kept.sort((a, b) => automaton.depth(states[b] as number) - automaton.depth(states[a] as number));
      kept.length = MAX_READINGS;
    }
    const chosen = kept.map((k) => [states[k] as number, readings.pieces[k], readings.runs[k] as number] as const);
    readings.count = 0;
    for (const [state, pieces, run] of chosen) readings.add(state, pieces, run);
  }
}

/**
 * Whatever follows an auth scheme, in any letter case (a secret we were not told about)
 * goes too; `\/` is JSON's escape of a base64 `/`. A credential, not a word: at least 8
 * characters, so that prose such as "a Basic header that is not base64" stays readable.
 */
const AUTH_SCHEME = /\b(basic|bearer)(\s+)(?:[A-Za-z0-9._~+/=%-]|\\\/){8,}/giu;
/** A cheap first look: most text names no scheme at all. */
const SCHEME_NAME = /basic|bearer/i;

/** The text with every span (pairs of start and end, overlapping ones merged) replaced by REDACTED. */
function replaceSpans(text: string, spans: number[]): string {
  if (!spans.length) return text;
  const order = Array.from({ length: spans.length / 2 }, (_, i) => 2 * i).sort(
    (a, b) => (spans[a] as number) - (spans[b] as number),
  );
  let out = "";
  let at = 0;
  for (let i = 0; i < order.length; ) {
    const first = order[i] as number;
    const start = spans[first] as number;
    let end = spans[first + 1] as number;
    for (i++; i < order.length && (spans[order[i] as number] as number) <= end; i++)
      end = Math.max(end, spans[(order[i] as number) + 1] as number);
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

/** Equal for equal secrets: a string itself, a pair by its two parts. */
function identityOf(secret: unknown): unknown {
  if (secret === null || typeof secret !== "object") return secret;
  const { username, password } = secret as { username?: unknown; password?: unknown };
  return `${typeof username === "string" ? username.length : -1}:${String(username)}:${String(password)}`;
}

/**
 * Long texts redacted lately, and what they became. A run redacts the same answer body
 * once per check that keeps it as evidence (the canonical participant in a hundred checks;
 * a provider that answers every request with the same megabyte): a body seen before costs
 * a hash of its text instead of a pass per book. Short texts are not kept (a pass over them
 * costs about what the lookup does); all that is kept is bounded, and dropped as a whole
 * when full or when a secret is learnt.
 */
class RecentTexts {
  static readonly SHORTEST = 256;
  static readonly MOST_CHARS = 8 * 1024 * 1024;
  private readonly texts = new Map<string, string>();
  private chars = 0;
  get(text: string): string | undefined {
    return text.length < RecentTexts.SHORTEST ? undefined : this.texts.get(text);
  }
  set(text: string, redacted: string): void {
    if (text.length < RecentTexts.SHORTEST || text.length > RecentTexts.MOST_CHARS / 2) return;
    if (this.chars + text.length + redacted.length > RecentTexts.MOST_CHARS) this.clear();
    this.texts.set(text, redacted);
    this.chars += text.length + redacted.length;
  }
  clear(): void {
    this.texts.clear();
    this.chars = 0;
  }
}

/** A redactor and the way to teach it more secrets as a run meets them. */
export interface LearningRedactor {
  redact: Redactor;
  /** Secrets met on the way: kept out of everything redacted after. */
  learn(secrets: readonly unknown[]): void;
}

/**
 * A redactor that keeps learning: every secret in every form, found in one pass over the
 * text per book of secrets. A secret learnt goes into a small new book; books of similar
 * size are merged (rebuilt as one), so a run that meets a thousand credentials one by one
 * keeps a handful of books (logarithmic in their number) and rebuilds each secret only a
 * logarithmic number of times, never the whole list at each one. Never throws.
 */
export function learningRedactor(secrets: readonly (Secret | undefined)[] = []): LearningRedactor {
  const known = new Map<string, Needle>();
  const books: Book[] = [];
  const learn = (more: readonly unknown[]) => {
    const fresh = new Map<string, Needle>();
    // The same credential repeated (every entry of a HAR file): looked at once.
    const distinct = new Map<unknown, unknown>();
    for (const secret of Array.isArray(more) ? more : []) distinct.set(identityOf(secret), secret);
    for (const needle of needlesOf([...distinct.values()])) {
      const had = known.get(needle.text);
      const rule = had ? looser(had, needle) : needle;
      if (had && sameRule(had, rule)) continue;
      known.set(needle.text, rule);
      fresh.set(needle.text, rule);
    }
    if (!fresh.size) return;
    books.push(new Book([...fresh.values()]));
    // Merge while the book before is at most twice as large: each book is then over twice the next.
    while (books.length >= 2 && (books.at(-2) as Book).size <= 2 * (books.at(-1) as Book).size) {
      const last = books.pop() as Book;
      const before = books.pop() as Book;
      const merged = new Map<string, Needle>();
      for (const needle of [...before.needles, ...last.needles])
        merged.set(needle.text, known.get(needle.text) ?? needle);
      books.push(new Book([...merged.values()]));
    }
  };
  const memo = new RecentTexts();
  learn(secrets);
  const redact = (text: string) => {
    if (typeof text !== "string") return text;
    const known = memo.get(text);
    if (known !== undefined) return known;
    const spans: number[] = [];
    for (const book of books) book.find(text, spans);
    const replaced = replaceSpans(text, spans);
    const redacted = SCHEME_NAME.test(replaced) ? replaced.replace(AUTH_SCHEME, `$1$2${REDACTED}`) : replaced;
    memo.set(text, redacted);
    return redacted;
  };
  return {
    redact,
    learn: (more) => {
      learn(more);
      // What was redacted before may hold a secret learnt now.
      memo.clear();
    },
  };
}

/** A function that removes these secrets, in every form, from any text; it never throws. */
export function redactor(secrets: readonly (Secret | undefined)[]): Redactor {
  return learningRedactor(secrets).redact;
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
