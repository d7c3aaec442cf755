/**
 * Drift against Twilio's official OpenAPI description (from the @twilio-alpha/mcp dev
 * dependency): our schemas may differ from it only where the table below says so and why.
 * A new Twilio field, a changed pattern or limit, or a difference we stopped having fails.
 */
import { expect } from "chai";
import { API_PATH_PATTERN } from "../../../src/core/resource.js";
import {
  compareWithOpenApi,
  type Deliberate,
  explain,
  formatDifference,
  formatStale,
  loadTwilioOpenApi,
  type OpenApi,
  PARTICIPANT_COMPONENT,
} from "../../support/openapi-drift.js";
import type { SchemaNode } from "../../support/schema.js";

const CORS_MIN_LENGTH = "An empty CORS header value means nothing to a browser; we reject it.";

/** Every difference we keep on purpose. One row each; `theirs` is what Twilio's file says today. */
const DELIBERATE: Deliberate[] = [
  {
    subject: "participant",
    field: "(object)",
    aspect: "required keys",
    theirs: [],
    reason:
      "The reference lists all 13 attributes and both examples carry every one: a missing key is a breach, null is not.",
  },
  {
    subject: "participant",
    field: "friendly_name",
    aspect: "maxLength",
    theirs: undefined,
    reason: "The reference's prose: 'must be 255 characters or fewer'.",
  },
  {
    subject: "participant",
    field: "identifier",
    aspect: "maxLength",
    theirs: undefined,
    reason: "The reference's prose: 'must be 191 characters or fewer'.",
  },
  {
    subject: "participant",
    field: "date_deleted",
    aspect: "pattern",
    theirs: undefined,
    reason:
      "RFC 3339 date-time written out as a pattern, so that the Pact verifier (a Rust regex) and every validator judge it alike: real days of the month, no leap second, Z or ±hh:mm.",
  },
  {
    subject: "participant",
    field: "date_created",
    aspect: "pattern",
    theirs: undefined,
    reason: "The reference: 'date and time in GMT'. The date-time pattern, with Z or +00:00 only.",
  },
  {
    subject: "participant",
    field: "date_updated",
    aspect: "pattern",
    theirs: undefined,
    reason: "The reference: 'date and time in GMT'. The date-time pattern, with Z or +00:00 only.",
  },
  {
    subject: "participant",
    field: "links",
    aspect: "format",
    theirs: "uri-map",
    reason: "uri-map is Twilio's own format, unknown to JSON Schema; we spell out the map instead.",
  },
  {
    subject: "participant",
    field: "links",
    aspect: "properties",
    theirs: undefined,
    reason: "Both of the reference's examples carry links.message_interactions, an absolute URI; we require it.",
  },
  {
    subject: "phone",
    field: "identifier",
    aspect: "pattern",
    theirs: undefined,
    reason: "A phone participant's identifier is a phone number: E.164.",
  },
  {
    subject: "phone",
    field: "proxy_identifier",
    aspect: "pattern",
    theirs: undefined,
    reason: "The reference: 'the phone number or short code': E.164 or 3 to 8 digits.",
  },
  {
    subject: "messenger",
    field: "identifier",
    aspect: "pattern",
    theirs: undefined,
    reason: "A Messenger channel address, as in the reference's second example: messenger:<page-scoped id>.",
  },
  {
    subject: "messenger",
    field: "proxy_identifier",
    aspect: "pattern",
    theirs: undefined,
    reason: "Also a channel address in the reference's second example.",
  },
  {
    subject: "response headers",
    field: "access-control-allow-origin",
    aspect: "minLength",
    theirs: undefined,
    reason: CORS_MIN_LENGTH,
  },
  {
    subject: "response headers",
    field: "access-control-allow-methods",
    aspect: "minLength",
    theirs: undefined,
    reason: CORS_MIN_LENGTH,
  },
  {
    subject: "response headers",
    field: "access-control-allow-headers",
    aspect: "minLength",
    theirs: undefined,
    reason: CORS_MIN_LENGTH,
  },
  {
    subject: "response headers",
    field: "access-control-expose-headers",
    aspect: "minLength",
    theirs: undefined,
    reason: CORS_MIN_LENGTH,
  },
  {
    subject: "response headers",
    field: "access-control-allow-credentials",
    aspect: "type",
    theirs: "boolean",
    reason: "A header value is text: the reference's boolean arrives as the word true or false.",
  },
  {
    subject: "response headers",
    field: "access-control-allow-credentials",
    aspect: "enum",
    theirs: undefined,
    reason: "The two words a boolean header can carry.",
  },
  {
    subject: "responses",
    field: `GET ${API_PATH_PATTERN}`,
    aspect: "status codes",
    theirs: ["200"],
    reason:
      "Twilio's OpenAPI documents only the 200; Twilio answers 401 (20003) and 404 (20404) with its standard error body, our error.schema.json, which has no counterpart there.",
  },
];

const twilio = loadTwilioOpenApi();

describe("drift: our schemas vs Twilio's OpenAPI (twilio_proxy_v1.json)", () => {
  it("describes the operation and the participant component we compare with", () => {
    expect(twilio.paths).to.have.property(API_PATH_PATTERN);
    expect((twilio.components as { schemas: object }).schemas).to.have.property(PARTICIPANT_COMPONENT);
  });

  it("differs from ours only as the table of deliberate differences says", () => {
    const { unexplained } = explain(compareWithOpenApi(twilio), DELIBERATE);
    expect(unexplained.map(formatDifference)).to.deep.equal([]);
  });

  it("still has every deliberate difference (a row that no longer applies must go)", () => {
    const { stale } = explain(compareWithOpenApi(twilio), DELIBERATE);
    expect(stale.map(formatStale)).to.deep.equal([]);
  });

  it("gives a reason for every deliberate difference, listed once", () => {
    for (const row of DELIBERATE)
      expect(row.reason, `${row.subject} ${row.field} ${row.aspect}`).to.have.length.above(10);
    const keys = DELIBERATE.map((row) => `${row.subject} ${row.field} ${row.aspect}`);
    expect(keys).to.deep.equal([...new Set(keys)]);
  });
});

