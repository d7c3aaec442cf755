/**
 * "This value, or null": what the reference says of every participant field, and what
 * Pact's JS DSL cannot say (its matchers reject null, and its rule builder drops
 * `combine`). The pact file format can: a rule list combined with OR, one of whose
 * matchers is `null`, which the verifier honours. So the committed pacts get that rule
 * for every field the schema lets be null, and a genuine provider that answers null
 * where the reference allows it is not flagged.
 */
import { type Located, resolveRef, schemaAt } from "./patterns.js";

type Schema = Record<string, unknown>;

interface RuleList {
  combine?: string;
  matchers: { match: string }[];
}

export interface PactLike {
  interactions?: {
    providerStates?: { name: string }[];
    response?: {
      status?: number;
      body?: { content?: unknown };
      matchingRules?: { body?: Record<string, RuleList> };
    };
  }[];
}

function allowsNull({ schema, file }: Located): boolean {
  const type = schema.type;
  if (type !== undefined) return type === "null" || (Array.isArray(type) && type.includes("null"));
  if (typeof schema.$ref === "string" && schema.$ref !== "#") return allowsNull(resolveRef(schema.$ref, file));
  return (
    Array.isArray(schema.anyOf) && (schema.anyOf as Schema[]).some((branch) => allowsNull({ schema: branch, file }))
  );
}

/** The participant's top-level fields that may be null, read from schemas/participant.schema.json. */
export function nullableFields(): string[] {
  const properties = schemaAt("participant.schema.json").schema.properties as Record<string, Schema>;
  return Object.entries(properties)
    .filter(([, schema]) => allowsNull({ schema, file: "participant.schema.json" }))
    .map(([field]) => field);
}

const NULLABLE = nullableFields();

/**
 * Adds "or null" to the rules of every nullable field of the 200 participant bodies: the
 * interactions whose provider state is one of `participantStates` (a pact may hold other
 * endpoints' interactions too, which are left alone).
 */
export function allowNulls<T extends PactLike>(pact: T, participantStates: readonly string[]): T {
  for (const interaction of pact.interactions ?? []) {
    const response = interaction.response;
    const content = response?.body?.content;
    const state = interaction.providerStates?.[0]?.name ?? "";
    if (response?.status !== 200 || !participantStates.includes(state)) continue;
    if (content === null || typeof content !== "object") continue;
    response.matchingRules ??= {};
    response.matchingRules.body ??= {};
    const rules = response.matchingRules.body;
    for (const field of NULLABLE.filter((f) => f in content)) {
      // The verifier applies an OR list to an object as if it were AND ("unable to match
      // using Null"), so `links` keeps its object rules: the reference never says it may be null.
      const example = (content as Record<string, unknown>)[field];
      if (example !== null && typeof example === "object") continue;
      const path = `$.${field}`;
      const existing = rules[path]?.matchers.filter((m) => m.match !== "null") ?? [{ match: "type" }];
      rules[path] = { combine: "OR", matchers: [...existing, { match: "null" }] };
    }
  }
  return pact;
}
