/**
 * The API reference's two 200 examples, copied verbatim (tests must not read ../shared),
 * pass the schemas and the semantic rules; the case table's bodies match them; and the
 * semantic rules flag what a schema cannot see.
 */
import { expect } from "chai";
import { exampleAccountSid, exampleRef, type VariantName, variants } from "../../../src/core/cases.js";
import {
  messageInteractionsUrl,
  participantBody,
  participantPath,
  participantUrl,
  TWILIO_PROXY_BASE_URL,
} from "../../../src/core/resource.js";
import type { Participant } from "../../../src/core/types.generated.js";
import { formatViolation, type Violation } from "../../../src/core/violation.js";
import { checkParticipantRules, inferVariant, type RuleContext } from "../../../src/judge/rules.js";
import { validate } from "../../../src/schema/validate.js";

/** The reference's first example, verbatim. */
const PHONE_EXAMPLE = {
  sid: "KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  url: "https://proxy.twilio.com/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Sessions/KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants/KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  links: {
    message_interactions:
      "https://proxy.twilio.com/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Sessions/KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants/KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/MessageInteractions",
  },
  identifier: "+14155551212",
  account_sid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  service_sid: "KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  session_sid: "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  date_created: "2015-07-30T20:00:00Z",
  date_deleted: "2015-07-30T20:00:00Z",
  date_updated: "2015-07-30T20:00:00Z",
  friendly_name: "friendly_name",
  proxy_identifier: "+14155559999",
  proxy_identifier_sid: "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

/** The reference's second example, verbatim. */
const MESSENGER_EXAMPLE = {
  sid: "KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  url: "https://proxy.twilio.com/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Sessions/KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants/KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  links: {
    message_interactions:
      "https://proxy.twilio.com/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Sessions/KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants/KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/MessageInteractions",
  },
  identifier: "messenger:14155551212",
  account_sid: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  service_sid: "KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  session_sid: "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  date_created: "2015-07-30T20:00:00Z",
  date_deleted: "2015-07-30T20:00:00Z",
  date_updated: "2015-07-30T20:00:00Z",
  friendly_name: "a facebook user",
  proxy_identifier: "messenger:14155559999",
  proxy_identifier_sid: "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

const EXAMPLES: Record<VariantName, Participant> = { phone: PHONE_EXAMPLE, messenger: MESSENGER_EXAMPLE };
const OTHER: Record<VariantName, VariantName> = { phone: "messenger", messenger: "phone" };
const shown = (body: unknown, schema: Parameters<typeof validate>[0]) => validate(schema, body).map(formatViolation);

describe("the API reference's examples", () => {
  for (const name of ["phone", "messenger"] as const) {
    describe(`the ${name} example`, () => {
      const example = EXAMPLES[name];
      it("fits participant", () => expect(shown(example, "participant")).to.deep.equal([]));
      it("fits strict: it has no key beyond the schema's", () => expect(shown(example, "strict")).to.deep.equal([]));
      it(`fits ${name}`, () => expect(shown(example, name)).to.deep.equal([]));
      it(`is rejected by ${OTHER[name]}, on identifier and proxy_identifier`, () => {
        const fields = validate(OTHER[name], example).map((v) => v.field);
        expect(fields).to.have.members(["identifier", "proxy_identifier"]);
      });
      it("passes every semantic rule for its own path and account", () =>
        expect(
          checkParticipantRules(example, { requested: exampleRef, accountSid: exampleAccountSid, variant: name }),
        ).to.deep.equal([]));
      it("is inferred as its variant", () => expect(inferVariant(example)).to.equal(name));
    });

    describe(`participantBody(...) with variants.${name}.traits`, () => {
      const built = participantBody(TWILIO_PROXY_BASE_URL, exampleAccountSid, exampleRef, variants[name].traits);
      for (const schema of ["participant", "strict", name] as const) {
        it(`fits ${schema}`, () => expect(shown(built, schema)).to.deep.equal([]));
      }
      // The reference's examples are removed participants; the case table describes active ones.
      it("is the reference's example, but active (date_deleted null)", () =>
        expect(built).to.deep.equal({ ...EXAMPLES[name], date_deleted: null }));
    });
  }
});

