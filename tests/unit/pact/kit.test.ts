/**
 * The consumer kit (src/pact/kit.ts), as another team would use it: its matchers are the
 * ones pact-js's MatchersV3 builds, pact-js's V4 DSL takes them, and a consumer test
 * written with it in a few lines produces exactly the committed contract's interactions.
 */
import "../../support/pact-env.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { expect } from "chai";
import { exampleRef, PACT_PROVIDER, variants } from "../../../src/core/cases.js";
import { EnvironmentError } from "../../../src/core/errors.js";
import { participantPath } from "../../../src/core/resource.js";
import { CONTRACTS_DIR, pactFileName } from "../../../src/pact/contracts.js";
import {
  addParticipantInteraction,
  completePact,
  completePactFile,
  type InteractionName,
  like,
  PATH_EXPRESSION,
  participantContract,
  participantPathMatcher,
  regex,
} from "../../../src/pact/kit.js";
import { recorded } from "../../support/contract-run.js";

/** GET on a fresh connection: a pooled one could still lead to the previous test's mock server. */
function statusOf(url: string): Promise<number | undefined> {
  const headers = { Authorization: `Basic ${Buffer.from("AC1:token").toString("base64")}`, Accept: "application/json" };
  return new Promise((resolve, reject) => {
    get(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    }).on("error", reject);
  });
}

interface PactFile {
  interactions: { description: string; request: unknown; response: unknown; providerStates: unknown }[];
}

