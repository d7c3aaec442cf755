/**
 * Words for every rule schemas/ states: a sentence per keyword and per format, and for
 * each pattern the words its schema gives it (the `x-words` annotation beside the
 * `pattern`). The schema validator's violations, the pact runner's reading of the
 * verifier's mismatches and every reporter say a rule with these words, so that one
 * defect reads the same whichever layer found it; the raw pattern is only ever data.
 */
import { loadSchemaFiles } from "./catalog.js";

type Schema = Record<string, unknown>;

/** Words for each format the schemas use (src/schema/formats.ts), to follow "must be". */
export const FORMAT_WORDS: Record<string, string> = {
  "date-time": "an RFC 3339 date-time",
  uri: "an absolute URI",
};

/** A pattern with the words its schema gives it, and where it sits. */
export interface NamedPattern {
  pattern: string;
  words: string;
  /** `file#/json/pointer` of the schema that holds it. */
  at: string;
  minLength?: number;
  maxLength?: number;
}

function walk(node: unknown, at: string, found: NamedPattern[]): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) walk(item, `${at}/${i}`, found);
    return;
  }
  const schema = node as Schema;
  if (typeof schema.pattern === "string" && typeof schema["x-words"] === "string") {
    found.push({
      pattern: schema.pattern,
      words: schema["x-words"],
      at,
      ...(typeof schema.minLength === "number" ? { minLength: schema.minLength } : {}),
      ...(typeof schema.maxLength === "number" ? { maxLength: schema.maxLength } : {}),
    });
  }
  for (const [key, value] of Object.entries(schema)) {
    walk(value, `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, found);
  }
}

/** Every pattern of schemas/ that has words, read once. */
export const NAMED_PATTERNS: readonly NamedPattern[] = (() => {
  const found: NamedPattern[] = [];
  for (const [file, schema] of loadSchemaFiles()) walk(schema, `${file}#`, found);
  return found;
})();

/** Every pattern schemas/ writes, named or not: a test keeps each of them named. */
export function allPatterns(): { pattern: string; at: string }[] {
  const found: { pattern: string; at: string }[] = [];
  const visit = (node: unknown, at: string) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") found.push({ pattern: value, at });
      else visit(value, `${at}/${key}`);
    }
  };
  for (const [file, schema] of loadSchemaFiles()) visit(schema, `${file}#`);
  return found;
}

/** The words for a pattern of schemas/, or undefined for a pattern they do not write. */
export function patternWords(pattern: string): string | undefined {
  return NAMED_PATTERNS.find((p) => p.pattern === pattern)?.words;
}

const characters = (n: number) => `${n} ${n === 1 ? "character" : "characters"}`;

/** `at most 255 characters`: a string's length limits in words. */
export function lengthWords(limits: { minLength?: number; maxLength?: number }): string | undefined {
  const { minLength, maxLength } = limits;
  if (minLength !== undefined && maxLength !== undefined)
    return minLength === maxLength ? `exactly ${characters(minLength)}` : `${minLength} to ${characters(maxLength)}`;
  if (maxLength !== undefined) return `at most ${characters(maxLength)}`;
  if (minLength !== undefined) return `at least ${characters(minLength)}`;
  return undefined;
}

/** What must hold, for one schema keyword and its parameters, as ajv reports them. */
export function keywordRule(keyword: string, params: Record<string, unknown>, message?: string): string {
  switch (keyword) {
    case "type":
      return `must be ${String(params.type).split(",").join(" or ")}`;
    case "pattern": {
      const words = patternWords(String(params.pattern));
      // A pattern nobody named still never reaches prose: the JSON report holds it as data.
      return `must be ${words ?? "in the form the schema's pattern gives"}`;
    }
    case "format":
      return `must be ${FORMAT_WORDS[String(params.format)] ?? `a valid ${String(params.format)}`}`;
    case "minLength":
      return `must be at least ${characters(Number(params.limit))}`;
    case "maxLength":
      return `must be at most ${characters(Number(params.limit))}`;
    case "minimum":
      return `must be at least ${String(params.limit)}`;
    case "maximum":
      return `must be at most ${String(params.limit)}`;
    case "required":
      return "is required";
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "unevaluatedProperties":
      return "is not a field of the resource (strict mode)";
    case "additionalProperties":
      return "is not allowed here";
    default:
      return message ?? keyword;
  }
}

/** The rule as data for a keyword: the parameter a machine would compare with. */
export function keywordValue(keyword: string, params: Record<string, unknown>): unknown {
  switch (keyword) {
    case "type":
      return params.type;
    case "pattern":
      return params.pattern;
    case "format":
      return params.format;
    case "minLength":
    case "maxLength":
    case "minimum":
    case "maximum":
      return params.limit;
    case "const":
      return params.allowedValue;
    case "enum":
      return params.allowedValues;
    default:
      return undefined;
  }
}

/** Every maxLength schemas/ states: the limits a pact regex may have folded in. */
export function allLengthLimits(): number[] {
  const found = new Set<number>();
  const visit = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "maxLength" && typeof value === "number") found.add(value);
      else visit(value);
    }
  };
  for (const schema of loadSchemaFiles().values()) visit(schema);
  return [...found].sort((a, b) => a - b);
}
