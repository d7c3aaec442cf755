/**
 * HAR files of many participant exchanges, built without a server: for the figures and
 * tests that need thousands of them (reports linear in checks, a thousand distinct
 * credentials, several origins, hostile contents). Each entry is what HarRecorder would
 * record for a GET of a participant; options choose what each answer breaks and whose
 * credentials it carries.
 */
import { randomBytes } from "node:crypto";
import { variants } from "../../src/core/cases.js";
import { basicAuthorization } from "../../src/core/credentials.js";
import { participantBody, participantPath } from "../../src/core/resource.js";
import type { Har, HarEntry } from "./har-recorder.js";

export const HAR_ACCOUNT = `AC${"0123456789abcdef".repeat(2)}`;

/** A participant reference of the right shape, distinct for each `n`. */
function refOf(n: number) {
  const hex = (prefix: string) => `${prefix}${n.toString(16).padStart(32, "0")}`;
  return { serviceSid: hex("KS"), sessionSid: hex("KC"), participantSid: hex("KP") };
}

export interface TrafficOptions {
  /** Entries. */
  count: number;
  /** Each entry its own Authorization (a signing client), else one shared. */
  distinctCredentials?: boolean;
  /** Origins the exchanges went to, in turn. */
  origins?: readonly string[];
  /**
   * The answer of entry `n`, as status and body text; default: the participant with
   * defects that vary by entry (a date without its zone, a wrong account, a missing field),
   * so that the report has several causes and checks with several findings.
   */
  answer?: (n: number, origin: string) => TrafficAnswer;
  /** The Authorization value of entry `n` (default: Basic HAR_ACCOUNT and a token). */
  authorization?: (n: number) => string;
}

export interface TrafficAnswer {
  status: number;
  text: string;
  encoding?: "base64";
  mimeType?: string;
}

function defectiveAnswer(n: number, origin: string): TrafficAnswer {
  const ref = refOf(n);
  const body: Record<string, unknown> = { ...participantBody(origin, HAR_ACCOUNT, ref, variants.phone.traits) };
  if (n % 3 === 0) body.date_updated = "2015-07-30T20:00:00";
  if (n % 3 === 1) body.account_sid = `AC${"f".repeat(32)}`;
  if (n % 5 === 0) delete body.identifier;
  return { status: 200, text: JSON.stringify(body) };
}

/** A HAR document of `count` participant GETs. */
export function trafficHar(options: TrafficOptions): Har {
  const origins = options.origins ?? ["https://proxy.twilio.com"];
  const shared = basicAuthorization(HAR_ACCOUNT, randomBytes(16).toString("hex"));
  const authorization =
    options.authorization ??
    ((_n: number) =>
      options.distinctCredentials ? basicAuthorization(HAR_ACCOUNT, randomBytes(16).toString("hex")) : shared);
  const answer = options.answer ?? defectiveAnswer;
  const entries: HarEntry[] = [];
  for (let n = 0; n < options.count; n++) {
    const origin = origins[n % origins.length] as string;
    const { status, text, encoding, mimeType } = answer(n, origin);
    entries.push({
      startedDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n)).toISOString(),
      time: 1,
      request: {
        method: "GET",
        url: `${origin}${participantPath(refOf(n))}`,
        httpVersion: "HTTP/1.1",
        headers: [
          { name: "Authorization", value: authorization(n) },
          { name: "Accept", value: "application/json" },
        ],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status,
        statusText: "",
        httpVersion: "HTTP/1.1",
        headers: [{ name: "Content-Type", value: mimeType ?? "application/json" }],
        cookies: [],
        content: {
          size: text.length,
          mimeType: mimeType ?? "application/json",
          text,
          ...(encoding ? { encoding } : {}),
        },
        redirectURL: "",
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
  }
  return { log: { version: "1.2", creator: { name: "participant-contract tests", version: "1" }, entries } };
}
