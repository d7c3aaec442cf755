/**
 * Provider states (src/verify/states.ts), the pact files' states (pact-files.ts), and
 * how the pact proxy's records pair with interactions (pact.ts): tables of cases.
 */

import { expect } from "chai";
import { STATES } from "../../../src/core/cases.js";
import { basicAuthorization } from "../../../src/core/credentials.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import { defaultFixtures } from "../../../src/provider/index.js";
import type { InteractionRecord } from "../../../src/verify/pact/proxy.js";
import { pairRecords } from "../../../src/verify/pact/runner.js";
import { CHUNK_SIZE, chunkPacts, pactSource, statesOf } from "../../../src/verify/pact/sources.js";
import { fixtureStates, refFromValues, setupUrlStates } from "../../../src/verify/state-resolvers.js";
import { serve } from "../../support/verify.js";

const fixtures = defaultFixtures();
const params = { serviceSid: "KS1", sessionSid: "KC1", participantSid: "KP1" };

describe("fixture states", () => {
  const resolver = fixtureStates({ ...fixtures, states: { "Participant KP1 is active": { participantSid: "KPx" } } });
  const cases: { state: string; expected: Record<string, unknown> }[] = [
    { state: STATES.phone, expected: { ...fixtures.phone } },
    { state: STATES.messenger, expected: { ...fixtures.messenger } },
    { state: STATES.wrongCredentials, expected: { ...fixtures.phone } },
    // The map's values over the pact's params: what the map leaves out passes through.
    { state: "Participant KP1 is active", expected: { ...params, participantSid: "KPx" } },
  ];
  for (const c of cases) {
    it(`"${c.state}" resolves to what the fixtures say`, async () => {
      expect(await resolver.setup(c.state, params)).to.deep.equal(c.expected);
    });
  }

  it("the not-found state names an unknown participant in the phone participant's session", async () => {
    const values = await resolver.setup(STATES.notFound, params);
    expect(values).to.include({ serviceSid: fixtures.phone.serviceSid, sessionSid: fixtures.phone.sessionSid });
    expect(values.participantSid).to.match(/^KP[0-9a-f]{32}$/);
    expect(values.participantSid).not.to.equal(fixtures.phone.participantSid);
  });

  it("names the first state it cannot resolve, and none when it can resolve them all", () => {
    expect(resolver.unresolvable([STATES.phone, "Participant KP1 is active"])).to.equal(undefined);
    expect(resolver.unresolvable([STATES.phone, "unknown state", "another"])).to.equal("unknown state");
    // Without participants in the fixtures, the suite's own states cannot be resolved either.
    const bare = fixtureStates({ accountSid: fixtures.accountSid, authToken: fixtures.authToken });
    expect(bare.unresolvable([STATES.messenger])).to.equal(STATES.messenger);
  });

  it("refuses to set up a state it cannot resolve, naming it and the two ways out", async () => {
    const error = await resolver.setup("unknown state", {}).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(EnvironmentError);
    expect((error as Error).message).to.match(/"unknown state".*--state-setup-url.*"states" map/);
  });
});

describe("state setup through the implementation's endpoint", () => {
  interface EndpointCase {
    name: string;
    status: number;
    body: string;
    expected: Record<string, unknown> | RegExp;
  }
  const cases: EndpointCase[] = [
    {
      name: "an object: its values",
      status: 200,
      body: '{"participantSid":"KP2"}',
      expected: { participantSid: "KP2" },
    },
    { name: "an empty body: nothing to inject", status: 201, body: "", expected: {} },
    { name: "a 500", status: 500, body: "{}", expected: /answered 500 to the setup of state "s"/ },
    { name: "not JSON", status: 200, body: "<html>", expected: /with something that is not JSON/ },
    { name: "JSON that is not an object", status: 200, body: "[1]", expected: /with JSON that is not an object/ },
    { name: "an answer over 64 KiB", status: 200, body: " ".repeat(70_000), expected: /with over 65536 bytes/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const received: string[] = [];
      const server = await serve((req, res) => {
        let text = "";
        req.on("data", (d) => (text += d));
        req.on("end", () => {
          received.push(`${req.headers.authorization} ${text}`);
          res.writeHead(c.status, { "content-type": "application/json" });
          res.end(c.body);
        });
      });
      try {
        const resolver = setupUrlStates({
          url: `${server.url}/state`,
          credentials: { username: fixtures.accountSid, password: fixtures.authToken },
          timeoutMs: 5000,
        });
        const outcome = await resolver.setup("s", { a: "b" }).catch((e: unknown) => e);
        const basic = basicAuthorization(fixtures.accountSid, fixtures.authToken);
        expect(received).to.deep.equal([`${basic} {"state":"s","params":{"a":"b"},"action":"setup"}`]);
        if (c.expected instanceof RegExp) {
          expect(outcome).to.be.instanceOf(EnvironmentError);
          expect((outcome as Error).message).to.match(c.expected);
          expect((outcome as Error).message).to.include(server.url);
        } else expect(outcome).to.deep.equal(c.expected);
      } finally {
        await server.close();
      }
    });
  }

  it("the SIDs of a suite state must be well formed", () => {
    expect(refFromValues({ ...fixtures.phone }, STATES.phone, "x")).to.deep.equal(fixtures.phone);
    expect(() => refFromValues({ ...fixtures.phone, sessionSid: "KS1" }, STATES.phone, "state setup X")).to.throw(
      /state setup X answered state "a participant with a phone number identifier exists" with bad SIDs: sessionSid/,
    );
    expect(() => refFromValues({}, STATES.phone, "x")).to.throw(EnvironmentError, /serviceSid: is required/);
  });
});

