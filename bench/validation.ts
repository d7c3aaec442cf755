/**
 * What validating a participant body costs with the generated validators (all errors
 * collected, ajv-formats' full `uri` check, our RFC 3339 `date-time`). Informational: a
 * run validates a few dozen bodies, so no goal rides on it; it shows that no fast path
 * is needed (src/formats.ts has none).
 */
import { exampleAccountSid, exampleRef, variants } from "../src/core/cases.js";
import { participantBody, TWILIO_PROXY_BASE_URL } from "../src/core/resource.js";
import { validators } from "../src/schema/validate.js";
import { opsPerSecond } from "./measure.js";

export interface ValidationFigures {
  parseOps: number;
  validateOps: Record<string, number>;
  /** Microseconds to validate one participant body. */
  microsecondsPerBody: number;
}

export function benchValidation(): ValidationFigures {
  const body = participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, variants.phone.traits);
  const text = JSON.stringify(body);
  let sink = 0;
  const parseOps = opsPerSecond(() => {
    sink += (JSON.parse(text) as { sid: string }).sid.length;
  });
  const validateOps: Record<string, number> = {};
  for (const name of ["participant", "phone", "strict"] as const) {
    const validate = validators[name];
    validateOps[name] = opsPerSecond(() => {
      sink += validate(body) ? 1 : 0;
    });
  }
  if (sink === 0) throw new Error("the benchmark loops were optimised away");
  return { parseOps, validateOps, microsecondsPerBody: 1e6 / (validateOps.participant ?? 1) };
}
