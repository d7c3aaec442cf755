/** The library: everything the commands are built from, for suites that want to go further in code. */
export { PACT_CONSUMERS, PACT_PROVIDER, STATES, type VariantName, variants } from "./cases.js";
export {
  InvalidParticipantRequestError,
  ParticipantClient,
  TransportError,
  TwilioApiError,
  UnexpectedResponseError,
} from "./client.js";
export { EnvironmentError, ExitCode } from "./errors.js";
export { type Fixtures, loadFixtures, parseFixtures } from "./fixtures.js";
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
export { type ParticipantRef, participantBody, participantPath } from "./resource.js";
export { checkParticipantRules, type RuleContext } from "./rules.js";
export { isValid, type SchemaName, validate, validators } from "./schemas.js";
export type * from "./types.generated.js";
export {
  type BrokerVerification,
  type CheckResult,
  type Finding,
  PactWorker,
  type Report,
  type VerifyOptions,
  verify,
} from "./verify/index.js";
export { formatViolation, type Violation } from "./violation.js";
