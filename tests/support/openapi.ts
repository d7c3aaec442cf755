/**
 * Compares pacts with Twilio's own OpenAPI description of the Proxy API (shipped in
 * @twilio-alpha/mcp, a dev dependency, hence a test helper and not src/), after applying
 * schemas/openapi-errors.overlay.json: Twilio's file defines only the 200 response.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as comparatorModule from "@pactflow/openapi-pact-comparator";

type Json = Record<string, unknown>;

/** One finding, as the comparator reports it (the fields used here). */
export interface Result {
  code: string;
  message: string;
  type: "error" | "warning";
  mockDetails?: { interactionDescription?: string | null; location: string; value: unknown };
}

// The package's declarations re-export "./compare" without an extension, which TypeScript's
// nodenext resolution cannot follow, so its types arrive empty: these are its documented ones.
const { Comparator } = comparatorModule as unknown as {
  Comparator: new (openapi: Json) => { compare(pact: unknown): AsyncGenerator<Result> };
};

const require = createRequire(import.meta.url);

export const OVERLAY_URL = new URL("../../schemas/openapi-errors.overlay.json", import.meta.url);

export function loadTwilioProxyOpenApi(): Json {
  const path = require.resolve("@twilio-alpha/mcp/twilio-oai/spec/json/twilio_proxy_v1.json");
  return JSON.parse(readFileSync(path, "utf8"));
}

export function loadOverlay(): Json {
  return JSON.parse(readFileSync(OVERLAY_URL, "utf8"));
}

/**
 * The subset of JSONPath an overlay target needs here: `$`, then `.name` or `['name']`
 * segments. Anything else is refused rather than guessed at.
 */
export function targetSegments(target: string): string[] {
  const segments: string[] = [];
  const syntax = /\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  if (!target.startsWith("$")) throw new Error(`overlay target ${target} must start with $`);
  syntax.lastIndex = 1;
  while (syntax.lastIndex < target.length) {
    const match = syntax.exec(target);
    if (!match) throw new Error(`overlay target ${target}: unsupported syntax at ${syntax.lastIndex}`);
    segments.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return segments;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Overlay `update` semantics: objects merge recursively, anything else replaces. */
function merge(target: Json, update: Json): Json {
  const merged: Json = { ...target };
  for (const [key, value] of Object.entries(update)) {
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return merged;
}

/** Applies an OpenAPI Overlay 1.0 document's `update` actions to a copy of the description. */
export function applyOverlay(document: Json, overlay: Json): Json {
  let result = structuredClone(document);
  for (const action of (overlay.actions as Json[] | undefined) ?? []) {
    if (action.remove !== undefined || !isObject(action.update)) {
      throw new Error(`overlay action on ${String(action.target)}: only "update" with an object is supported`);
    }
    const segments = targetSegments(String(action.target));
    const apply = (node: unknown, rest: string[]): Json => {
      if (!isObject(node)) throw new Error(`overlay target ${String(action.target)} does not exist`);
      const [head, ...tail] = rest;
      if (head === undefined) return merge(node, action.update as Json);
      return { ...node, [head]: apply(node[head], tail) };
    };
    result = apply(result, segments);
  }
  return result;
}

/** Every finding (errors and warnings) the comparator reports for one pact. */
export async function compareWithOpenApi(openapi: Json, pact: unknown): Promise<Result[]> {
  const comparator = new Comparator(openapi);
  const results: Result[] = [];
  for await (const result of comparator.compare(pact)) results.push(result);
  return results;
}

/** `response.body.incompatible at [root].sid (a request for a phone participant): …`: a finding on one line. */
export function formatResult(result: Result): string {
  const where = result.mockDetails ? ` at ${result.mockDetails.location}` : "";
  const which = result.mockDetails?.interactionDescription ? ` (${result.mockDetails.interactionDescription})` : "";
  return `${result.code}${where}${which}: ${result.message}`;
}
