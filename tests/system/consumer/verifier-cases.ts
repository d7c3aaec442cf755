/**
 * The cases of verifier.test.ts: genuine providers the committed client pact must pass, and
 * broken ones it must fail at the named field. Shared by the test (names, fields) and the
 * child process that runs pact-js's Verifier (shapes).
 */
import type { Participant } from "../../../src/core/types.generated.js";
import { nullableFields } from "../../../src/pact/nullable.js";

/** How a tiny provider bends its 200 bodies. */
export type Shape = (body: Participant) => Record<string, unknown>;

export interface VerifierCase {
  name: string;
  shape: Shape;
  contentType?: string;
  /** Set for a broken provider: the field the verifier must report. */
  field?: string;
}

export const GENUINE: VerifierCase[] = [
  {
    name: "an active participant without a name (date_deleted: null, friendly_name: null)",
    shape: (body) => ({ ...body, date_deleted: null, friendly_name: null }),
  },
  {
    name: "a removed, named participant; +00:00, fractional seconds; a short code; a charset; an extra field",
    shape: (body) => ({
      ...body,
      capabilities: { voice: true },
      date_deleted: "2016-01-01T00:00:00.5+00:00",
      date_created: "2015-07-30T20:00:00.123456Z",
      date_updated: "2015-07-30T20:00:00+00:00",
      friendly_name: "a name",
      ...(body.identifier?.startsWith("+") ? { proxy_identifier: "55512" } : {}),
    }),
    contentType: "application/json; charset=utf-8",
  },
  {
    name: "null in every scalar field the reference allows to be null (everything but the object links)",
    shape: (body) => ({ ...Object.fromEntries(nullableFields().map((f) => [f, null])), links: body.links }),
  },
];

export const BROKEN: (VerifierCase & { field: string })[] = [
  { name: "a sid with prefix KX", shape: (body) => ({ ...body, sid: `KX${"3".repeat(32)}` }), field: "$.sid" },
  {
    name: "a friendly_name of 256 characters",
    shape: (body) => ({ ...body, friendly_name: "n".repeat(256) }),
    field: "$.friendly_name",
  },
  {
    name: "a date_created outside GMT",
    shape: (body) => ({ ...body, date_created: "2015-07-30T13:00:00-07:00" }),
    field: "$.date_created",
  },
  {
    name: "links null (Pact cannot say 'object or null')",
    shape: (body) => ({ ...body, links: null }),
    field: "$.links",
  },
];
