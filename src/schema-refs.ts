/** Where each named validator's schema sits in schemas/: read by src/schemas.ts and the validator generator. */
export const SCHEMA_BASE = "https://twilio-proxy-contract.example/schemas/";

export const VALIDATOR_REFS = {
  participant: "participant.schema.json",
  phone: "participant.schema.json#/$defs/phone",
  messenger: "participant.schema.json#/$defs/messenger",
  strict: "participant.schema.json#/$defs/strict",
  error: "error.schema.json",
  notFound: "error.schema.json#/$defs/notFound",
  unauthorized: "error.schema.json#/$defs/unauthorized",
  headers: "headers.schema.json",
  fixtures: "fixtures.schema.json",
  pathParams: "path-params.schema.json",
  accountSid: "sid.schema.json#/$defs/AccountSid",
  serviceSid: "sid.schema.json#/$defs/ServiceSid",
  sessionSid: "sid.schema.json#/$defs/SessionSid",
  participantSid: "sid.schema.json#/$defs/ParticipantSid",
  phoneNumberSid: "sid.schema.json#/$defs/PhoneNumberSid",
} as const;

export type SchemaName = keyof typeof VALIDATOR_REFS;
