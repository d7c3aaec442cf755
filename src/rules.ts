/**
 * The rules JSON Schema cannot express: they relate the body to the request that
 * produced it. Same error shape as the schema validators (Violation). A null value
 * is not checked here: where the reference allows null, the schema has already
 * accepted it and there is nothing to compare.
 */
import type { VariantName } from "./cases.js";
import { messageInteractionsUrl, type ParticipantRef, participantPath } from "./resource.js";
import { validate } from "./schemas.js";
import type { Participant } from "./types.generated.js";
import type { Violation } from "./violation.js";

export interface RuleContext {
  /** The SIDs in the requested path. */
  requested: ParticipantRef;
  /** The account whose credentials made the request; omitted when unknown. */
  accountSid?: string;
  /** The variant the caller expects; omitted to infer it from the identifier. */
  variant?: VariantName;
}

/** A messenger address says so; anything else is taken for a phone participant. */
export function inferVariant(body: Pick<Participant, "identifier">): VariantName {
  return typeof body.identifier === "string" && body.identifier.startsWith("messenger:") ? "messenger" : "phone";
}

function sameAs(field: keyof Participant, actual: unknown, expected: string, what: string): Violation[] {
  if (actual === null || actual === expected) return [];
  return [{ field, rule: `must equal ${what} ${expected}`, actual }];
}

function urlRules(body: Participant, requested: ParticipantRef): Violation[] {
  if (body.url === null) return [];
  let parsed: URL;
  try {
    parsed = new URL(body.url);
  } catch {
    return [{ field: "url", rule: "must be an absolute URL", actual: body.url }];
  }
  const expectedPath = participantPath(requested);
  const violations: Violation[] = [];
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    violations.push({ field: "url", rule: "must be an http(s) URL", actual: body.url });
  }
  if (parsed.pathname !== expectedPath || parsed.search !== "" || parsed.hash !== "") {
    violations.push({
      field: "url",
      rule: `must be the resource's own URL, with path ${expectedPath}`,
      actual: body.url,
    });
  }
  const links = body.links;
  if (links && links.message_interactions !== messageInteractionsUrl(body.url)) {
    violations.push({
      field: "links.message_interactions",
      rule: `must equal url + /MessageInteractions (${messageInteractionsUrl(body.url)})`,
      actual: links.message_interactions,
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
  return [
    ...sameAs("sid", body.sid, requested.participantSid, "the requested Sid"),
    ...sameAs("session_sid", body.session_sid, requested.sessionSid, "the requested SessionSid"),
    ...sameAs("service_sid", body.service_sid, requested.serviceSid, "the requested ServiceSid"),
    ...(accountSid ? sameAs("account_sid", body.account_sid, accountSid, "the caller's account") : []),
    ...urlRules(body, requested),
    ...variantRules(body, context.variant ?? inferVariant(body)),
  ];
}
