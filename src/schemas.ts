/**
 * The suite's one way to validate: named validators over schemas/ (compiled ahead of
 * time by ajv in strict mode, draft 2020-12: src/validators.generated.ts), ajv itself
 * for the reasons when data fails, and ajv's errors turned into Violations.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from "ajv/dist/2020.js";
import { formats } from "./formats.js";
import { SCHEMA_BASE, type SchemaName, VALIDATOR_REFS } from "./schema-refs.js";
import * as precompiled from "./validators.generated.js";
import type { Violation } from "./violation.js";

// ajv is loaded only when something needs it compiled: the validators themselves are
// generated code, so a run where every response is valid never pays for loading ajv.
const require = createRequire(import.meta.url);

export const SCHEMA_DIR = new URL("../schemas/", import.meta.url);
export { SCHEMA_BASE };

/** Every JSON Schema in schemas/, keyed by file name. */
export function loadSchemaFiles(): Map<string, Record<string, unknown>> {
  const files = new Map<string, Record<string, unknown>>();
  for (const name of readdirSync(SCHEMA_DIR)
    .filter((n) => n.endsWith(".schema.json"))
    .sort()) {
    files.set(name, JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), "utf8")));
  }
  return files;
}

/** Strict mode turns most doubts into errors; whatever ajv would still only warn about is an error here too. */
const failOnWarning = {
  log: () => undefined,
  warn: (...args: unknown[]) => {
    throw new Error(`ajv warning on schemas/: ${args.join(" ")}`);
  },
  error: (...args: unknown[]) => {
    throw new Error(`ajv error on schemas/: ${args.join(" ")}`);
  },
};

/**
 * A fresh ajv instance holding every schema in schemas/, in strict mode. allErrors
 * collects every problem for a report; without it validation stops at the first,
 * which is all a yes/no answer needs and is faster.
 */
export function createAjv(options: Omit<Options, "strict" | "logger"> = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const addFormats = (require("ajv-formats") as { default: (ajv: Ajv2020) => Ajv2020 }).default;
  const ajv = new Ajv({ allErrors: true, ...options, strict: true, logger: failOnWarning });
  addFormats(ajv);
  for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
  for (const schema of loadSchemaFiles().values()) ajv.addSchema(schema);
  return ajv;
}

/**
 * A validator: yes/no from the code ajv generated ahead of time (src/validators.generated.ts),
 * and, only for data that fails, the reasons from an all-errors ajv compiled on first need.
 */
export interface Validator {
  (data: unknown): boolean;
  explain(data: unknown): readonly ErrorObject[];
  /** The schema's absolute URI, e.g. …/participant.schema.json#/$defs/phone. */
  readonly ref: string;
}

let thorough: Ajv2020 | undefined;

/** The generated module's exports, one validate function per name of VALIDATOR_REFS. */
const generated: Record<SchemaName, (data: unknown) => boolean> = { ...precompiled };

function validatorFor(name: SchemaName): Validator {
  const ref = SCHEMA_BASE + VALIDATOR_REFS[name];
  const check = generated[name];
  let explainer: ValidateFunction | undefined;
  return Object.assign((data: unknown) => check(data), {
    ref,
    explain(data: unknown) {
      thorough ??= createAjv({ allErrors: true });
      explainer ??= thorough.getSchema(ref);
      if (!explainer) throw new Error(`schema ${ref} is missing from schemas/`);
      return explainer(data) ? [] : (explainer.errors ?? []);
    },
  });
}

/** The validators, by the name the rest of the suite uses. */
export const validators = Object.fromEntries(
  (Object.keys(VALIDATOR_REFS) as SchemaName[]).map((name) => [name, validatorFor(name)]),
) as Record<SchemaName, Validator>;

export type { SchemaName };

/** Validates data against a named schema; an empty list means valid. */
export function validate(name: SchemaName, data: unknown): Violation[] {
  const check = validators[name];
  if (check(data)) return [];
  const errors = check.explain(data);
  // Both come from schemas/; if they disagree, the generated code is stale, and saying so beats passing bad data.
  if (!errors.length)
    return [
      {
        field: "(body)",
        rule: "is rejected by src/validators.generated.ts (stale? run npm run gen:validators)",
        actual: data,
      },
    ];
  return toViolations(errors, data);
}

