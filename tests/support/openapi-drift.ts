/**
 * Compares our schemas with Twilio's OpenAPI description of the same operation, field by
 * field and keyword by keyword. Twilio's file is read as data, never compiled: our strict
 * ajv rejects its `x-twilio` keyword and `uri-map` format. Differences are data; the test
 * decides which are deliberate.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { errorCases } from "../../src/core/cases.js";
import { API_PATH_PATTERN } from "../../src/core/resource.js";
import { loadSchemaFiles, SCHEMA_BASE } from "../../src/schema/validate.js";
import type { SchemaNode } from "./schema.js";

/** The keywords compared, one normalised value each (absent when a side does not constrain it). */
export interface Facets {
  type?: string;
  nullable?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: string;
  enum?: string;
  /** An object's property names, sorted and comma-separated. */
  properties?: string;
  required?: boolean;
}

export type Aspect = keyof Facets | "presence" | "required keys" | "status codes" | "media type";

export interface Difference {
  /** participant, phone, messenger, path parameters, response headers, responses. */
  subject: string;
  field: string;
  aspect: Aspect;
  ours: unknown;
  theirs: unknown;
}

export type OpenApi = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

export const PARTICIPANT_COMPONENT = "proxy.v1.service.session.participant";

/** Twilio's OpenAPI file for Proxy v1, from the @twilio-alpha/mcp dev dependency. */
export function loadTwilioOpenApi(): OpenApi {
  const root = dirname(createRequire(import.meta.url).resolve("@twilio-alpha/mcp/package.json"));
  return JSON.parse(readFileSync(join(root, "twilio-oai/spec/json/twilio_proxy_v1.json"), "utf8"));
}

// ---- our side: JSON Schema 2020-12, $refs resolved through ajv ----

function typesOf(type: unknown): { type?: string; nullable?: boolean } {
  if (type === undefined) return {};
  const types = Array.isArray(type) ? (type as string[]) : [String(type)];
  const nonNull = types.filter((t) => t !== "null");
  return { ...(nonNull.length ? { type: nonNull.join("|") } : {}), nullable: types.includes("null") };
}

/** Both schemas apply (a $ref beside its siblings): a later keyword wins, null must be allowed by both. */
function both(a: Facets, b: Facets): Facets {
  const merged: Facets = { ...a, ...definedOnly(b) };
  if (a.nullable !== undefined && b.nullable !== undefined) merged.nullable = a.nullable && b.nullable;
  return merged;
}

/** Either schema applies (anyOf): types and patterns become alternatives, null allowed if any allows it. */
function either(branches: Facets[]): Facets {
  const nonNull = branches.filter((b) => b.type !== undefined);
  const join = (key: keyof Facets, glue: string) => {
    const values = [...new Set(nonNull.map((b) => b[key]).filter((v) => v !== undefined))];
    return values.length ? values.join(glue) : undefined;
  };
  const result: Facets = nonNull.length === 1 ? { ...nonNull[0] } : {};
  if (nonNull.length > 1) {
    Object.assign(
      result,
      definedOnly({ type: join("type", "|"), pattern: join("pattern", " | "), format: join("format", " | ") }),
    );
  }
  result.nullable = branches.some((b) => b.nullable);
  return result;
}

function definedOnly(facets: Facets): Facets {
  return Object.fromEntries(Object.entries(facets).filter(([, v]) => v !== undefined)) as Facets;
}

function ownFacets(node: SchemaNode): Facets {
  return definedOnly({
    ...typesOf(node.type),
    pattern: node.pattern as string | undefined,
    minLength: node.minLength as number | undefined,
    maxLength: node.maxLength as number | undefined,
    format: node.format as string | undefined,
    enum: node.enum === undefined ? undefined : JSON.stringify(node.enum),
    properties: node.properties ? Object.keys(node.properties).sort().join(",") : undefined,
  });
}

/** Our schema files as data, $refs resolved by URI and JSON pointer (types.test.ts checks ajv resolves each one). */
export class OurSchemas {
  private readonly files = loadSchemaFiles() as Map<string, SchemaNode>;

