/**
 * Proof that the committed contract holds for genuine providers and not for broken ones:
 * the pact-js Verifier, in-process, against a tiny provider started here. A genuine
 * provider answers `date_deleted: null` and `friendly_name: null` for an active,
 * unnamed participant: that must pass (the contract carries both fields, each "X or
 * null"), and so must dates and names; a SID with the wrong prefix, a 256-character name
 * or a creation date outside GMT must fail. Only our client's pact is verified:
 * contracts.test.ts checks that the SDK's interactions are copies of it. Pact's native
 * verifier prints its report straight to stdout (no option turns that off), so these runs
 * show up in the test log. tests/differential runs thousands of bodies through the same
 * verifier, quietly.
 */
import { basicAuthorization } from "../../../src/core/credentials.js";
import "../../support/pact-env.js";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Verifier } from "@pact-foundation/pact";
import { expect } from "chai";
import {
  exampleAccountSid,
  PACT_CONSUMERS,
  PACT_PROVIDER,
  STATES,
  type VariantName,
  variants,
} from "../../../src/core/cases.js";
import {
  notFoundError,
  type ParticipantRef,
  parseParticipantPath,
  participantBody,
  unauthorizedError,
} from "../../../src/core/resource.js";
import type { Participant } from "../../../src/core/types.generated.js";
import { CONTRACTS_DIR, pactFileName } from "../../../src/pact/contracts.js";
import { nullableFields } from "../../../src/pact/nullable.js";

type Shape = (body: Participant) => Record<string, unknown>;

/** SIDs unlike the pact's examples: if the verifier did not inject them, every request would be a 404. */
const seeded: Record<VariantName, ParticipantRef> = {
  phone: {
    serviceSid: `KS${"1".repeat(32)}`,
    sessionSid: `KC${"2".repeat(32)}`,
    participantSid: `KP${"3".repeat(32)}`,
  },
  messenger: {
    serviceSid: `KS${"1".repeat(32)}`,
    sessionSid: `KC${"2".repeat(32)}`,
    participantSid: `KP${"4".repeat(32)}`,
  },
};
const AUTH_TOKEN = "tiny-provider-token";
const basic = (token: string) => basicAuthorization(exampleAccountSid, token);

/** A provider with two participants, Basic auth, and Twilio's error bodies; `shape` bends its 200 bodies. */
function tinyProvider(shape: Shape, contentType = "application/json"): Server {
  return createServer((req, res) => {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "Content-Type": contentType }).end(JSON.stringify(body));
    if (req.headers.authorization !== basic(AUTH_TOKEN)) return send(401, unauthorizedError());
    const ref = parseParticipantPath(req.url ?? "");
    const variant = (Object.keys(seeded) as VariantName[]).find(
      (name) => JSON.stringify(seeded[name]) === JSON.stringify(ref),
    );
    if (!ref || !variant) return send(404, notFoundError(req.url ?? ""));
    const origin = `http://${req.headers.host}`;
    return send(200, shape(participantBody(origin, exampleAccountSid, ref, variants[variant].traits)));
  });
}

async function verify(shape: Shape, contentType?: string): Promise<void> {
  const server = tinyProvider(shape, contentType);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // What the state handlers decide, read by the request filter: the 401 state needs wrong credentials.
  let wrongCredentials = false;
  const state =
    (ref: ParticipantRef, wrong = false) =>
    async () => {
      wrongCredentials = wrong;
      return { ...ref };
    };
  try {
    await new Verifier({
      provider: PACT_PROVIDER,
      providerBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      pactUrls: [fileURLToPath(new URL(pactFileName(PACT_CONSUMERS.client), CONTRACTS_DIR))],
      stateHandlers: {
        [STATES.phone]: state(seeded.phone),
        [STATES.messenger]: state(seeded.messenger),
        [STATES.notFound]: state({ ...seeded.phone, participantSid: `KP${"9".repeat(32)}` }),
        [STATES.wrongCredentials]: state(seeded.phone, true),
      },
      requestFilter: (req: IncomingMessage, _res: unknown, next: () => void) => {
        req.headers.authorization = basic(wrongCredentials ? "wrong-token" : AUTH_TOKEN);
        next();
      },
      logLevel: "error",
    }).verifyProvider();
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The verifier's rejection, as text without ANSI colours; undefined when verification passed. */
async function verificationFailure(shape: Shape): Promise<string | undefined> {
  try {
    await verify(shape);
    return undefined;
  } catch (error) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    return String((error as Error).message ?? error).replace(/\u001b\[[0-9;]*m/g, "");
  }
}

describe(`the ${PACT_CONSUMERS.client} contract, verified against a tiny provider`, () => {
  const genuine: { name: string; shape: Shape; contentType?: string }[] = [
    {
      name: "an active participant without a name (date_deleted: null, friendly_name: null)",
      shape: (body) => ({ ...body, date_deleted: null, friendly_name: null }),
    },
    {
      name: "a removed, named participant; +00:00, fractional seconds; a short code; a charset; an extra field",
      shape: (body) => ({
        ...body,
        capabilities: { voice: true },
        date_deleted: "2016-01-01T00:00:00.5+00:00",
        date_created: "2015-07-30T20:00:00.123456Z",
        date_updated: "2015-07-30T20:00:00+00:00",
        friendly_name: "a name",
        ...(body.identifier?.startsWith("+") ? { proxy_identifier: "55512" } : {}),
      }),
      contentType: "application/json; charset=utf-8",
    },
    {
      name: "null in every scalar field the reference allows to be null (everything but the object links)",
      shape: (body) => ({ ...Object.fromEntries(nullableFields().map((f) => [f, null])), links: body.links }),
    },
  ];
  for (const { name, shape, contentType } of genuine) {
    it(`passes: ${name}`, () => verify(shape, contentType));
  }

  const broken: { name: string; shape: Shape; field: string }[] = [
    { name: "a sid with prefix KX", shape: (body) => ({ ...body, sid: `KX${"3".repeat(32)}` }), field: "$.sid" },
    {
      name: "a friendly_name of 256 characters",
      shape: (body) => ({ ...body, friendly_name: "n".repeat(256) }),
      field: "$.friendly_name",
    },
    {
      name: "a date_created outside GMT",
      shape: (body) => ({ ...body, date_created: "2015-07-30T13:00:00-07:00" }),
      field: "$.date_created",
    },
    {
      name: "links null (Pact cannot say 'object or null')",
      shape: (body) => ({ ...body, links: null }),
      field: "$.links",
    },
  ];
  for (const { name, shape, field } of broken) {
    it(`fails: ${name} (reported at ${field})`, async () => {
      const failure = await verificationFailure(shape);

      expect(failure, "verification passed").to.be.a("string");
      expect(failure).to.include(field);
    });
  }
});