describe("the consumer kit (src/pact/kit.ts)", () => {
  describe("builds Pact's integration JSON exactly as MatchersV3 does", () => {
    const cases: [name: string, ours: unknown, theirs: unknown][] = [
      ["regex", regex("^a+$", "aa"), MatchersV3.regex("^a+$", "aa")],
      ["like (a type matcher)", like("x"), MatchersV3.like("x")],
      [
        "the request path: fromProviderState's generator, with the path regex",
        participantPathMatcher(),
        {
          ...MatchersV3.fromProviderState(PATH_EXPRESSION, participantPath(exampleRef)),
          ...MatchersV3.regex(participantPathMatcher().regex ?? "", participantPath(exampleRef)),
        },
      ],
    ];
    for (const [name, ours, theirs] of cases) it(name, () => expect(ours).to.deep.equal(theirs));
  });

  describe("a third party's consumer test, written with the kit", function () {
    this.timeout(20_000);
    let dir = "";
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "kit-pact-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("gives, after completePactFile, the committed contract's interactions, rule for rule", async () => {
      const pact = new PactV4({ consumer: "my-app", provider: PACT_PROVIDER, dir, logLevel: "error" });
      for (const name of Object.keys(participantContract) as InteractionName[]) {
        // The consumer would call its own client here; any request to the path will do for the kit.
        await addParticipantInteraction(pact, name).executeTest(async (mock) => {
          const status = await statusOf(`${mock.url}${participantPath(exampleRef)}`);
          expect(status).to.equal(participantContract[name].response.status);
          await recorded(mock);
        });
      }
      const file = join(dir, pactFileName("my-app"));
      completePactFile(file);

      const byDescription = (p: PactFile) =>
        Object.fromEntries(
          p.interactions.map((i) => [
            i.description,
            { states: i.providerStates, request: i.request, response: i.response },
          ]),
        );
      const theirs = JSON.parse(readFileSync(file, "utf8")) as PactFile;
      const committed = JSON.parse(
        readFileSync(new URL(pactFileName("participant-client"), CONTRACTS_DIR), "utf8"),
      ) as PactFile;
      expect(byDescription(theirs)).to.deep.equal(byDescription(committed));
    });
  });

  describe("requires what a consumer must send, and nothing more", function () {
    this.timeout(20_000);
    const basic = `Basic ${Buffer.from("AC1:token").toString("base64")}`;
    const rows: [name: string, headers: Record<string, string>, kept: boolean][] = [
      [
        "as the twilio SDK sends it: Accept: application/json",
        { Authorization: basic, Accept: "application/json" },
        true,
      ],
      ["as plain fetch sends it: Accept: */*", { Authorization: basic, Accept: "*/*" }, true],
      ["as http.get sends it: no Accept", { Authorization: basic }, true],
      [
        "as axios sends it: Accept: application/json, text/plain, */*",
        { Authorization: basic, Accept: "application/json, text/plain, */*" },
        true,
      ],
      ["no Authorization", { Accept: "application/json" }, false],
      ["a Bearer token instead of Basic credentials", { Authorization: "Bearer abc", Accept: "*/*" }, false],
    ];
    let dir = "";
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "kit-leniency-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    for (const [name, headers, kept] of rows) {
      it(`${kept ? "keeps" : "breaks"} the contract: ${name}`, async () => {
        const pact = new PactV4({ consumer: "lenient-app", provider: PACT_PROVIDER, dir, logLevel: "error" });
        const run = addParticipantInteraction(pact, "phone").executeTest(async (mock) => {
          // Node's fetch always adds its own Accept (*/*); a raw request sends exactly these headers.
          const status = await new Promise<number | undefined>((resolve, reject) => {
            get(`${mock.url}${participantPath(exampleRef)}`, { headers, agent: false }, (res) => {
              res.resume();
              res.on("end", () => resolve(res.statusCode));
            }).on("error", reject);
          });
          if (kept) await recorded(mock);
          return status;
        });
        if (kept) expect(await run).to.equal(200);
        else {
          const failure = await run.then(
            () => undefined,
            (error: Error) => error,
          );
          expect(failure?.message, "the mock server reported a mismatch").to.match(/mismatches:[\s\S]*Authorization/);
        }
      });
    }
  });

  describe("completePactFile on a file it cannot complete: one line naming the path and the likely cause", () => {
    let dir = "";
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "kit-missing-"));
      writeFileSync(join(dir, "not-json.json"), "<html>");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const rows: [name: string, file: string, message: RegExp][] = [
      [
        "a file that is not there",
        "my-app-twilio-proxy-participants.json",
        /no pact file at .*: did the consumer test run/,
      ],
      ["a file that is not JSON", "not-json.json", /is not JSON: is it a pact file\?/],
    ];
    for (const [name, file, message] of rows) {
      it(name, () => {
        const path = join(dir, file);
        const thrown = (() => {
          try {
            completePactFile(path);
            return undefined;
          } catch (error) {
            return error;
          }
        })();
        expect(thrown).to.be.instanceOf(EnvironmentError);
        const text = (thrown as Error).message;
        expect(text).to.include(path).and.match(message).and.not.include("\n");
        expect(text).not.to.include("ENOENT");
      });
    }
  });

  it("importing the kit, and validating a body, loads neither pact-js (0.6 s) nor ajv's compiler", function () {
    this.timeout(20_000);
    const script = `
      await import("./src/pact/kit.ts");
      const { validate } = await import("./src/schema/validate.ts");
      validate("participant", {});
      const { createRequire } = await import("node:module");
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((f) => /node_modules[\\/](@pact-foundation|ajv[\\/]dist[\\/](core|2020|compile))/.test(f))));
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: new URL("../../../", import.meta.url),
      encoding: "utf8",
    });
    expect(JSON.parse(out)).to.deep.equal([]);
  });

  it("completePact adds 'or null' to this contract's 200 interactions only", () => {
    const body = { content: { url: "https://x.example/a", friendly_name: "n" } };
    const pact = {
      interactions: [
        { providerStates: [{ name: variants.phone.state }], response: { status: 200, body, matchingRules: {} } },
        { providerStates: [{ name: "another endpoint's state" }], response: { status: 200, body, matchingRules: {} } },
      ],
    };

    const completed = completePact(structuredClone(pact));

    const rulesOf = (i: number) => completed.interactions[i]?.response.matchingRules;
    expect(rulesOf(0)).to.deep.equal({
      body: {
        "$.friendly_name": { combine: "OR", matchers: [{ match: "type" }, { match: "null" }] },
        "$.url": { combine: "OR", matchers: [{ match: "type" }, { match: "null" }] },
      },
    });
    expect(rulesOf(1)).to.deep.equal({});
  });
});
