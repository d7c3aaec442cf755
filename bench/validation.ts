/**
 * Validating a participant body with the compiled validators, against JSON.parse of
 * the same bytes: the cheapest thing anyone does with a response.
 */
import { exampleAccountSid, exampleRef, variants } from "../src/cases.js";
import { participantBody, TWILIO_PROXY_BASE_URL } from "../src/resource.js";
import { validators } from "../src/schemas.js";
import { costRatio, opsPerSecond } from "./measure.js";

export interface ValidationFigures {
  parseOps: number;
  validateOps: Record<string, number>;
  /** validate time / parse time for the participant schema: goal ≤ 1. */
  ratio: number;
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
  const validate = validators.participant;
  const ratio = costRatio(
    () => {
      sink += validate(body) ? 1 : 0;
    },
    () => {
      sink += (JSON.parse(text) as { sid: string }).sid.length;
    },
  );
  if (sink === 0) throw new Error("the benchmark loops were optimised away");
  return { parseOps, validateOps, ratio };
}
