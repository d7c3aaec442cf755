/**
 * How the resource and its URLs are built from SIDs: one place for the path template,
 * the canonical URL, the links, and Twilio's error bodies. The reference provider,
 * the consumer client, the semantic rules and the pact generator all build through it.
 */
import type { Participant, TwilioError } from "./types.generated.js";

export const API_PATH_PATTERN = "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{Sid}";
export const TWILIO_PROXY_BASE_URL = "https://proxy.twilio.com";

/** The three SIDs that name one participant. */
export interface ParticipantRef {
  serviceSid: string;
  sessionSid: string;
  participantSid: string;
}

export function participantPath(ref: ParticipantRef): string {
  return `/v1/Services/${ref.serviceSid}/Sessions/${ref.sessionSid}/Participants/${ref.participantSid}`;
}

/** Matches a participant path and captures the three SID segments, whatever they hold. */
export const PARTICIPANT_PATH_REGEX = /^\/v1\/Services\/([^/]+)\/Sessions\/([^/]+)\/Participants\/([^/]+)$/;

export function parseParticipantPath(pathname: string): ParticipantRef | undefined {
  const match = PARTICIPANT_PATH_REGEX.exec(pathname);
  if (!match) return undefined;
  const [, serviceSid = "", sessionSid = "", participantSid = ""] = match;
  return { serviceSid, sessionSid, participantSid };
}

export function participantUrl(baseUrl: string, ref: ParticipantRef): string {
  return new URL(participantPath(ref), baseUrl).toString();
}

export function messageInteractionsUrl(url: string): string {
  return `${url}/MessageInteractions`;
}

/** What varies between two participants of the same session: who they are and how they are reached. */
export interface ParticipantTraits {
  friendlyName: string | null;
  identifier: string;
  proxyIdentifier: string;
  proxyIdentifierSid: string;
  dateCreated: string;
  dateUpdated: string;
  dateDeleted: string | null;
}

/** The resource body as Twilio would send it, with URLs on the given base URL. */
export function participantBody(
  baseUrl: string,
  accountSid: string,
  ref: ParticipantRef,
  traits: ParticipantTraits,
): Participant {
  const url = participantUrl(baseUrl, ref);
  return {
    sid: ref.participantSid,
    session_sid: ref.sessionSid,
    service_sid: ref.serviceSid,
    account_sid: accountSid,
    friendly_name: traits.friendlyName,
    identifier: traits.identifier,
    proxy_identifier: traits.proxyIdentifier,
    proxy_identifier_sid: traits.proxyIdentifierSid,
    date_deleted: traits.dateDeleted,
    date_created: traits.dateCreated,
    date_updated: traits.dateUpdated,
    url,
    links: { message_interactions: messageInteractionsUrl(url) },
  };
}

/** Twilio's 404 body, naming the path that was asked for. */
export function notFoundError(path: string): TwilioError {
  return {
    code: 20404,
    message: `The requested resource ${path} was not found`,
    more_info: "https://www.twilio.com/docs/errors/20404",
    status: 404,
  };
}

/** Twilio's 401 body for missing or wrong credentials. */
export function unauthorizedError(): TwilioError {
  return {
    code: 20003,
    message: "Authenticate",
    more_info: "https://www.twilio.com/docs/errors/20003",
    status: 401,
  };
}