/** A row of semantic rules: a body changed from a valid one, the context, and the fields flagged. */
interface RuleCase {
  name: string;
  body: Participant;
  context?: Partial<RuleContext>;
  /** Each flagged field with a substring of its rule and what it compared with; [] when the body must pass. */
  flagged: [field: string, rule: string, comparedWith?: Violation["comparedWith"]][];
  /** The schema rejects this body too: the rule is a second line of defence. */
  schemaRejects?: true;
}

const phone = EXAMPLES.phone;
const messenger = EXAMPLES.messenger;
const ownUrl = participantUrl(TWILIO_PROXY_BASE_URL, exampleRef);
const ownPath = participantPath(exampleRef);
const request = `GET ${ownPath}`;
const otherParticipant = participantUrl(TWILIO_PROXY_BASE_URL, {
  ...exampleRef,
  participantSid: `KP${"b".repeat(32)}`,
});
/** A body whose url is the given one and whose links follow it, so only the url itself is in question. */
const withUrl = (url: string): Participant => ({
  ...phone,
  url,
  links: { message_interactions: messageInteractionsUrl(url) },
});
const otherAccount = `AC${"b".repeat(32)}`;
const AS_WRITTEN = "absolute http(s) URL as a server writes it";
/** withUrl bends links too: both strings are then not in the form a server writes. */
const notAsWritten: RuleCase["flagged"] = [
  ["url", AS_WRITTEN],
  ["links.message_interactions", AS_WRITTEN],
];

