/** The library: everything the commands are built from, for suites that want to go further in code. */

export {
  InvalidParticipantRequestError,
  ParticipantClient,
  TransportError,
  TwilioApiError,
  UnexpectedResponseError,
} from "./client/participant-client.js";
export { PACT_CONSUMERS, PACT_PROVIDER, STATES, type VariantName, variants } from "./core/cases.js";
export { EnvironmentError, ExitCode } from "./core/errors.js";
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
export { isValid, type SchemaName, validate, validators } from "./schema/validate.js";
export {
  type BrokerVerification,
  type CheckResult,
  type Finding,
  PactWorker,
  type Report,
  type VerifyOptions,
  verify,
} from "./verify/index.js";
