/**
 * The regular expressions the pacts use, read from schemas/ rather than retyped: each
 * field's pattern(s), with the schema's length limits folded in, plus the URL shapes a
 * `format: uri` field must have. Pact matches a regex against the WHOLE value and runs it
 * in Rust's regex engine (no look-around, Unicode-aware `\d`, `\s` and `.`), so every
 * pattern here is anchored and uses ASCII classes only, which both engines read alike.
 */
import { API_PATH_PATTERN, HTTP_ORIGIN_PATTERN, messageInteractionsUrl } from "../core/resource.js";
import { loadSchemaFiles } from "../schema/catalog.js";
import { type Located, resolveRef as refIn, type Schema, schemaAt as schemaIn } from "../schema/refs.js";

const files = loadSchemaFiles() as Map<string, Schema>;

export type { Located };

/** The schema at `file#pointer` in schemas/. */
export function schemaAt(file: string, pointer = ""): Located {
  return schemaIn(files, file, pointer);
}

/** Follows `$ref` from the file it appears in. */
export function resolveRef(ref: string, inFile: string): Located {
  return refIn(files, ref, inFile);
}

/**
 * The patterns a value must match, one per non-null alternative: a nullable SID
 * (`anyOf: [{$ref: sid}, {type: null}]`) gives the SID pattern, the phone proxy
 * identifier (`anyOf: [e164, shortCode]`) gives both. Undefined when some alternative
 * has no pattern (a free string, a URI).
 */
export function patternsOf({ schema, file }: Located): string[] | undefined {
  if (typeof schema.pattern === "string") return [schema.pattern];
  if (typeof schema.$ref === "string" && schema.$ref !== "#") return patternsOf(resolveRef(schema.$ref, file));
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Schema[]).filter((b) => b.type !== "null");
    const patterns = branches.map((b) => patternsOf({ schema: b, file }));
    if (!patterns.length || patterns.some((p) => p === undefined)) return undefined;
    return patterns.flat() as string[];
  }
  return undefined;
}

/** A length keyword (`minLength`, `maxLength`) of a schema or the schema its `$ref` names. */
export function lengthOf({ schema, file }: Located, keyword: "minLength" | "maxLength"): number | undefined {
  if (typeof schema[keyword] === "number") return schema[keyword] as number;
  if (typeof schema.$ref === "string" && schema.$ref !== "#") return lengthOf(resolveRef(schema.$ref, file), keyword);
  return undefined;
}

/** `^X$` -> `X`; refuses a pattern that is not anchored at both ends, since Pact would read it differently. */
export function unanchored(pattern: string): string {
  if (!pattern.startsWith("^") || !pattern.endsWith("$")) {
    throw new Error(`pattern ${pattern} is not anchored with ^ and $`);
  }
  return pattern.slice(1, -1);
}

/** One anchored regex that accepts what any of the anchored patterns accepts. */
export function anchoredAlternation(patterns: readonly string[]): string {
  if (patterns.length === 1 && patterns[0] !== undefined) return patterns[0];
  return `^(?:${patterns.map(unanchored).join("|")})$`;
}

/** Escapes regex metacharacters; `/` needs none (Pact regexes are strings, not /literals/). */
function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An anchored pattern as a piece of a larger regex, grouped only when it is an alternation. */
function embedded(pattern: string): string {
  const body = unanchored(pattern);
  return body.includes("|") ? `(?:${body})` : body;
}

/** One element of a simple pattern: a character, an escape or a class, and how often it repeats. */
interface Atom {
  source: string;
  min: number;
  max: number;
  /** Where it starts and ends (quantifier included) in the pattern body. */
  start: number;
  end: number;
}

/**
 * Reads an unanchored pattern made of characters, escapes and classes, each with an
 * optional quantifier (`+`, `*`, `?`, `{n}`, `{n,m}`): the shapes schemas/ writes. A
 * group or an alternation is refused, so that a limit is never folded in wrongly.
 */
function atomsOf(body: string): Atom[] {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < body.length) {
    const start = i;
    if (body[i] === "(" || body[i] === "|") throw new Error(`cannot fold a length limit into a group: ${body}`);
    if (body[i] === "[") {
      i++;
      while (i < body.length && body[i] !== "]") i += body[i] === "\\" ? 2 : 1;
      i++;
    } else if (body[i] === "\\") {
      i += body[i + 1] === "x" ? 4 : 2;
    } else i++;
    const quantifierAt = i;
    const quantifier = /^(?:[+*?]|\{(\d+)(?:,(\d*))?\})/.exec(body.slice(i));
    let [min, max] = [1, 1];
    if (quantifier) {
      i += quantifier[0].length;
      const [text, from, to] = quantifier;
      if (text === "+") [min, max] = [1, Number.POSITIVE_INFINITY];
      else if (text === "*") [min, max] = [0, Number.POSITIVE_INFINITY];
      else if (text === "?") [min, max] = [0, 1];
      else
        [min, max] = [
          Number(from),
          to === undefined ? Number(from) : to === "" ? Number.POSITIVE_INFINITY : Number(to),
        ];
    }
    atoms.push({ source: body.slice(start, quantifierAt), min, max, start, end: i });
  }
  return atoms;
}