/** True when data is valid for the named schema; a type guard for callers that need no reasons. */
export function isValid(name: SchemaName, data: unknown): boolean {
  return validators[name](data);
}

function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const extra =
    error.keyword === "required"
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === "unevaluatedProperties" || error.keyword === "additionalProperties"
        ? ((error.params as { unevaluatedProperty?: string; additionalProperty?: string }).unevaluatedProperty ??
          (error.params as { additionalProperty?: string }).additionalProperty)
        : undefined;
  if (extra !== undefined) segments.push(extra);
  return segments.length ? segments.join(".") : "(body)";
}

function valueAt(data: unknown, field: string): unknown {
  if (field === "(body)") return data;
  let value: unknown = data;
  for (const key of field.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function ruleOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "type":
      return `must be ${String(p.type).split(",").join(" or ")}`;
    case "pattern":
      return `must match ${String(p.pattern)}`;
    case "format":
      return `must be a valid ${String(p.format)}`;
    case "minLength":
      return `must be at least ${String(p.limit)} ${p.limit === 1 ? "character" : "characters"}`;
    case "maxLength":
      return `must be at most ${String(p.limit)} ${p.limit === 1 ? "character" : "characters"}`;
    case "minimum":
      return `must be at least ${String(p.limit)}`;
    case "maximum":
      return `must be at most ${String(p.limit)}`;
    case "required":
      return "is required";
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "unevaluatedProperties":
      return "is not a field of the resource (strict mode)";
    case "additionalProperties":
      return "is not allowed here";
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * Ajv reports a nullable SID that fails its pattern three times: the pattern, "must be
 * null" from the other anyOf branch, and the anyOf itself. Only the first tells the user
 * anything, so: drop anyOf wrappers; drop a type error at a path where a more specific
 * error exists at or below it; merge what is left at one path into one rule.
 */
export function toViolations(errors: readonly ErrorObject[], data: unknown): Violation[] {
  const kept = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf" && e.keyword !== "if");
  const useful = kept.filter(
    (e) =>
      e.keyword !== "type" ||
      !kept.some(
        (s) =>
          s.instancePath.startsWith(`${e.instancePath}/`) ||
          (s.keyword !== "type" && s.instancePath === e.instancePath),
      ),
  );
  // Type errors at one path are alternatives under an anyOf ("string or null"), but all
  // must hold otherwise (a $ref and a sibling `type`), where the narrowest one speaks.
  const alternativesAt = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const byField = new Map<string, { keyword: string; rules: string[]; path: string }[]>();
  for (const error of useful) {
    const field = fieldOf(error);
    const groups = byField.get(field) ?? [];
    const rule = ruleOf(error);
    const group = groups.find((g) => g.keyword === error.keyword);
    if (!group) groups.push({ keyword: error.keyword, rules: [rule], path: error.instancePath });
    else if (!group.rules.includes(rule)) group.rules.push(rule);
    byField.set(field, groups);
  }
  const violations: Violation[] = [];
  for (const [field, groups] of byField) {
    for (const { keyword, rules, path } of groups) {
      const narrowest = [...rules].sort((a, b) => a.split(" or ").length - b.split(" or ").length)[0] ?? "";
      const rule = keyword === "type" && !alternativesAt.has(path) ? narrowest : mergeRules(rules);
      violations.push({ field, rule, actual: valueAt(data, field) });
    }
  }
  return violations;
}

/** ["must be string", "must be null"] -> "must be string or null"; same for patterns. */
function mergeRules(rules: string[]): string {
  const [first, ...rest] = rules;
  if (first === undefined) return "";
  if (!rest.length) return first;
  const prefix = /^must (be|match) /.exec(first)?.[0];
  if (!prefix || !rest.every((r) => r.startsWith(prefix))) return rules.join(" or ");
  const alternatives = rules.flatMap((r) => r.slice(prefix.length).split(" or "));
  return prefix + [...new Set(alternatives)].join(" or ");
}
