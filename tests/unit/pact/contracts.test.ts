/**
 * Cross-checks of the committed pacts in contracts/ (which the *.pact tests keep equal to
 * what the consumer tests generate): they hold exactly the expected files in normal form,
 * their examples satisfy our schemas and rules, every regex accepts its own example, and
 * they agree with Twilio's OpenAPI description plus our error-response overlay.
 */
import { readdirSync, readFileSync } from "node:fs";
import { expect } from "chai";
import {
  errorCases,
  exampleAccountSid,
  PACT_CONSUMERS,
  PACT_PROVIDER,
  STATES,
  type VariantName,
  variants,
} from "../../../src/core/cases.js";
import { parseParticipantPath } from "../../../src/core/resource.js";
import { formatViolation } from "../../../src/core/violation.js";
import { checkParticipantRules } from "../../../src/judge/rules.js";
import { CONTRACT_FILES, CONTRACTS_DIR, normalisePact, pactFileName } from "../../../src/pact/contracts.js";
import { loadSchemaFiles, type SchemaName, validate } from "../../../src/schema/validate.js";
import {
  applyOverlay,
  compareWithOpenApi,
  formatResult,
  loadOverlay,
  loadTwilioProxyOpenApi,
} from "../../support/openapi.js";

interface Matchers {
  matchers: { match: string; regex?: string }[];
}
interface PactInteraction {
  description: string;
  providerStates: { name: string; params: Record<string, string> }[];
  request: { path: string; matchingRules?: { path?: Matchers; header?: Record<string, Matchers> } };
  response: {
    status: number;
    body: { content: Record<string, unknown> };
    matchingRules?: { body?: Record<string, Matchers> };
  };
}
interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
}

const committed = CONTRACT_FILES.map((file) => ({
  file,
  text: readFileSync(new URL(file, CONTRACTS_DIR), "utf8"),
}));
const pacts = committed.map(({ file, text }) => ({ file, pact: JSON.parse(text) as PactFile }));
const allInteractions = pacts.flatMap(({ file, pact }) =>
  pact.interactions.map((interaction) => ({ file, interaction })),
);

const variantOfState = new Map<string, VariantName>(
  Object.values(variants).map((variant) => [variant.state, variant.name] as const),
);
const errorSchemaOfState = new Map<string, SchemaName>([
  [STATES.notFound, "notFound"],
  [STATES.wrongCredentials, "unauthorized"],
]);

/** The value a JSONPath such as `$.links.message_interactions` names in a body. */
function valueAt(body: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, "")
    .split(".")
    .filter(Boolean)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
}

/** Every `regex` a pact interaction holds (path, headers, body). */
function regexesIn(node: unknown): string[] {
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "regex" && typeof value === "string" ? [value] : regexesIn(value),
  );
}

/**
 * The parts of a regex that Rust's engine (where the Pact verifier runs it) and
 * JavaScript's read differently: \d, \w, \s and their negations (Unicode-aware in Rust),
 * and `.` outside a class (Rust's excludes only \n). `[\s\S]` is every character in both.
 */
function unicodeAwareParts(regex: string): string[] {
  const source = regex.replaceAll("[\\s\\S]", "");
  const found: string[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      if (/[dDwWsS]/.test(source[i + 1] ?? "")) found.push(`\\${source[i + 1]}`);
      i++;
    } else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "." && !inClass) found.push(".");
  }
  return found;
}

