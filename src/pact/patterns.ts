/**
 * The regular expressions the pacts use, read from schemas/ rather than retyped, plus
 * the few translations a JSON Schema `format` needs to become a Pact regex. Pact
 * matches a regex against the WHOLE value and runs it in Rust's regex engine, so every
 * pattern here is anchored and sticks to ASCII classes ([0-9], not \d, which is
 * Unicode-aware in Rust).
 */
import { API_PATH_PATTERN, messageInteractionsUrl } from "../resource.js";
import { loadSchemaFiles } from "../schemas.js";

type Schema = Record<string, unknown>;

/** A schema and the file it sits in, so that relative `$ref`s inside it can be followed. */
export interface Located {
  schema: Schema;
  file: string;
}

const files = loadSchemaFiles();

function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The schema at `file#pointer`; throws naming the reference when it does not exist. */
export function schemaAt(file: string, pointer = ""): Located {
  let node: unknown = files.get(file);
  for (const segment of pointerSegments(pointer)) {
    node = node !== null && typeof node === "object" ? (node as Schema)[segment] : undefined;
  }
  if (node === null || typeof node !== "object") throw new Error(`schemas/${file}#${pointer} does not exist`);
  return { schema: node as Schema, file };
}

/** Follows `$ref` (`"sid.schema.json#/$defs/X"`, `"#/$defs/e164"`) from the file it appears in. */
export function resolveRef(ref: string, inFile: string): Located {
  const [target = "", pointer = ""] = ref.split("#");
  return schemaAt(target || inFile, pointer);
}

/**
 * The patterns a value must match, one per non-null alternative: a nullable SID
 * (`anyOf: [{$ref: sid}, {type: null}]`) gives the SID pattern, the phone proxy
 * identifier (`anyOf: [e164, shortCode]`) gives both. Undefined when some alternative
 * has no pattern (a free string, a date-time).
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
 * An absolute http(s) URL on any host whose path is a participant's own path (plus an
 * optional suffix). That it is the SAME participant as the request is a cross-field rule
 * Pact cannot express; src/rules.ts checks it.
 */
export function resourceUrlPattern(suffix = ""): string {
  return `^https?://[^/?#\\s]+${participantPathRegexBody()}${escapeRegex(suffix)}$`;
}

export const PARTICIPANT_URL_PATTERN = resourceUrlPattern();
export const MESSAGE_INTERACTIONS_URL_PATTERN = resourceUrlPattern(messageInteractionsUrl(""));

/**
 * The schemas say `format: date-time` (RFC 3339), which has no Pact equivalent: Pact's
 * `datetime` matcher takes ONE fixed format (so `Z`, `+00:00` and fractional seconds
 * cannot all pass) and rejects null. This regex is the translation, kept no wider than
 * the format (a test checks it against ajv's date-time on a table of samples); RFC 3339
 * allows a lower-case `t` and `z`, so it does too.
 */
export const DATE_TIME_PATTERN =
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$";

/** `Authorization: Basic <base64>`: the scheme Twilio accepts (account SID or API key SID + secret). */
export const BASIC_AUTH_PATTERN = "^Basic [A-Za-z0-9+/]+={0,2}$";

/** The response's Content-Type, as schemas/headers.schema.json writes it. */
export const CONTENT_TYPE_PATTERN = String(
  (schemaAt("headers.schema.json", "/properties/content-type").schema as { pattern: string }).pattern,
);
