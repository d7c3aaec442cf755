/**
 * Each transport error is one class with one name, exported from the library: what verify()
 * throws when a request gets no answer is a NoAnswerError (an EnvironmentError, exit 2), and
 * what the client throws is the client's TransportError; neither is the other.
 */
import { expect } from "chai";
import {
  defaultFixtures,
  EnvironmentError,
  NoAnswerError,
  ParticipantClient,
  TransportError,
  verify,
} from "../../../src/index.js";
import { serve } from "../../support/verify.js";

/** A port that was just listening and is closed: connections to it are refused. */
async function closedUrl(): Promise<string> {
  const server = await serve((_req, res) => res.end());
  await server.close();
  return server.url;
}

describe("transport errors: one name, one class, both exported", () => {
  it("verify() against a refused port throws a NoAnswerError, an EnvironmentError, not the client's TransportError", async () => {
    const url = await closedUrl();
    const error = await verify({ baseUrl: url, fixtures: defaultFixtures(), timeoutMs: 2000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(NoAnswerError);
    expect(error).to.be.instanceOf(EnvironmentError);
    expect(error).not.to.be.instanceOf(TransportError);
    expect((error as NoAnswerError).kind).to.equal("refused");
  });

  it("the client against a refused port throws its own TransportError, not a NoAnswerError", async () => {
    const url = await closedUrl();
    const fixtures = defaultFixtures();
    const client = new ParticipantClient({ baseUrl: url, username: fixtures.accountSid, password: fixtures.authToken });
    const error = await client.fetchParticipant(fixtures.phone).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(TransportError);
    expect(error).not.to.be.instanceOf(NoAnswerError);
  });
});