describe("contracts/ (cross-checks)", () => {
  it("holds exactly one pact per consumer, named <consumer>-<provider>.json", () => {
    const files = readdirSync(CONTRACTS_DIR).sort();
    expect(files).to.deep.equal(CONTRACT_FILES);
    expect(CONTRACT_FILES).to.deep.equal(
      [pactFileName(PACT_CONSUMERS.client), pactFileName(PACT_CONSUMERS.sdk)].sort(),
    );
    for (const { file, pact } of pacts) {
      expect(pactFileName(pact.consumer.name, pact.provider.name), file).to.equal(file);
      expect(pact.provider.name).to.equal(PACT_PROVIDER);
    }
  });

  for (const { file, text } of committed) {
    it(`${file} is in normal form (sorted, 2-space JSON, trailing newline)`, () => {
      expect(normalisePact(text) === text, `${file} is not normalised`).to.equal(true);
    });
  }

  it("holds the phone, messenger, 404 and 401 interactions (the SDK's: phone, messenger, 404)", () => {
    const states = Object.fromEntries(
      pacts.map(({ pact }) => [pact.consumer.name, pact.interactions.map((i) => i.providerStates[0]?.name).sort()]),
    );
    expect(states).to.deep.equal({
      [PACT_CONSUMERS.client]: [STATES.phone, STATES.messenger, STATES.notFound, STATES.wrongCredentials].sort(),
      [PACT_CONSUMERS.sdk]: [STATES.phone, STATES.messenger, STATES.notFound].sort(),
    });
  });

  it("each SDK interaction is the client's interaction of the same name, so verifying one verifies both", () => {
    const byConsumer = (name: string) => pacts.find(({ pact }) => pact.consumer.name === name)?.pact.interactions ?? [];
    const client = new Map(byConsumer(PACT_CONSUMERS.client).map((i) => [i.description, i]));
    for (const interaction of byConsumer(PACT_CONSUMERS.sdk)) {
      expect(interaction, interaction.description).to.deep.equal(client.get(interaction.description));
    }
  });

  it("every 200 body carries all 13 keys of the resource, with a rule for each, in both pacts", () => {
    const keys = [...((loadSchemaFiles().get("participant.schema.json") as { required: string[] }).required ?? [])];
    expect(keys).to.have.length(13);
    const ok = allInteractions.filter((i) => i.interaction.response.status === 200);
    expect(ok.map(({ file }) => file).sort()).to.deep.equal([...CONTRACT_FILES, ...CONTRACT_FILES].sort());
    for (const { file, interaction } of ok) {
      const where = `${file}: ${interaction.description}`;
      expect(Object.keys(interaction.response.body.content).sort(), where).to.deep.equal([...keys].sort());
      const rules = Object.keys(interaction.response.matchingRules?.body ?? {});
      const scalars = keys.filter((key) => key !== "links").map((key) => `$.${key}`);
      expect(rules, where).to.include.members([...scalars, "$.links.message_interactions"]);
    }
  });

  it("every regex in the pacts reads alike in JavaScript and in Rust: no \\d, \\w, \\s, nor . outside a class", () => {
    const regexes = [...new Set(allInteractions.flatMap(({ interaction }) => regexesIn(interaction)))];
    expect(regexes.length).to.be.greaterThan(10);
    expect(regexes.filter((r) => unicodeAwareParts(r).length)).to.deep.equal([]);
  });

  describe("every 200 example satisfies the schemas and the semantic rules", () => {
    for (const { file, interaction } of allInteractions.filter((i) => i.interaction.response.status === 200)) {
      it(`${file}: ${interaction.description}`, () => {
        const variant = variantOfState.get(interaction.providerStates[0]?.name ?? "");
        if (!variant) return expect.fail(`no variant has the provider state of ${interaction.description}`);
        const body = interaction.response.body.content;
        const requested = parseParticipantPath(interaction.request.path);
        if (!requested) return expect.fail(`${interaction.request.path} is not a participant path`);

        const problems = [
          ...validate("strict", body),
          ...validate(variant, body),
          ...checkParticipantRules(body as never, { requested, accountSid: exampleAccountSid, variant }),
        ];
        expect(problems.map(formatViolation)).to.deep.equal([]);
      });
    }
  });

  describe("every error example is Twilio's error body for its case", () => {
    for (const { file, interaction } of allInteractions.filter((i) => i.interaction.response.status !== 200)) {
      it(`${file}: ${interaction.description}`, () => {
        const schema = errorSchemaOfState.get(interaction.providerStates[0]?.name ?? "");
        if (!schema) return expect.fail(`no error case has the provider state of ${interaction.description}`);
        const expected = schema === "notFound" ? errorCases.notFound : errorCases.unauthorized;
        expect(interaction.response.status).to.equal(expected.status);
        expect(validate(schema, interaction.response.body.content).map(formatViolation)).to.deep.equal([]);
      });
    }
  });

  it("every regex in the pacts accepts its own example (request path, headers, body)", () => {
    const checks = allInteractions.flatMap(({ interaction }) => {
      const { request, response } = interaction;
      const requestHeaders = (request as { headers?: Record<string, string[]> }).headers ?? {};
      return [
        ...(request.matchingRules?.path?.matchers ?? []).map((m) => ({ where: "path", m, value: request.path })),
        ...Object.entries(request.matchingRules?.header ?? {}).flatMap(([name, rule]) =>
          rule.matchers.map((m) => ({ where: `header ${name}`, m, value: requestHeaders[name]?.[0] })),
        ),
        ...Object.entries(response.matchingRules?.body ?? {}).flatMap(([path, rule]) =>
          rule.matchers.map((m) => ({ where: path, m, value: valueAt(response.body.content, path) })),
        ),
      ].map((check) => ({ ...check, description: interaction.description }));
    });
    const regexChecks = checks.filter((c) => c.m.match === "regex");
    expect(regexChecks.length).to.be.greaterThan(20);
    const failures = regexChecks
      .filter(({ m, value }) => !new RegExp(m.regex ?? "").test(String(value)))
      .map(({ description, where, m, value }) => `${description}: ${where} ${JSON.stringify(value)} !~ ${m.regex}`);
    expect(failures).to.deep.equal([]);
  });

  it("every SID and identifier in a 200 body is matched by exactly the schemas' full, anchored pattern, or null", () => {
    const schemas = loadSchemaFiles();
    const sid = (schemas.get("sid.schema.json") as { $defs: Record<string, { pattern: string }> }).$defs;
    const defs = (schemas.get("participant.schema.json") as { $defs: Record<string, { pattern: string }> }).$defs;
    const pattern = (def: { pattern: string } | undefined) => def?.pattern ?? "(missing)";
    const bare = (def: { pattern: string } | undefined) => pattern(def).slice(1, -1);
    const identifierMax = (
      schemas.get("participant.schema.json") as { properties: { identifier: { maxLength: number } } }
    ).properties.identifier.maxLength;
    const identifiers: Record<VariantName, Record<string, string>> = {
      phone: {
        "$.identifier": pattern(defs.e164),
        "$.proxy_identifier": `^(?:${bare(defs.e164)}|${bare(defs.shortCode)})$`,
      },
      messenger: {
        // The identifier's maxLength folded into the one open-ended repeat: "messenger:" is 10 characters.
        "$.identifier": pattern(defs.messengerAddress).replace(/\+\$$/, `{1,${identifierMax - "messenger:".length}}$`),
        "$.proxy_identifier": pattern(defs.messengerAddress),
      },
    };
    for (const { interaction } of allInteractions.filter((i) => i.interaction.response.status === 200)) {
      const variant = variantOfState.get(interaction.providerStates[0]?.name ?? "") ?? "phone";
      const expected: Record<string, string> = {
        "$.sid": pattern(sid.ParticipantSidOrNull),
        "$.session_sid": pattern(sid.SessionSidOrNull),
        "$.service_sid": pattern(sid.ServiceSidOrNull),
        "$.account_sid": pattern(sid.AccountSidOrNull),
        "$.proxy_identifier_sid": pattern(sid.PhoneNumberSidOrNull),
        ...identifiers[variant],
      };
      const rules = interaction.response.matchingRules?.body ?? {};
      for (const [path, regex] of Object.entries(expected)) {
        // Every one of these is `| null` in the reference: the pattern, or null (src/pact/nullable.ts).
        expect(rules[path], `${interaction.description} ${path}`).to.deep.equal({
          combine: "OR",
          matchers: [{ match: "regex", regex }, { match: "null" }],
        });
      }
    }
  });

  describe("against Twilio's OpenAPI description (@pactflow/openapi-pact-comparator)", () => {
    const twilio = loadTwilioProxyOpenApi();
    const withOverlay = applyOverlay(twilio, loadOverlay());

    for (const { file, pact } of pacts) {
      it(`${file}: no finding against the description + error overlay`, async () => {
        expect((await compareWithOpenApi(withOverlay, pact)).map(formatResult)).to.deep.equal([]);
      });
    }

    it("without the overlay, the error interactions are unknown statuses (the overlay is what defines them)", async () => {
      const client = pacts.find(({ pact }) => pact.consumer.name === PACT_CONSUMERS.client)?.pact;
      const codes = (await compareWithOpenApi(twilio, client)).map((r) => `${r.code} ${r.message.slice(-3)}`);
      expect(codes.sort()).to.deep.equal(["response.status.unknown 401", "response.status.unknown 404"]);
    });

    const mutations = [
      {
        name: "a 200 body whose sid has prefix KX",
        status: 200,
        mutate: (content: Record<string, unknown>) => {
          content.sid = `KX${"a".repeat(32)}`;
        },
        finding: /^response\.body\.incompatible at .*\.sid .*\^KP\[0-9a-fA-F\]\{32\}\$/,
      },
      {
        name: "a 404 body with the 401's code",
        status: 404,
        mutate: (content: Record<string, unknown>) => {
          content.code = errorCases.unauthorized.code;
        },
        finding: /^response\.body\.incompatible at .*\.code /,
      },
    ];
    for (const { name, status, mutate, finding } of mutations) {
      it(`reports a pact with ${name}`, async () => {
        const pact = structuredClone(pacts[0]?.pact) as PactFile;
        const target = pact.interactions.find((i) => i.response.status === status);
        if (!target) return expect.fail(`no interaction with status ${status}`);
        mutate(target.response.body.content);

        const findings = (await compareWithOpenApi(withOverlay, pact)).map(formatResult);

        expect(findings).to.have.length(1);
        expect(findings[0]).to.match(finding);
      });
    }
  });

  describe("the overlay's error schema mirrors schemas/error.schema.json", () => {
    const overlay = loadOverlay() as {
      actions: { update: Record<string, { required?: string[]; properties?: Record<string, unknown> }> }[];
    };
    const components = overlay.actions[0]?.update ?? {};
    const errorSchema = loadSchemaFiles().get("error.schema.json") as {
      required: string[];
      properties: Record<string, Record<string, unknown>>;
      $defs: Record<string, { properties: Record<string, { const: number }> }>;
    };

    it("same required keys, and the same type and limits per key", () => {
      const overlayError = components["twilio.error"];
      expect(overlayError?.required).to.deep.equal(errorSchema.required);
      expect(overlayError?.properties).to.deep.equal(errorSchema.properties);
    });

    const cases = [
      { component: "twilio.error.not_found", def: "notFound" },
      { component: "twilio.error.unauthorized", def: "unauthorized" },
    ];
    for (const { component, def } of cases) {
      it(`${component} pins the code and status of $defs/${def}`, () => {
        const pinned = (components[component] as { allOf: { properties?: Record<string, { enum: number[] }> }[] })
          .allOf[1]?.properties;
        const consts = errorSchema.$defs[def]?.properties;
        expect({ code: pinned?.code?.enum, status: pinned?.status?.enum }).to.deep.equal({
          code: [consts?.code?.const],
          status: [consts?.status?.const],
        });
      });
    }
  });
});
