/**
 * The provider's error answers, in Twilio's shape (`{code, message, more_info,
 * status}`), for every way a request can be wrong before the resource is even looked
 * for. The 401 and 404 of the resource itself come from src/resource.ts, as every
 * layer builds them. Twilio's catalogue has 20001 for a bad request, 20004 for a
 * method not allowed and 20500 for its own failures; the statuses it does not
 * document for this API (413, 417, 431, 408) carry 20001 with the status that says
 * what HTTP means.
 */
import type { TwilioError } from "../core/types.generated.js";

export type ProviderErrorName =
  | "badRequest"
  | "methodNotAllowed"
  | "requestTimeout"
  | "payloadTooLarge"
  | "expectationFailed"
  | "headersTooLarge"
  | "internal";

interface ErrorRow {
  status: number;
  code: number;
  reason: string;
  message: string;
}

export const PROVIDER_ERRORS: Readonly<Record<ProviderErrorName, ErrorRow>> = {
  badRequest: { status: 400, code: 20001, reason: "Bad Request", message: "Bad request" },
  methodNotAllowed: { status: 405, code: 20004, reason: "Method Not Allowed", message: "Method not allowed" },
  requestTimeout: { status: 408, code: 20001, reason: "Request Timeout", message: "The request took too long" },
  payloadTooLarge: { status: 413, code: 20001, reason: "Payload Too Large", message: "The request body is too large" },
  expectationFailed: {
    status: 417,
    code: 20001,
    reason: "Expectation Failed",
    message: "Only Expect: 100-continue is supported",
  },
  headersTooLarge: {
    status: 431,
    code: 20001,
    reason: "Request Header Fields Too Large",
    message: "The request line or headers are too large",
  },
  internal: { status: 500, code: 20500, reason: "Internal Server Error", message: "Internal Server Error" },
};

/** The error body for a row, with a message of the caller's own when the row's is too vague. */
export function providerError(name: ProviderErrorName, message?: string): TwilioError {
  const row = PROVIDER_ERRORS[name];
  return {
    code: row.code,
    message: message ?? row.message,
    more_info: `https://www.twilio.com/docs/errors/${row.code}`,
    status: row.status,
  };
}
