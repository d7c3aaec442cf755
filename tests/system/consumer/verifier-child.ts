/**
 * The child process of verifier.test.ts: pact-js's Verifier, as another team runs it,
 * against a tiny provider per case (verifier-cases.ts), each case's outcome sent to the
 * parent. A process of its own because Pact's native verifier prints its report straight
 * to file descriptor 1 and pact-js logs "Verification unsuccessful" through pino: no
 * option turns either off, and the parent keeps this output to show only when a case
 * goes wrong.
 */
import { basicAuthorization } from "../../../src/core/credentials.js";
import "../../support/pact-env.js";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Verifier } from "@pact-foundation/pact";
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
import { CONTRACTS_DIR, pactFileName } from "../../../src/pact/contracts.js";
import { BROKEN, GENUINE, type Shape } from "./verifier-cases.js";

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

/** What the parent gets for each case: whether it passed, and the verifier's rejection when not. */
export interface CaseOutcome {
  name: string;
  failure?: string;
}

const outcomes: CaseOutcome[] = [];
for (const { name, shape, contentType } of [...GENUINE, ...BROKEN]) {
  try {
    await verify(shape, contentType);
    outcomes.push({ name });
  } catch (error) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    outcomes.push({ name, failure: String((error as Error).message ?? error).replace(/\u001b\[[0-9;]*m/g, "") });
  }
}
process.send?.(outcomes);
