/**
 * The suite's one way to validate: named validators over schemas/, compiled ahead of
 * time by ajv (strict mode, draft 2020-12, all errors: src/validators.generated.ts), and
 * their errors turned into Violations. The same function gives the verdict and the
 * reasons, so the two cannot disagree, and ajv itself is never loaded at run time.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { pointerOf, type Violation } from "../core/violation.js";
import { loadSchemaFiles, SCHEMA_BASE, SCHEMA_DIR, type SchemaName, VALIDATOR_REFS } from "./catalog.js";
import * as precompiled from "./validators.generated.js";
import { keywordRule, keywordValue, patternWords } from "./words.js";

export { loadSchemaFiles, SCHEMA_BASE, SCHEMA_DIR };

/** A validator as ajv generates it: true or false, and the errors of the last call that failed. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The generated module's exports, one validate function per name of VALIDATOR_REFS. */
const generated: Record<SchemaName, Validator> = { ...precompiled };

/** The validators, by the name the rest of the suite uses, each with its schema's absolute URI. */
export const validators: Record<SchemaName, Validator & { readonly ref: string }> = Object.fromEntries(
  (Object.keys(VALIDATOR_REFS) as SchemaName[]).map((name) => {
    const check: Validator = generated[name];
    const named = Object.assign((data: unknown) => check(data), { ref: SCHEMA_BASE + VALIDATOR_REFS[name] });
    return [name, Object.defineProperty(named, "errors", { get: () => check.errors })];
  }),
) as Record<SchemaName, Validator & { readonly ref: string }>;

export type { SchemaName };

/** Validates data against a named schema; an empty list means valid. */
export function validate(name: SchemaName, data: unknown): Violation[] {
  const check = validators[name];
  return check(data) ? [] : toViolations(check.errors ?? [], data);
}

/** True when data is valid for the named schema; a type guard for callers that need no reasons. */
export function isValid(name: SchemaName, data: unknown): boolean {
  return validators[name](data);
}

function errorField(error: ErrorObject): string {
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
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function ruleOf(error: ErrorObject): string {
  return keywordRule(error.keyword, error.params as Record<string, unknown>, error.message);
}

/**
 * Ajv reports a nullable SID that fails its pattern three times: the pattern, "must be
 * null" from the other anyOf branch, and the anyOf itself. Only the first tells the user
 * anything, so: drop anyOf wrappers; drop a type error at a path where a more specific
 * error exists at or below it; merge what is left at one path into one rule.
 */
export function toViolations(errors: readonly ErrorObject[], data: unknown): Violation[] {
  const formatAt = new Set(errors.filter((e) => e.keyword === "format").map((e) => e.instancePath));
  const named = (e: ErrorObject) =>
    e.keyword === "pattern" && patternWords(String((e.params as { pattern?: unknown }).pattern)) !== undefined;
  const namedPatternAt = new Set(errors.filter(named).map((e) => e.instancePath));
  // A value that is no date-time at all also misses the pattern that writes the format out:
  // one of them speaks. The pattern, when the schema gives it words: it is the narrower rule
  // ("in GMT") and the one the Pact verifier reports, so both layers say the same.
  const kept = errors.filter(
    (e) =>
      e.keyword !== "anyOf" &&
      e.keyword !== "oneOf" &&
      e.keyword !== "if" &&
      !(e.keyword === "format" && namedPatternAt.has(e.instancePath)) &&
      !(e.keyword === "pattern" && formatAt.has(e.instancePath) && !namedPatternAt.has(e.instancePath)),
  );
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
  const byField = new Map<string, { keyword: string; rules: string[]; values: unknown[]; path: string }[]>();
  for (const error of useful) {
    const field = errorField(error);
    const groups = byField.get(field) ?? [];
    const rule = ruleOf(error);
    const value = keywordValue(error.keyword, error.params as Record<string, unknown>);
    const group = groups.find((g) => g.keyword === error.keyword);
    if (!group) groups.push({ keyword: error.keyword, rules: [rule], values: [value], path: error.instancePath });
    else if (!group.rules.includes(rule)) {
      group.rules.push(rule);
      group.values.push(value);
    }
    byField.set(field, groups);
  }
  const violations: Violation[] = [];
  for (const [field, groups] of byField) {
    for (const { keyword, rules, values, path } of groups) {
      const narrowest = [...rules].sort((a, b) => a.split(" or ").length - b.split(" or ").length)[0] ?? "";
      const rule = keyword === "type" && !alternativesAt.has(path) ? narrowest : mergeRules(rules);
      const value = values.length === 1 ? values[0] : values;
      violations.push({
        field,
        rule,
        actual: valueAt(data, field),
        expected: { keyword, ...(value !== undefined ? { value } : {}) },
        pointer: pointerOf(field),
      });
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
