/**
 * The client on its own, against a local server that records every request: what it
 * refuses before sending, what it sends, and how each kind of answer comes back.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import {
  type FetchParticipantParam,
  type FetchParticipantParams,
  InvalidParticipantRequestError,
  ParticipantClient,
  ParticipantClientError,
  TransportError,
  TwilioApiError,
  UnexpectedResponseError,
} from "../../../src/client/participant-client.js";
import { exampleAccountSid, exampleRef, variants } from "../../../src/core/cases.js";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { notFoundError, type ParticipantRef, participantBody, participantPath } from "../../../src/core/resource.js";
import { REDACTED } from "../../../src/net/redact.js";

const PASSWORD = "s3cret-auth-token-never-printed";
const params: ParticipantRef = { ...exampleRef };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
const recorded: IncomingMessage[] = [];

function json(status: number, body: unknown, contentType = "application/json; charset=utf-8"): Handler {
  return (_req, res) => res.writeHead(status, { "Content-Type": contentType }).end(JSON.stringify(body));
}

function client(timeoutMs = 2_000): ParticipantClient {
  return new ParticipantClient({ baseUrl, username: exampleAccountSid, password: PASSWORD, timeoutMs });
}

/** The error a call rejects with; also checks that no error ever carries the password. */
async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    expect((error as Error).message).to.not.include(PASSWORD);
    return error as Error;
  }
  return expect.fail("expected the call to fail");
}

function phone(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...participantBody(baseUrl, exampleAccountSid, exampleRef, variants.phone.traits), ...overrides };
}

