/** The library: everything the commands are built from, for suites that want to go further in code. */

import { type ExplainedReport, explained } from "./report/json.js";
import { verify as run, type VerifyOptions } from "./verify/index.js";

export {
  type FetchParticipantParams,
  InvalidParticipantRequestError,
  ParticipantClient,
  TransportError,
  TwilioApiError,
  UnexpectedResponseError,
} from "./client/participant-client.js";
export { PACT_CONSUMERS, PACT_PROVIDER, STATES, type VariantName, variants } from "./core/cases.js";
export { EnvironmentError, ExitCode } from "./core/errors.js";
export type { Cause } from "./core/findings.js";
export { type ParticipantRef, participantBody, participantPath } from "./core/resource.js";
export type * from "./core/types.generated.js";
export { formatViolation, type Violation } from "./core/violation.js";
export { checkParticipantRules, type RuleContext } from "./judge/rules.js";
export { type Fixtures, loadFixtures, parseFixtures } from "./net/fixtures.js";
export { NoAnswerError, type TransportFailureKind } from "./net/reader.js";
export {
  addParticipantInteraction,
  type ContractInteraction,
  completePact,
  completePactFile,
  type InteractionName,
  type PactMatcher,
  participantContract,
} from "./pact/kit.js";
export { defaultFixtures, type Mutation, startProvider } from "./provider/index.js";
export type { Summary } from "./report/format.js";
export type { ExplainedReport } from "./report/json.js";
export { isValid, type SchemaName, validate, validators } from "./schema/validate.js";
export {
  type BrokerVerification,
  type CheckResult,
  type Finding,
  PactWorker,
  type Report,
  type VerifyOptions,
} from "./verify/index.js";

/**
 * Every check against one running implementation, answered as the JSON report holds it:
 * the checks, their `causes` (each failed check's `cause`) and the `summary`, computed by
 * the same function the JSON report uses. Throws an EnvironmentError on an environment
 * problem (a NoAnswerError when the implementation does not answer).
 */
export async function verify(options: VerifyOptions): Promise<ExplainedReport> {
  return explained(await run(options));
}
