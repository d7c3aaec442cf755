/**
 * How the resource and its URLs are built from SIDs: one place for the path template,
 * the canonical URL, the links, and Twilio's error bodies. The reference provider,
 * the consumer client, the semantic rules and the pact generator all build through it.
 */
import type { Participant, TwilioError } from "./types.generated.js";

export const API_PATH_PATTERN = "/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{Sid}";
export const TWILIO_PROXY_BASE_URL = "https://proxy.twilio.com";

/**
 * The state setup endpoint's path (Pact's convention: `POST {state, params, action}`), where
 * the reference provider serves it and where the pact phase's proxy takes the verifier's
 * calls. Users name their own with `--state-setup-url`.
 */
export const STATE_SETUP_PATH = "/_pact/provider-states";

/** The three SIDs that name one participant. */
export interface ParticipantRef {
  serviceSid: string;
  sessionSid: string;
  participantSid: string;
}

/**
 * The one map between the spellings of a participant's three SIDs: the reference's key
 * (`serviceSid`), the path parameter of path-params.schema.json (`ServiceSid`), the word for
 * its segment (`service`) and the SID prefix.
 */
export const REF_PARTS = [
  { key: "serviceSid", pathParam: "ServiceSid", segment: "service", prefix: "KS" },
  { key: "sessionSid", pathParam: "SessionSid", segment: "session", prefix: "KC" },
  { key: "participantSid", pathParam: "Sid", segment: "participant", prefix: "KP" },
] as const;

export type RefPart = (typeof REF_PARTS)[number];
export type PathParams = Record<RefPart["pathParam"], string>;

/** The reference under path-params.schema.json's names. */
export function pathParamsOf(ref: ParticipantRef): PathParams {
  return Object.fromEntries(REF_PARTS.map((p) => [p.pathParam, ref[p.key]])) as PathParams;
}

/** The part a path parameter's name (`ServiceSid`) stands for, if it is one. */
export function partOfPathParam(name: string): RefPart | undefined {
  return REF_PARTS.find((p) => p.pathParam === name);
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

const HEX16 = "[0-9A-Fa-f]{1,4}";
const DEC_OCTET = "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)";
const IPV4 = `(?:${DEC_OCTET}\\.){3}${DEC_OCTET}`;
const LS32 = `(?:${HEX16}:${HEX16}|${IPV4})`;
const h16s = (min: number, max = min) => `(?:${HEX16}:){${min === max ? min : `${min},${max}`}}`;
/** RFC 3986's IPv6address, alternative by alternative, as ajv-formats' `uri` writes it. */
const IPV6 = [
  `(?:${h16s(6)}|::${h16s(5)}|(?:${HEX16})?::${h16s(4)}|(?:${h16s(0, 1)}${HEX16})?::${h16s(3)}|(?:${h16s(0, 2)}${HEX16})?::${h16s(2)}|(?:${h16s(0, 3)}${HEX16})?::${HEX16}:|(?:${h16s(0, 4)}${HEX16})?::)${LS32}`,
  `(?:${h16s(0, 5)}${HEX16})?::${HEX16}`,
  `(?:${h16s(0, 6)}${HEX16})?::`,
].join("|");
/** Class contents; a hyphen goes last in each class, where it cannot start a range. */
const UNRESERVED_OR_SUB_DELIM = "A-Za-z0-9._~!$&'()*+,;=";
const IP_FUTURE = `[Vv][0-9A-Fa-f]+\\.[${UNRESERVED_OR_SUB_DELIM}:-]+`;
/** RFC 3986's reg-name, not empty: unreserved characters, sub-delimiters and %-escapes (ASCII only). */
const REG_NAME = `(?:[${UNRESERVED_OR_SUB_DELIM}-]|%[0-9A-Fa-f]{2})+`;

/**
 * The origin a resource URL starts with, as a server writes it: `http` or `https` in
 * lower case, `://`, a host in the syntax the schemas' `uri` format (RFC 3986) accepts (a
 * registered name or a bracketed IP literal, never empty), an optional port of digits; no
 * user info. Nothing a URL parser would have to repair (`https:/host`, `https:host`, an
 * empty port). A regex source in ASCII classes and without look-around, unanchored: the
 * semantic rules (src/rules.ts) and the Pact matchers (run by Rust's regex engine) embed it.
 */
export const HTTP_ORIGIN_PATTERN = `https?://(?:${REG_NAME}|\\[(?:${IPV6}|${IP_FUTURE})\\])(?::[0-9]+)?`;

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