const ruleCases: RuleCase[] = [
  { name: "the phone example as requested", body: phone, flagged: [] },
  { name: "the messenger example as requested", body: messenger, flagged: [] },
  {
    name: "sid differs from the requested Sid, and the rule names the request",
    body: { ...phone, sid: `KP${"b".repeat(32)}` },
    flagged: [["sid", `the requested Sid ${exampleRef.participantSid} of ${request}`, "request"]],
  },
  {
    name: "session_sid differs from the requested SessionSid",
    body: { ...phone, session_sid: `KC${"b".repeat(32)}` },
    flagged: [["session_sid", `requested SessionSid ${exampleRef.sessionSid} of ${request}`, "request"]],
  },
  {
    name: "service_sid differs from the requested ServiceSid",
    body: { ...phone, service_sid: `KS${"b".repeat(32)}` },
    flagged: [["service_sid", `requested ServiceSid ${exampleRef.serviceSid} of ${request}`, "request"]],
  },
  {
    name: "account_sid differs from the caller's account",
    body: phone,
    context: { accountSid: otherAccount },
    flagged: [["account_sid", `the account ${otherAccount} whose credentials made ${request}`, "caller"]],
  },
  {
    name: "account_sid not checked when the caller's account is unknown",
    body: { ...phone, account_sid: otherAccount },
    flagged: [],
  },
  {
    name: "url on another host (a local provider) is fine",
    body: withUrl(participantUrl("http://127.0.0.1:3000", exampleRef)),
    flagged: [],
  },
  { name: "url on an IPv6 host is fine", body: withUrl(`http://[::1]:3000${ownPath}`), flagged: [] },
  {
    name: "url of another participant",
    body: withUrl(otherParticipant),
    flagged: [["url", `the URL of the participant ${request} asked for`, "request"]],
  },
  {
    name: "url with a query string",
    body: withUrl(`${ownUrl}?Page=1`),
    flagged: [["url", "the URL of the participant", "request"]],
  },
  // Forms a URL parser repairs: compared as strings, they are not the resource's URL as a server writes it.
  {
    name: "url with an empty query (new URL() reports no search)",
    body: withUrl(`${ownUrl}?`),
    flagged: [["url", "the URL of the participant", "request"]],
  },
  {
    name: "url with a /./ segment (new URL() removes it)",
    body: withUrl(ownUrl.replace("/Sessions", "/./Sessions")),
    flagged: [["url", "the URL of the participant", "request"]],
  },
  {
    name: "url with one slash (https:/host)",
    body: withUrl(`https:/proxy.twilio.com${ownPath}`),
    flagged: notAsWritten,
  },
  {
    name: "url with no slashes (https:host)",
    body: withUrl(`https:proxy.twilio.com${ownPath}`),
    flagged: notAsWritten,
  },
  { name: "url with three slashes", body: withUrl(`https:///proxy.twilio.com${ownPath}`), flagged: notAsWritten },
  { name: "url with an upper-case scheme", body: withUrl(ownUrl.replace("https:", "HTTPS:")), flagged: notAsWritten },
  { name: "url with user info", body: withUrl(`https://u:p@proxy.twilio.com${ownPath}`), flagged: notAsWritten },
  { name: "url with an empty port", body: withUrl(`https://proxy.twilio.com:${ownPath}`), flagged: notAsWritten },
  {
    name: "url relative",
    body: withUrl(ownPath),
    flagged: notAsWritten,
    schemaRejects: true,
  },
  { name: "url with a non-http scheme", body: withUrl(ownUrl.replace("https:", "ftp:")), flagged: notAsWritten },
  {
    name: "links.message_interactions without /MessageInteractions",
    body: { ...phone, links: { message_interactions: ownUrl } },
    flagged: [["links.message_interactions", "url + /MessageInteractions", "field"]],
  },
  {
    name: "links.message_interactions on another host than url",
    body: {
      ...phone,
      links: { message_interactions: messageInteractionsUrl(participantUrl("https://example.com", exampleRef)) },
    },
    flagged: [["links.message_interactions", "url + /MessageInteractions", "field"]],
  },
  { name: "links null is not compared", body: { ...phone, links: null }, flagged: [] },
  {
    name: "url null: links.message_interactions is still the requested participant's, on any host",
    body: {
      ...phone,
      url: null,
      links: { message_interactions: messageInteractionsUrl(`http://127.0.0.1:3000${ownPath}`) },
    },
    flagged: [],
  },
  {
    name: "url null: links.message_interactions of another participant is flagged against the request",
    body: { ...phone, url: null, links: { message_interactions: messageInteractionsUrl(otherParticipant) } },
    flagged: [
      ["links.message_interactions", `the MessageInteractions URL of the participant ${request} asked for`, "request"],
    ],
  },
  {
    name: "url null: links.message_interactions in a repaired form is flagged",
    body: { ...phone, url: null, links: { message_interactions: messageInteractionsUrl(`https:/x${ownPath}`) } },
    flagged: [["links.message_interactions", AS_WRITTEN]],
  },
  {
    name: "null SIDs, url and links are skipped",
    body: { ...phone, sid: null, session_sid: null, service_sid: null, account_sid: null, url: null, links: null },
    context: { accountSid: otherAccount },
    flagged: [],
  },
  {
    name: "a messenger body where a phone participant is expected",
    body: messenger,
    context: { variant: "phone" },
    flagged: [
      ["identifier", "(phone participant)"],
      ["proxy_identifier", "(phone participant)"],
    ],
  },
  {
    name: "a phone body where a messenger participant is expected",
    body: phone,
    context: { variant: "messenger" },
    flagged: [
      ["identifier", "(messenger participant)"],
      ["proxy_identifier", "(messenger participant)"],
    ],
  },
  {
    name: "variant inferred as phone: a messenger proxy_identifier is flagged",
    body: { ...phone, proxy_identifier: "messenger:14155559999" },
    flagged: [["proxy_identifier", "(phone participant)"]],
  },
  {
    name: "variant inferred as messenger: a phone proxy_identifier is flagged",
    body: { ...messenger, proxy_identifier: "+14155559999" },
    flagged: [["proxy_identifier", "(messenger participant)"]],
  },
  {
    name: "variant inferred: a short code proxy for a phone participant is fine",
    body: { ...phone, proxy_identifier: "89898" },
    flagged: [],
  },
];

describe("src/rules.ts checkParticipantRules", () => {
  for (const row of ruleCases) {
    it(row.name, () => {
      // The rules only ever see bodies the schema accepted; a row that breaks this says so.
      const schemaProblems = shown(row.body, "participant");
      if (row.schemaRejects) expect(schemaProblems, "the schema should reject this body too").not.to.deep.equal([]);
      else expect(schemaProblems, "the row's body must fit the schema").to.deep.equal([]);
      const found = checkParticipantRules(row.body, { requested: exampleRef, ...row.context });
      const report = found.map(formatViolation).join("; ");
      expect(found.map((v) => v.field).sort(), report).to.deep.equal(row.flagged.map(([field]) => field).sort());
      for (const [field, rule, comparedWith] of row.flagged) {
        const violation = found.find((v) => v.field === field);
        expect(violation?.rule, report).to.include(rule);
        // What a rule compares with is data: the layer-agreement test reads it, no text matching.
        expect(violation?.comparedWith, `${field} compared with`).to.equal(comparedWith);
      }
    });
  }
});
