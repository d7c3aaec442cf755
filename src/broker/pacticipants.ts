/** The pacticipants this suite owns, as the broker commands default to them. */
import { PACT_CONSUMERS, PACT_PROVIDER } from "../core/cases.js";

export const OUR_PACTICIPANTS: string[] = [PACT_PROVIDER, ...Object.values(PACT_CONSUMERS)];
