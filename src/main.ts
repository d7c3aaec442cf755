/**
 * `npm start`: until the verifier lands, a self-check that every schema compiles in
 * strict mode and both of the reference's examples validate.
 */
import { exampleAccountSid, exampleRef, variants } from "./cases.js";
import { participantBody, TWILIO_PROXY_BASE_URL } from "./resource.js";
import { validate } from "./schemas.js";
import { formatViolation } from "./violation.js";

let failed = 0;
for (const variant of Object.values(variants)) {
  const body = participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, variant.traits);
  const problems = validate(variant.name, body);
  failed += problems.length;
  console.log(`${problems.length ? "FAIL" : "ok  "} ${variant.name} example`);
  for (const p of problems) console.log(`     ${formatViolation(p)}`);
}
process.exitCode = failed ? 1 : 0;
