/** The reference provider: what `npm start` verifies, and what the mutation test breaks. */

export { STATE_SETUP_PATH } from "../core/resource.js";
export type {
  AuthVerdict,
  BasicCredentials,
  Delivery,
  Mutation,
  ProviderResponse,
  RequestContext,
  Route,
  StoredParticipant,
} from "./hooks.js";
export { defaultFixtures, derivedParticipants, deriveSid } from "./seed.js";
export {
  acceptsGzip,
  CORS_HEADERS,
  createProvider,
  type ProviderOptions,
  type RunningProvider,
  startProvider,
} from "./server.js";
export { MAX_CREATED_PARTICIPANTS } from "./store.js";
export { PROVIDER_ERRORS, type ProviderErrorName } from "./twilio-errors.js";