describe("ParticipantClient", () => {
  before(async () => {
    server = createServer((req, res) => {
      recorded.push(req);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    recorded.length = 0;
    handler = (_req, res) => res.writeHead(500).end();
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  describe("refuses a malformed SID before sending anything", () => {
    const cases: { name: string; field: FetchParticipantParam; value: string }[] = [
      { name: "a service SID with the session prefix", field: "serviceSid", value: exampleRef.sessionSid },
      { name: "a session SID one digit short", field: "sessionSid", value: exampleRef.sessionSid.slice(0, -1) },
      {
        name: "a participant SID with prefix KX",
        field: "participantSid",
        value: `KX${exampleRef.participantSid.slice(2)}`,
      },
      {
        name: "a participant SID with a non-hex digit",
        field: "participantSid",
        value: `${exampleRef.participantSid.slice(0, -1)}g`,
      },
      { name: "a participant SID that climbs the path", field: "participantSid", value: "../../../Accounts" },
      { name: "an empty service SID", field: "serviceSid", value: "" },
      // The deprecated spelling still works, and an error names the parameter as the caller wrote it.
      { name: "a participant SID with prefix KX, as the deprecated sid", field: "sid", value: "KX1" },
    ];
    for (const { name, field, value } of cases) {
      it(`${name}: InvalidParticipantRequestError naming ${field}, no request`, async () => {
        const { participantSid, ...parents } = params;
        const named: FetchParticipantParams =
          field === "sid" ? { ...parents, sid: value } : { ...params, [field]: value };
        const error = await failure(client().fetchParticipant(named));

        expect(error).to.be.instanceOf(InvalidParticipantRequestError);
        expect((error as InvalidParticipantRequestError).field).to.equal(field);
        expect(error.message).to.match(new RegExp(`refusing to send the request: ${field}: must`));
        expect(recorded).to.have.length(0);
      });
    }
  });

  it("sends GET on the participant's path with Basic auth and Accept: application/json", async () => {
    handler = json(200, phone());

    await client().fetchParticipant(params);

    expect(recorded).to.have.length(1);
    const [request] = recorded;
    expect(request?.method).to.equal("GET");
    expect(request?.url).to.equal(participantPath(exampleRef));
    expect(request?.headers.authorization).to.equal(basicAuthorization(exampleAccountSid, PASSWORD));
    expect(request?.headers.accept).to.equal("application/json");
  });

  it("takes the deprecated spelling { sid } too, for the same request", async () => {
    handler = json(200, phone());
    const { participantSid, ...parents } = params;

    const participant = await client().fetchParticipant({ ...parents, sid: participantSid });

    expect(participant.sid).to.equal(participantSid);
    expect(recorded[0]?.url).to.equal(participantPath(exampleRef));
  });

  it("returns a valid participant as it came", async () => {
    handler = json(200, phone({ date_deleted: "2016-02-29T12:00:00+05:30" }));

    const participant = await client().fetchParticipant(params, { variant: "phone" });

    expect(participant).to.deep.equal(phone({ date_deleted: "2016-02-29T12:00:00+05:30" }));
  });

  describe("rejects a 200 the contract does not allow", () => {
    const cases: { name: string; respond: () => Handler; variant?: "phone" | "messenger"; field: string }[] = [
      { name: "a sid with prefix KX", respond: () => json(200, phone({ sid: `KX${"9".repeat(32)}` })), field: "sid" },
      {
        name: "another participant's sid",
        respond: () => json(200, phone({ sid: `KP${"b".repeat(32)}` })),
        field: "sid",
      },
      {
        name: "a date_deleted that is not a date-time",
        respond: () => json(200, phone({ date_deleted: "yesterday" })),
        field: "date_deleted",
      },
      {
        name: "friendly_name missing (the client relies on all 13 keys)",
        respond: () => json(200, phone({ friendly_name: undefined })),
        field: "friendly_name",
      },
      {
        name: "a date_created not in GMT",
        respond: () => json(200, phone({ date_created: "2015-07-30T13:00:00-07:00" })),
        field: "date_created",
      },
      {
        name: "a messenger body when a phone participant was expected",
        respond: () => json(200, phone({ identifier: variants.messenger.traits.identifier })),
        variant: "phone",
        field: "identifier",
      },
      { name: "a text/html content type", respond: () => json(200, phone(), "text/html"), field: "content-type" },
      {
        name: "a body that is not JSON",
        respond: () => (_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end("<html>"),
        field: "(body)",
      },
      {
        name: "a byte-order mark before the JSON",
        respond: () => (_req, res) =>
          res.writeHead(200, { "Content-Type": "application/json" }).end(`\uFEFF${JSON.stringify(phone())}`),
        field: "(body)",
      },
      {
        name: "a lone surrogate in friendly_name",
        respond: () => json(200, phone({ friendly_name: "a\uD800b" })),
        field: "friendly_name",
      },
      {
        name: "an extra key nested 10,000 levels deep",
        respond: () => (_req, res) =>
          res
            .writeHead(200, { "Content-Type": "application/json" })
            .end(JSON.stringify(phone()).replace(/}$/, `,"x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`)),
        field: "(body)",
      },
    ];
    for (const { name, respond, variant, field } of cases) {
      it(`${name}: UnexpectedResponseError naming ${field}`, async () => {
        handler = respond();

        const error = await failure(client().fetchParticipant(params, variant ? { variant } : {}));

        expect(error).to.be.instanceOf(UnexpectedResponseError);
        expect((error as UnexpectedResponseError).violations.map((v) => v.field)).to.include(field);
      });
    }
  });

  it("maps Twilio's error body to TwilioApiError (status, code, message, moreInfo)", async () => {
    const body = notFoundError(participantPath(exampleRef));
    handler = json(404, body);

    const error = await failure(client().fetchParticipant(params));

    expect(error).to.be.instanceOf(TwilioApiError);
    expect(error).to.include({ status: 404, code: 20404, moreInfo: body.more_info });
    expect(error.message).to.include(body.message);
  });

  describe("never puts the password in an error, even when the response echoes it", () => {
    const echo = basicAuthorization(exampleAccountSid, PASSWORD);
    const cases: { name: string; respond: () => Handler }[] = [
      {
        name: "a Twilio error message quoting the password",
        respond: () => json(401, { ...notFoundError("/"), code: 20003, status: 401, message: `bad token ${PASSWORD}` }),
      },
      {
        name: "a 200 whose friendly_name is the password, too long",
        respond: () => json(200, phone({ friendly_name: PASSWORD.repeat(20) })),
      },
      {
        name: "a non-JSON body starting with the Authorization header",
        respond: () => (_req, res) => res.writeHead(200).end(`x${echo}`),
      },
    ];
    for (const { name, respond } of cases) {
      it(name, async () => {
        handler = respond();

        const error = await failure(client().fetchParticipant(params));

        expect(error.message).to.not.include(PASSWORD.slice(0, 8));
        expect(error.message).to.not.include(echo.slice(6, 20));
        expect(error.message).to.include(REDACTED);
      });
    }
  });

  it("an error status without Twilio's body: UnexpectedResponseError", async () => {
    handler = json(502, { error: "bad gateway" });

    const error = await failure(client().fetchParticipant(params));

    expect(error).to.be.instanceOf(UnexpectedResponseError);
    expect(error).to.include({ status: 502 });
  });

  it("a redirect is not followed: UnexpectedResponseError", async () => {
    handler = (_req, res) => res.writeHead(302, { Location: "http://example.invalid/" }).end();

    const error = await failure(client().fetchParticipant(params));

    expect(error).to.be.instanceOf(UnexpectedResponseError);
    expect(recorded).to.have.length(1);
  });

  it("a provider that never answers: TransportError after the timeout", async () => {
    handler = () => {};

    const error = await failure(client(100).fetchParticipant(params));

    expect(error).to.be.instanceOf(TransportError);
    expect(error.message).to.match(/timed out after 100 ms/);
  });

  it("a port nobody listens on: TransportError naming the cause", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = new ParticipantClient({
      baseUrl: `http://127.0.0.1:${port}`,
      username: exampleAccountSid,
      password: PASSWORD,
    });

    const error = await failure(unreachable.fetchParticipant(params));

    expect(error).to.be.instanceOf(TransportError);
    expect(error.message).to.match(/ECONNREFUSED/);
  });

  it("an API key: the account_sid rule uses the accountSid option", async () => {
    handler = json(200, phone());
    const apiKey = new ParticipantClient({
      baseUrl,
      username: `SK${"a".repeat(32)}`,
      password: PASSWORD,
      accountSid: `AC${"b".repeat(32)}`,
    });

    const error = await failure(apiKey.fetchParticipant(params));

    expect((error as UnexpectedResponseError).violations.map((v) => v.field)).to.deep.equal(["account_sid"]);
  });

  describe("refuses a bad configuration", () => {
    const cases = [
      { name: "a relative base URL", baseUrl: "/v1" },
      { name: "an ftp base URL", baseUrl: "ftp://proxy.example" },
      { name: "credentials in the base URL", baseUrl: `https://${exampleAccountSid}:${PASSWORD}@proxy.example` },
    ];
    for (const { name, baseUrl: url } of cases) {
      it(`${name}: ParticipantClientError without the password`, () => {
        expect(() => new ParticipantClient({ baseUrl: url, username: exampleAccountSid, password: PASSWORD }))
          .to.throw(ParticipantClientError)
          .with.property("message")
          .that.does.not.include(PASSWORD);
      });
    }
  });
});
