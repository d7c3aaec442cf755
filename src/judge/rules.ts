/**
 * The rules JSON Schema cannot express: they relate the body to the request that
 * produced it. Same error shape as the schema validators (Violation). A null value
 * is not checked here: where the reference allows null, the schema has already
 * accepted it and there is nothing to compare.
 */
import type { VariantName } from "../core/cases.js";
import { HTTP_ORIGIN_PATTERN, messageInteractionsUrl, type ParticipantRef, participantPath } from "../core/resource.js";
import type { Participant } from "../core/types.generated.js";
import type { Violation } from "../core/violation.js";
import { compareInstants, instantOf } from "../schema/formats.js";
import { validate } from "../schema/validate.js";

export interface RuleContext {
  /** The SIDs in the requested path. */
  requested: ParticipantRef;
  /** The account whose credentials made the request; omitted when unknown. */
  accountSid?: string;
  /** The variant the caller expects; omitted to infer it from the identifier. */
  variant?: VariantName;
  /**
   * The origin under test (scheme://host:port), when the body came from an implementation
   * answering there: its resource URLs may be on that origin, whatever its scheme; on any
   * other origin they must be https, as Twilio serves only https. Omitted: any http(s) origin.
   */
  origin?: string;
}

/** A messenger address says so; anything else is taken for a phone participant. */
export function inferVariant(body: Pick<Participant, "identifier">): VariantName {
  return typeof body.identifier === "string" && body.identifier.startsWith("messenger:") ? "messenger" : "phone";
}

const ORIGIN = new RegExp(`^${HTTP_ORIGIN_PATTERN}`);

/** `GET /v1/Services/KS…/Sessions/KC…/Participants/KP…`: the request a rule compares with, as its text names it. */
function requestOf(requested: ParticipantRef): string {
  return `GET ${participantPath(requested)}`;
}

function sameAs(
  field: keyof Participant,
  actual: unknown,
  expected: string,
  what: string,
  comparedWith: Violation["comparedWith"],
): Violation[] {
  if (actual === null || actual === expected) return [];
  return [{ field, rule: `must equal ${what}`, actual, comparedWith }];
}

/**
 * The path of a resource URL, read as a string in the form a server writes it (an http(s)
 * origin, then the path; nothing a URL parser would have to repair), or the violation
 * that says it is not in that form. Parsing it first would hide what a consumer comparing
 * strings trips over.
 */
function urlPathOf(field: string, value: string): { path: string } | { violation: Violation } {
  const origin = ORIGIN.exec(value)?.[0];
  if (origin === undefined || !value.startsWith("/", origin.length)) {
    return {
      violation: {
        field,
        rule: "must be an absolute http(s) URL as a server writes it: http(s)://, a host, an optional port, then the path",
        actual: value,
      },
    };
  }
  return { path: value.slice(origin.length) };
}

/** The origin as URL parsing normalises it (case of scheme and host, a default port), or undefined. */
function normalOrigin(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}

/**
 * A resource URL served by Twilio is https; an implementation under test may serve its own
 * origin over http (a local fake, a gateway behind TLS termination), but a plain-http URL
 * anywhere else points a consumer at a host that is not the one it asked.
 */
function schemeRule(field: string, value: string, origin: string | undefined): Violation[] {
  const written = ORIGIN.exec(value)?.[0];
  if (origin === undefined || written === undefined || written.startsWith("https://")) return [];
  if (normalOrigin(written) === normalOrigin(origin)) return [];
  return [
    {
      field,
      rule: `must be an https URL (Twilio serves only https), unless on the origin under test ${origin}`,
      actual: value,
      comparedWith: "request",
    },
  ];
}

/**
 * proxy_identifier is "the phone number or short code (masked number) of the participant's
 * partner": the participant's own identifier there would route its calls back to itself.
 */
function proxyIdentifierRule(body: Participant): Violation[] {
  const { identifier, proxy_identifier: proxy } = body;
  if (typeof identifier !== "string" || proxy !== identifier) return [];
  return [
    {
      field: "proxy_identifier",
      rule: "must differ from identifier: it is the masked number of the participant's partner, not the participant's own",
      actual: proxy,
      comparedWith: "field",
    },
  ];
}