describe("pact files: states and chunks", () => {
  const interaction = (description: string, extra: Record<string, unknown> = {}) => ({
    description,
    request: { method: "GET", path: "/v1/Services/KS1/Sessions/KC1/Participants/KP1" },
    response: { status: 200 },
    ...extra,
  });
  const pact = (interactions: unknown[]) => ({ consumer: { name: "c" }, provider: { name: "p" }, interactions });

  it("reads the states of Pact 3+ (providerStates, in order) and Pact 2 (providerState)", () => {
    const source = pactSource(
      pact([
        interaction("v3", { providerStates: [{ name: "a", params: {} }, { name: "b" }] }),
        interaction("v2", { providerState: "c" }),
        interaction("none"),
      ]),
      "x.json",
    );
    expect(source.interactions.map((i) => i.states)).to.deep.equal([["a", "b"], ["c"], []]);
    expect(statesOf([source])).to.deep.equal(["a", "b", "c"]);
  });

  const invalid: [string, unknown, RegExp][] = [
    ["not an object", [1], /not a JSON object/],
    ["no consumer", { provider: { name: "p" }, interactions: [interaction("i")] }, /no consumer name/],
    ["no interactions", pact([]), /no interactions/],
    ["an interaction without a description", pact([{ request: {}, response: {} }]), /interaction 1 has no description/],
    ["an interaction without a response", pact([{ description: "d", request: {} }]), /"d" has no request or response/],
  ];
  for (const [name, content, message] of invalid) {
    it(`refuses a pact with ${name}, naming the file`, () => {
      expect(() => pactSource(content, "f.json")).to.throw(
        EnvironmentError,
        /^pact file f\.json is not a valid pact: /,
      );
      expect(() => pactSource(content, "f.json")).to.throw(message);
    });
  }

  it(`cuts a pact into chunks of ${CHUNK_SIZE}, keeping every interaction once, in order`, () => {
    const all = Array.from({ length: 2 * CHUNK_SIZE + 1 }, (_, i) => interaction(`i${i}`));
    const { chunks, cleanup } = chunkPacts([pactSource(pact(all), "big.json")]);
    try {
      expect(chunks.map((c) => c.interactions.length)).to.deep.equal([CHUNK_SIZE, CHUNK_SIZE, 1]);
      expect(chunks.flatMap((c) => c.interactions.map((i) => i.description))).to.deep.equal(
        all.map((i) => i.description),
      );
    } finally {
      cleanup();
    }
  });
});

describe("pairing the proxy's records with interactions", () => {
  const record = (...states: string[]): InteractionRecord => ({
    states: states.map((name) => ({ name, params: {} })),
    startedAt: 0,
    endedAt: 0,
    findings: [],
    final: false,
    phase: "teardown",
  });
  const cases: { name: string; interactions: string[][]; records: string[][]; expected: number[] }[] = [
    { name: "one record each, in order", interactions: [["a"], ["b"]], records: [["a"], ["b"]], expected: [0, 1] },
    {
      name: "an interaction without states",
      interactions: [["a"], [], ["b"]],
      records: [["a"], [], ["b"]],
      expected: [0, 1, 2],
    },
    {
      name: "two states in one interaction",
      interactions: [["a", "b"], ["a"]],
      records: [["a", "b"], ["a"]],
      expected: [0, 1],
    },
    // An interaction the verifier never got to leaves no record: the next one still pairs with its own.
    { name: "a record missing", interactions: [["a"], ["b"]], records: [["b"]], expected: [-1, 0] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const records = c.records.map((states) => record(...states));
      const paired = pairRecords(
        c.interactions.map((states, i) => ({ description: `i${i}`, states })),
        records,
      );
      expect(paired.map((r) => (r ? records.indexOf(r) : -1))).to.deep.equal(c.expected);
    });
  }
});