/**
 * An anchored pattern with a string's length limits (counted in code points, as JSON
 * Schema and Rust's regex engine both count) folded in, since Pact has no length matcher
 * for strings and Rust's regex engine no look-ahead. A pattern whose own lengths already
 * lie within the limits is returned as it is; one open-ended repeat (`+`, `*`) is bounded
 * so that the whole cannot exceed `maxLength`. Anything else throws: the limit would be lost.
 */
export function withLengthLimits(pattern: string, limits: { minLength?: number; maxLength?: number }): string {
  if (limits.minLength === undefined && limits.maxLength === undefined) return pattern;
  const body = unanchored(pattern);
  const atoms = atomsOf(body);
  const sum = (f: (a: Atom) => number) => atoms.reduce((total, a) => total + f(a), 0);
  const [shortest, longest] = [sum((a) => a.min), sum((a) => a.max)];
  const { minLength = 0, maxLength = Number.POSITIVE_INFINITY } = limits;
  if (shortest >= minLength && longest <= maxLength) return pattern;
  const open = atoms.filter((a) => a.max === Number.POSITIVE_INFINITY);
  const [repeat] = open;
  if (shortest < minLength || open.length !== 1 || !repeat) {
    throw new Error(`cannot fold minLength ${minLength} / maxLength ${maxLength} into ${pattern}`);
  }
  const rest = shortest - repeat.min;
  if (atoms.some((a) => a !== repeat && a.min !== a.max)) {
    throw new Error(`cannot fold maxLength ${maxLength} into ${pattern}: its other parts vary in length`);
  }
  const bounded = `${repeat.source}{${repeat.min},${maxLength - rest}}`;
  return `^${body.slice(0, repeat.start)}${bounded}${body.slice(repeat.end)}$`;
}

/**
 * Any string of at most `maxLength` code points: the regex for a field whose schema
 * limits its length but not its characters. `[\s\S]` is every character in both engines.
 */
export function anyStringPattern(maxLength: number): string {
  return `^[\\s\\S]{0,${maxLength}}$`;
}

/** The pattern of one SID type, e.g. `sidPattern("ParticipantSid")` -> `^KP[0-9a-fA-F]{32}$`. */
export function sidPattern(name: string): string {
  const patterns = patternsOf(schemaAt("sid.schema.json", `/$defs/${name}`));
  if (!patterns?.[0]) throw new Error(`sid.schema.json has no pattern for ${name}`);
  return patterns[0];
}

/**
 * The participant path with each `{Param}` replaced by that path parameter's pattern
 * from path-params.schema.json, unanchored so that it can sit inside a larger regex.
 */
function participantPathRegexBody(): string {
  return API_PATH_PATTERN.split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const param = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
      if (!param) return escapeRegex(part);
      const patterns = patternsOf(schemaAt("path-params.schema.json", `/properties/${param}`));
      if (!patterns) throw new Error(`path-params.schema.json has no pattern for ${param}`);
      return embedded(anchoredAlternation(patterns));
    })
    .join("");
}

/** The request path of any well-formed participant fetch. */
export const PARTICIPANT_PATH_PATTERN = `^${participantPathRegexBody()}$`;

/**
 * An absolute http(s) URL, as a server writes it, on any host, whose path is a
 * participant's own path (plus an optional suffix). The origin's syntax is the one the
 * semantic rules check (src/resource.ts); that it is the SAME participant as the request
 * is a cross-field rule Pact cannot express, which src/rules.ts checks.
 */
export function resourceUrlPattern(suffix = ""): string {
  return `^${HTTP_ORIGIN_PATTERN}${participantPathRegexBody()}${escapeRegex(suffix)}$`;
}

export const PARTICIPANT_URL_PATTERN = resourceUrlPattern();
export const MESSAGE_INTERACTIONS_URL_PATTERN = resourceUrlPattern(messageInteractionsUrl(""));

/** `Authorization: Basic <base64>`: the scheme Twilio accepts (account SID or API key SID + secret). */
export const BASIC_AUTH_PATTERN = "^Basic [A-Za-z0-9+/]+={0,2}$";

/** The response's Content-Type, as schemas/headers.schema.json writes it. */
export const CONTENT_TYPE_PATTERN = String(
  (schemaAt("headers.schema.json", "/properties/content-type").schema as { pattern: string }).pattern,
);
