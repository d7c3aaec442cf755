/**
 * schemas/ on disk, and where each named validator's schema sits in it: read by
 * src/schemas.ts and by the validator generator (which cannot import src/schemas.ts, as
 * that module imports what it generates).
 */
import { readdirSync, readFileSync } from "node:fs";

export const SCHEMA_DIR = new URL("../../schemas/", import.meta.url);

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

export const SCHEMA_BASE = "https://twilio-proxy-contract.example/schemas/";

export const VALIDATOR_REFS = {
  participant: "participant.schema.json",
  phone: "participant.schema.json#/$defs/phone",
  messenger: "participant.schema.json#/$defs/messenger",
  strict: "participant.schema.json#/$defs/strict",
  error: "error.schema.json",
  notFound: "error.schema.json#/$defs/notFound",
  unauthorized: "error.schema.json#/$defs/unauthorized",
  tooManyRequests: "error.schema.json#/$defs/tooManyRequests",
  headers: "headers.schema.json",
  unauthorizedHeaders: "headers.schema.json#/$defs/unauthorized",
  fixtures: "fixtures.schema.json",
  pathParams: "path-params.schema.json",
  har: "har.schema.json",
  accountSid: "sid.schema.json#/$defs/AccountSid",
  serviceSid: "sid.schema.json#/$defs/ServiceSid",
  sessionSid: "sid.schema.json#/$defs/SessionSid",
  participantSid: "sid.schema.json#/$defs/ParticipantSid",
  phoneNumberSid: "sid.schema.json#/$defs/PhoneNumberSid",
  apiKeySid: "sid.schema.json#/$defs/ApiKeySid",
} as const;

export type SchemaName = keyof typeof VALIDATOR_REFS;