/**
 * The dates in the order their meaning gives them: a participant is updated no earlier than
 * it was created, and removed no earlier than it was created. Equal is fine: the reference's
 * own examples give all three the same instant. An ORM's zero date (`0001-01-01T00:00:00Z`)
 * where null is meant is well-formed and caught here. Instants are compared, offsets
 * applied; a date the schema refused, or null, is not compared.
 */
function dateRules(body: Participant): Violation[] {
  const created = typeof body.date_created === "string" ? instantOf(body.date_created) : undefined;
  if (!created) return [];
  const notBefore = (field: "date_updated" | "date_deleted", rule: string): Violation[] => {
    const value = body[field];
    const instant = typeof value === "string" ? instantOf(value) : undefined;
    if (!instant || compareInstants(instant, created) >= 0) return [];
    return [{ field, rule, actual: value, comparedWith: "field" }];
  };
  return [
    ...notBefore(
      "date_updated",
      `must not be before date_created (${body.date_created}): a participant is updated after it is created`,
    ),
    ...notBefore(
      "date_deleted",
      `must be null or not before date_created (${body.date_created}): a participant is removed after it is created`,
    ),
  ];
}

function urlRules(body: Participant, requested: ParticipantRef, origin?: string): Violation[] {
  const path = participantPath(requested);
  const request = requestOf(requested);
  const violations: Violation[] = [];
  if (body.url !== null) {
    const url = urlPathOf("url", body.url);
    if ("violation" in url) violations.push(url.violation);
    else if (url.path !== path) {
      violations.push({
        field: "url",
        rule: `must be the URL of the participant ${request} asked for: any origin, then ${path}`,
        actual: body.url,
        comparedWith: "request",
      });
    } else violations.push(...schemeRule("url", body.url, origin));
  }
  const field = "links.message_interactions";
  const link = body.links?.message_interactions;
  if (typeof link !== "string") return violations;
  const linked = urlPathOf(field, link);
  if ("violation" in linked) return [...violations, linked.violation];
  // With url present the link must equal url + /MessageInteractions: url's scheme is judged once, there.
  if (body.url === null) violations.push(...schemeRule(field, link, origin));
  if (body.url !== null) {
    // The resource's links live where the resource does: on url's own origin.
    const expected = messageInteractionsUrl(body.url);
    if (link !== expected) {
      violations.push({
        field,
        rule: `must equal url + /MessageInteractions (${expected})`,
        actual: link,
        comparedWith: "field",
      });
    }
  } else if (linked.path !== messageInteractionsUrl(path)) {
    violations.push({
      field,
      rule: `must be the MessageInteractions URL of the participant ${request} asked for: any origin, then ${messageInteractionsUrl(path)}`,
      actual: link,
      comparedWith: "request",
    });
  }
  return violations;
}

/** Only the identifier fields: the variant schema also repeats the resource's own checks. */
function variantRules(body: Participant, variant: VariantName): Violation[] {
  return validate(variant, body)
    .filter((v) => v.field === "identifier" || v.field === "proxy_identifier")
    .map((v) => ({ ...v, rule: `${v.rule} (${variant} participant)` }));
}

/** Checks a body that already passed the participant schema against the request that produced it. */
export function checkParticipantRules(body: Participant, context: RuleContext): Violation[] {
  const { requested, accountSid } = context;
  const request = requestOf(requested);
  return [
    ...sameAs(
      "sid",
      body.sid,
      requested.participantSid,
      `the requested Sid ${requested.participantSid} of ${request}`,
      "request",
    ),
    ...sameAs(
      "session_sid",
      body.session_sid,
      requested.sessionSid,
      `the requested SessionSid ${requested.sessionSid} of ${request}`,
      "request",
    ),
    ...sameAs(
      "service_sid",
      body.service_sid,
      requested.serviceSid,
      `the requested ServiceSid ${requested.serviceSid} of ${request}`,
      "request",
    ),
    ...(accountSid
      ? sameAs(
          "account_sid",
          body.account_sid,
          accountSid,
          `the account ${accountSid} whose credentials made ${request}`,
          "caller",
        )
      : []),
    ...urlRules(body, requested, context.origin),
    ...proxyIdentifierRule(body),
    ...dateRules(body),
    ...variantRules(body, context.variant ?? inferVariant(body)),
  ];
}
