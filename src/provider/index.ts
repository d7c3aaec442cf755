/** The reference provider: what `npm start` verifies, and what the mutation test breaks. */
export type {
  AuthVerdict,
  Mutation,
  ProviderResponse,
  RequestContext,
  Route,
  StoredParticipant,
} from "./mutation.js";
export { defaultFixtures, deriveSid, neighbourFixtures, unknownParticipantRef } from "./seed.js";
export { CORS_HEADERS, createProvider, type ProviderOptions, type RunningProvider, startProvider } from "./server.js";
export { PROVIDER_STATES_PATH } from "./states.js";
export { MAX_CREATED_PARTICIPANTS } from "./store.js";
