/**
 * Loads schemas/ once, compiles every validator once (ajv strict mode, draft 2020-12)
 * and turns ajv's errors into Violations. Everything else in the suite validates
 * through this module.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { dateTime, uri } from "./formats.js";
import type { Violation } from "./violation.js";

// ajv-formats is CommonJS with `exports.default`: Node's ESM loader hands over the module
// object, whose `default` is the plugin.
const addFormats = addFormatsPlugin.default;

export const SCHEMA_DIR = new URL("../schemas/", import.meta.url);
export const SCHEMA_BASE = "https://twilio-proxy-contract.example/schemas/";

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

/** A fresh ajv instance holding every schema in schemas/, strict, all errors collected. */
/**
 * A fresh ajv instance holding every schema in schemas/, in strict mode. allErrors
 * collects every problem for a report; without it validation stops at the first,
 * which is all a yes/no answer needs and is faster.
 */
export function createAjv(options: { allErrors?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: options.allErrors ?? true, logger: false });
  addFormats(ajv);
  ajv.addFormat("date-time", dateTime);
  ajv.addFormat("uri", uri);
  for (const schema of loadSchemaFiles().values()) ajv.addSchema(schema);
  return ajv;
}

/**
 * A validator that answers yes/no with the fast instance and, only for data that
 * fails, asks the all-errors instance (compiled on first need) for the reasons.
 */
export interface Validator {
  (data: unknown): boolean;
  explain(data: unknown): readonly ErrorObject[];
  /** The schema's absolute URI, e.g. …/participant.schema.json#/$defs/phone. */
  readonly ref: string;
}

const fast = createAjv({ allErrors: false });
let thorough: Ajv2020 | undefined;

function compile(ref: string): Validator {
  const check = fast.getSchema(SCHEMA_BASE + ref);
  if (!check) throw new Error(`schema ${ref} is missing from schemas/`);
  let explainer: ValidateFunction | undefined;
  const validator = Object.assign((data: unknown) => check(data), { ref: SCHEMA_BASE + ref }) as Validator;
  validator.explain = (data) => {
    thorough ??= createAjv({ allErrors: true });
    explainer ??= thorough.getSchema(SCHEMA_BASE + ref) as ValidateFunction;
    return explainer(data) ? [] : (explainer.errors ?? []);
  };
  return validator;
}

/** The compiled validators, by the name the rest of the suite uses. */
export const validators = {
  participant: compile("participant.schema.json"),
  phone: compile("participant.schema.json#/$defs/phone"),
  messenger: compile("participant.schema.json#/$defs/messenger"),
  strict: compile("participant.schema.json#/$defs/strict"),
  error: compile("error.schema.json"),
  notFound: compile("error.schema.json#/$defs/notFound"),
  unauthorized: compile("error.schema.json#/$defs/unauthorized"),
  headers: compile("headers.schema.json"),
  fixtures: compile("fixtures.schema.json"),
  pathParams: compile("path-params.schema.json"),
  accountSid: compile("sid.schema.json#/$defs/AccountSid"),
  serviceSid: compile("sid.schema.json#/$defs/ServiceSid"),
  sessionSid: compile("sid.schema.json#/$defs/SessionSid"),
  participantSid: compile("sid.schema.json#/$defs/ParticipantSid"),
  phoneNumberSid: compile("sid.schema.json#/$defs/PhoneNumberSid"),
} as const;

export type SchemaName = keyof typeof validators;

/** Validates data against a named schema; an empty list means valid. */
export function validate(name: SchemaName, data: unknown): Violation[] {
  const check = validators[name];
  return check(data) ? [] : toViolations(check.explain(data), data);
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