  /** The schema node a URI names, and the document it lives in (the base for its own $refs). */
  node(uri: string): { node: SchemaNode; base: string } {
    const [document = "", pointer = ""] = uri.split("#");
    let node: unknown = document.startsWith(SCHEMA_BASE)
      ? this.files.get(document.slice(SCHEMA_BASE.length))
      : undefined;
    for (const key of pointer.split("/").slice(1)) {
      node = (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    if (node === null || typeof node !== "object") throw new Error(`cannot resolve ${uri} in schemas/`);
    return { node: node as SchemaNode, base: document };
  }

  root(file: string): { node: SchemaNode; base: string } {
    return this.node(SCHEMA_BASE + file);
  }

  facets(node: SchemaNode, base: string): Facets {
    let facets: Facets = {};
    if (typeof node.$ref === "string") {
      const target = this.node(new URL(node.$ref, base).href);
      facets = this.facets(target.node, target.base);
    }
    if (node.anyOf) facets = both(facets, either(node.anyOf.map((b) => this.facets(b, base))));
    return both(facets, ownFacets(node));
  }
}

// ---- their side: OpenAPI 3.0 ----

/** `required` only where the caller knows it (a parameter or a header, not a property). */
function theirFacets(node: SchemaNode, required?: boolean): Facets {
  return definedOnly({ ...ownFacets(node), nullable: node.nullable === true, required });
}

function operation(spec: OpenApi): SchemaNode {
  const get = spec.paths[API_PATH_PATTERN]?.get as SchemaNode | undefined;
  if (!get) throw new Error(`Twilio's OpenAPI has no GET ${API_PATH_PATTERN}`);
  return get;
}

function okResponse(spec: OpenApi): SchemaNode {
  const ok = (operation(spec).responses as Record<string, SchemaNode> | undefined)?.["200"];
  if (!ok) throw new Error(`Twilio's OpenAPI has no 200 response for GET ${API_PATH_PATTERN}`);
  return ok;
}

function participantComponent(spec: OpenApi): SchemaNode {
  const schemas = (spec.components as { schemas?: Record<string, SchemaNode> } | undefined)?.schemas;
  const component = schemas?.[PARTICIPANT_COMPONENT];
  if (!component) throw new Error(`Twilio's OpenAPI has no components.schemas.${PARTICIPANT_COMPONENT}`);
  return component;
}

// ---- comparison ----

function compareFields(
  subject: string,
  ours: Map<string, Facets>,
  theirs: Map<string, Facets>,
  /** Only these aspects (a variant compares only what it adds to the resource). */
  onlyAspects?: (field: string) => (keyof Facets)[],
): Difference[] {
  const differences: Difference[] = [];
  for (const field of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(field);
    const b = theirs.get(field);
    if (!a || !b) {
      differences.push({
        subject,
        field,
        aspect: "presence",
        ours: a ? "present" : "absent",
        theirs: b ? "present" : "absent",
      });
      continue;
    }
    const aspects = onlyAspects?.(field) ?? ([...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof Facets)[]);
    for (const aspect of aspects) {
      // Unsaid means false: a schema with no null in its type, a parameter not marked required.
      const flag = aspect === "nullable" || aspect === "required";
      const ourValue = flag ? (a[aspect] ?? false) : a[aspect];
      const theirValue = flag ? (b[aspect] ?? false) : b[aspect];
      if (JSON.stringify(ourValue) !== JSON.stringify(theirValue)) {
        differences.push({ subject, field, aspect, ours: ourValue, theirs: theirValue });
      }
    }
  }
  return differences;
}

function compareParticipant(ours: OurSchemas, spec: OpenApi): Difference[] {
  const { node, base } = ours.root("participant.schema.json");
  const component = participantComponent(spec);
  const ourFields = new Map(Object.entries(node.properties ?? {}).map(([k, v]) => [k, ours.facets(v, base)]));
  const theirFields = new Map(Object.entries(component.properties ?? {}).map(([k, v]) => [k, theirFacets(v)]));
  const ourRequired = [...(node.required ?? [])].sort();
  const theirRequired = [...((component.required as string[] | undefined) ?? [])].sort();
  const differences = compareFields("participant", ourFields, theirFields);
  if (JSON.stringify(ourRequired) !== JSON.stringify(theirRequired)) {
    differences.push({
      subject: "participant",
      field: "(object)",
      aspect: "required keys",
      ours: ourRequired,
      theirs: theirRequired,
    });
  }
  return differences;
}

/** A variant restates some fields; compare the keywords it sets there with Twilio's single schema. */
function compareVariant(ours: OurSchemas, spec: OpenApi, variant: string): Difference[] {
  const { node, base } = ours.node(`${SCHEMA_BASE}participant.schema.json#/$defs/${variant}`);
  const component = participantComponent(spec);
  const overlay = new Map(Object.entries(node.properties ?? {}).map(([k, v]) => [k, ours.facets(v, base)]));
  const theirFields = new Map(
    [...overlay.keys()].flatMap((k) => {
      const theirs = component.properties?.[k];
      return theirs ? [[k, theirFacets(theirs)] as const] : [];
    }),
  );
  return compareFields(
    variant,
    overlay,
    theirFields,
    (field) => Object.keys(overlay.get(field) ?? {}) as (keyof Facets)[],
  );
}

function comparePathParameters(ours: OurSchemas, spec: OpenApi): Difference[] {
  const { node, base } = ours.root("path-params.schema.json");
  const required = new Set(node.required ?? []);
  const ourParams = new Map(
    Object.entries(node.properties ?? {}).map(([k, v]) => [k, { ...ours.facets(v, base), required: required.has(k) }]),
  );
  const parameters = (operation(spec).parameters as SchemaNode[] | undefined) ?? [];
  const theirParams = new Map(
    parameters
      .filter((p) => p.in === "path")
      .map((p) => [
        String(p.name),
        theirFacets((p.schema as SchemaNode | undefined) ?? {}, (p as Record<string, unknown>).required === true),
      ]),
  );
  return compareFields("path parameters", ourParams, theirParams);
}

// OpenAPI gives Content-Type as the response's media type, not among its headers.
const CONTENT_TYPE = "content-type";

function compareHeaders(ours: OurSchemas, spec: OpenApi): Difference[] {
  const { node, base } = ours.root("headers.schema.json");
  const required = new Set(node.required ?? []);
  const ourHeaders = new Map(
    Object.entries(node.properties ?? {})
      .filter(([name]) => name !== CONTENT_TYPE)
      .map(([k, v]) => [k, { ...ours.facets(v, base), required: required.has(k) }]),
  );
  const response = okResponse(spec);
  const headers = (response.headers as Record<string, SchemaNode> | undefined) ?? {};
  const theirHeaders = new Map(
    Object.entries(headers).map(([name, h]) => [
      name.toLowerCase(),
      theirFacets((h.schema as SchemaNode | undefined) ?? {}, (h as Record<string, unknown>).required === true),
    ]),
  );
  const differences = compareFields("response headers", ourHeaders, theirHeaders);
  const contentType = new RegExp(String(node.properties?.[CONTENT_TYPE]?.pattern));
  for (const mediaType of Object.keys((response.content as Record<string, unknown> | undefined) ?? {})) {
    if (!contentType.test(mediaType)) {
      differences.push({
        subject: "response headers",
        field: CONTENT_TYPE,
        aspect: "media type",
        ours: String(contentType.source),
        theirs: mediaType,
      });
    }
  }
  return differences;
}

function compareResponses(spec: OpenApi): Difference[] {
  const ours = ["200", ...Object.values(errorCases).map((c) => String(c.status))].sort();
  const theirs = Object.keys((operation(spec).responses as Record<string, unknown> | undefined) ?? {}).sort();
  return JSON.stringify(ours) === JSON.stringify(theirs)
    ? []
    : [{ subject: "responses", field: `GET ${API_PATH_PATTERN}`, aspect: "status codes", ours, theirs }];
}

// Read once: each comparison only reads from it.
let ourSchemas: OurSchemas | undefined;

/** Every difference between our schemas and the given OpenAPI description. */
export function compareWithOpenApi(spec: OpenApi): Difference[] {
  ourSchemas ??= new OurSchemas();
  const ours = ourSchemas;
  return [
    ...compareParticipant(ours, spec),
    ...compareVariant(ours, spec, "phone"),
    ...compareVariant(ours, spec, "messenger"),
    ...comparePathParameters(ours, spec),
    ...compareHeaders(ours, spec),
    ...compareResponses(spec),
  ];
}

/** A difference we keep on purpose: what Twilio's side says, and why ours differs. */
export interface Deliberate {
  subject: string;
  field: string;
  aspect: Aspect;
  /** Twilio's value: if Twilio changes it, the row no longer matches and the test says so. */
  theirs: unknown;
  reason: string;
}

const same = (d: Difference, row: Deliberate) =>
  d.subject === row.subject &&
  d.field === row.field &&
  d.aspect === row.aspect &&
  JSON.stringify(d.theirs) === JSON.stringify(row.theirs);

/** Splits the differences into the unexplained ones, and the table rows that no longer match anything. */
export function explain(
  differences: Difference[],
  deliberate: Deliberate[],
): { unexplained: Difference[]; stale: Deliberate[] } {
  return {
    unexplained: differences.filter((d) => !deliberate.some((row) => same(d, row))),
    stale: deliberate.filter((row) => !differences.some((d) => same(d, row))),
  };
}

const show = (value: unknown) => (value === undefined ? "nothing" : JSON.stringify(value));

export function formatDifference(d: Difference): string {
  return `${d.subject} ${d.field}: ${d.aspect} differs: ours ${show(d.ours)}, Twilio's OpenAPI ${show(d.theirs)}`;
}

export function formatStale(row: Deliberate): string {
  return `${row.subject} ${row.field}: ${row.aspect} is listed as deliberate (Twilio's OpenAPI ${show(row.theirs)}) but that difference is gone: remove the row or re-check why`;
}