/** A copy of Twilio's file with one change, to show the comparison notices it. */
function altered(change: (participant: Record<string, SchemaNode>, spec: OpenApi) => void): OpenApi {
  const copy = structuredClone(twilio);
  const component = (copy.components as { schemas: Record<string, SchemaNode> }).schemas[PARTICIPANT_COMPONENT];
  change(component?.properties ?? {}, copy);
  return copy;
}

/** The GET operation in a copy of Twilio's file. */
function getOperation(spec: OpenApi): SchemaNode {
  const get = spec.paths[API_PATH_PATTERN]?.get as SchemaNode | undefined;
  if (!get) throw new Error(`no GET ${API_PATH_PATTERN}`);
  return get;
}

function pathParameter(spec: OpenApi, name: string): SchemaNode {
  const parameters = (getOperation(spec).parameters as SchemaNode[] | undefined) ?? [];
  const parameter = parameters.find((p) => p.name === name);
  if (!parameter) throw new Error(`no path parameter ${name}`);
  return parameter;
}

const set = (node: SchemaNode | undefined, key: string, value: unknown) => {
  if (!node) throw new Error("no such node in Twilio's file");
  node[key] = value;
};

/** Each row changes Twilio's file in one way and names the difference that must be reported. */
const driftCases: {
  name: string;
  change: Parameters<typeof altered>[0];
  expected: RegExp;
}[] = [
  {
    name: "a changed SID pattern",
    change: (p) => set(p.sid, "pattern", "^KX[0-9a-fA-F]{32}$"),
    expected: /^participant sid: pattern differs: ours "\^KP.*", Twilio's OpenAPI "\^KX/,
  },
  {
    name: "a changed SID length",
    change: (p) => set(p.account_sid, "maxLength", 40),
    expected: /^participant account_sid: maxLength differs: ours 34, Twilio's OpenAPI 40$/,
  },
  {
    name: "a field that became non-nullable",
    change: (p) => set(p.url, "nullable", false),
    expected: /^participant url: nullable differs: ours true, Twilio's OpenAPI false$/,
  },
  {
    name: "a changed format",
    change: (p) => set(p.date_created, "format", "date"),
    expected: /^participant date_created: format differs: ours "date-time", Twilio's OpenAPI "date"$/,
  },
  {
    name: "a changed type",
    change: (p) => set(p.friendly_name, "type", "integer"),
    expected: /^participant friendly_name: type differs: ours "string", Twilio's OpenAPI "integer"$/,
  },
  {
    name: "a new field in Twilio's resource",
    change: (p) => {
      p.date_archived = { type: "string", format: "date-time", nullable: true };
    },
    expected: /^participant date_archived: presence differs: ours "absent", Twilio's OpenAPI "present"$/,
  },
  {
    name: "a field Twilio dropped",
    change: (p) => {
      delete p.proxy_identifier_sid;
    },
    expected: /^participant proxy_identifier_sid: presence differs: ours "present", Twilio's OpenAPI "absent"$/,
  },
  {
    name: "a changed path parameter pattern",
    change: (_, spec) => set(pathParameter(spec, "SessionSid").schema as SchemaNode, "pattern", "^KC[0-9a-f]{32}$"),
    expected: /^path parameters SessionSid: pattern differs/,
  },
  {
    name: "a path parameter no longer required",
    change: (_, spec) => set(pathParameter(spec, "Sid"), "required", false),
    expected: /^path parameters Sid: required differs: ours true, Twilio's OpenAPI false$/,
  },
  {
    name: "a new response header",
    change: (_, spec) => {
      const ok = (getOperation(spec).responses as Record<string, SchemaNode> | undefined)?.["200"];
      set(ok?.headers as SchemaNode | undefined, "X-Twilio-Request-Id", { schema: { type: "string" } });
    },
    expected: /^response headers x-twilio-request-id: presence differs/,
  },
];

describe("drift: the comparison notices a change in Twilio's file", () => {
  for (const row of driftCases) {
    it(row.name, () => {
      const { unexplained } = explain(compareWithOpenApi(altered(row.change)), DELIBERATE);
      const shown = unexplained.map(formatDifference);
      expect(shown, shown.join("\n")).to.have.length(1);
      expect(shown[0]).to.match(row.expected);
    });
  }

  it("a deliberate difference Twilio closed is reported as stale", () => {
    const closed = altered((p) => set(p.friendly_name, "maxLength", 255));
    const { unexplained, stale } = explain(compareWithOpenApi(closed), DELIBERATE);
    expect(unexplained).to.deep.equal([]);
    expect(stale.map(formatStale)).to.deep.equal([
      "participant friendly_name: maxLength is listed as deliberate (Twilio's OpenAPI nothing) but that difference is gone: remove the row or re-check why",
    ]);
  });

  it("a deliberate difference whose Twilio side changed is reported, not excused", () => {
    const changed = altered((p) => set(p.links, "format", "uri-list"));
    const { unexplained, stale } = explain(compareWithOpenApi(changed), DELIBERATE);
    expect(unexplained.map(formatDifference)).to.deep.equal([
      'participant links: format differs: ours nothing, Twilio\'s OpenAPI "uri-list"',
    ]);
    expect(stale.map((row) => `${row.field} ${row.aspect}`)).to.deep.equal(["links format"]);
  });
});
