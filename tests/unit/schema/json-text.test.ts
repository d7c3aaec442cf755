/**
 * What is JSON text for this API (decodeJsonBytes, src/verify/responses.ts): the one
 * decision the verifier and the client share, and the Pact verifier's parser makes too.
 * Hostile bodies become one clear finding (exit 1), never "unexpected" or a library's
 * internal message, and whatever passes is safe for every later step.
 */
import { expect } from "chai";
import { describeActual } from "../../../src/core/violation.js";
import { defaultFixtures } from "../../../src/provider/index.js";
import { decodeJsonBytes, MAX_NESTING } from "../../../src/schema/json-text.js";
import { hasStackTrace, runCli, serve, writeFixtures } from "../../support/verify.js";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const bytes = (text: string) => Buffer.from(text, "utf8");

describe("decodeJsonBytes: what is JSON text for this API", () => {
  const rows: [name: string, body: Buffer, expected: { json: unknown } | { field: string; rule: string }][] = [
    ["an object", bytes('{"a":1}'), { json: { a: 1 } }],
    ["whitespace around it", bytes(' \n{"a":1}\r\n'), { json: { a: 1 } }],
    ["an escaped surrogate pair (one character)", bytes('{"a":"\\ud83d\\ude00"}'), { json: { a: "\u{1F600}" } }],
    [`${MAX_NESTING} levels of nesting`, bytes(nested(MAX_NESTING)), { json: JSON.parse(nested(MAX_NESTING)) }],
    [
      "brackets inside strings do not count as nesting",
      bytes(`{"a":"${"[".repeat(500)}"}`),
      { json: { a: "[".repeat(500) } },
    ],
    ["a tiny number (underflows to 0)", bytes('{"a":1e-400}'), { json: { a: 0 } }],
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), { field: "(body)", rule: "must be UTF-8" }],
    [
      "a raw lone surrogate (CESU bytes)",
      Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]),
      { field: "(body)", rule: "must be UTF-8" },
    ],
    [
      "a byte-order mark first",
      bytes('\uFEFF{"a":1}'),
      { field: "(body)", rule: "must not start with a byte-order mark" },
    ],
    ["not JSON", bytes("<html>"), { field: "(body)", rule: "must be JSON" }],
    ["empty", Buffer.alloc(0), { field: "(body)", rule: "must be JSON" }],
    [
      `${MAX_NESTING + 1} levels of nesting (the Pact verifier's parser refuses it)`,
      bytes(nested(MAX_NESTING + 1)),
      { field: "(body)", rule: `more than ${MAX_NESTING} levels deep` },
    ],
    [
      "10,000 levels, unclosed",
      bytes("[".repeat(10_000)),
      { field: "(body)", rule: `more than ${MAX_NESTING} levels deep` },
    ],
    [
      "a lone surrogate in a value, escaped",
      bytes('{"a":{"b":"x\\ud800"}}'),
      { field: "a.b", rule: "lone UTF-16 surrogate" },
    ],
    ["a lone surrogate in a key, escaped", bytes('{"\\udc00":1}'), { field: "\udc00", rule: "lone UTF-16 surrogate" }],
    ["a number beyond a double", bytes('{"a":[1e400]}'), { field: "a.0", rule: "beyond the range of a double" }],
  ];
  for (const [name, body, expected] of rows) {
    it(`${name}: ${"json" in expected ? "JSON" : expected.rule}`, () => {
      const decoded = decodeJsonBytes(body);
      if ("json" in expected) return expect("json" in decoded && decoded.json).to.deep.equal(expected.json);
      if (!("violation" in decoded)) return expect.fail(`accepted: ${JSON.stringify(decoded.json).slice(0, 80)}`);
      expect(decoded.violation.field).to.equal(expected.field);
      expect(decoded.violation.rule).to.include(expected.rule);
    });
  }
});

describe("describeActual is safe on any value", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const rows: [name: string, value: unknown, shown: string][] = [
    ["a short string", "x", '"x"'],
    ["nothing", undefined, "nothing"],
    ["a cycle", cyclic, "an object"],
    ["a BigInt", 1n, "bigint"],
    ["an array nested 100,000 deep", JSON.parse(nested(5)).concat([deep(100_000)]), "an array"],
  ];
  for (const [name, value, shown] of rows) it(name, () => expect(describeActual(value)).to.equal(shown));
});

/** An array nested `depth` deep, built without recursion. */
function deep(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("hostile bodies end in a contract finding, exit 1, one clear reason", function () {
  // A verify run against a local server: start-up of the pact worker on a busy two-core machine.
  this.timeout(30_000);
  const fixtures = defaultFixtures();
  const cases: [name: string, body: string, reason: RegExp][] = [
    [
      "a 200 body nested 10,000 levels deep",
      `{"a":${nested(10_000)}}`,
      /body: must not nest arrays and objects more than 127 levels deep, got "10001 levels"/,
    ],
    ["a 200 body with a byte-order mark", '\uFEFF{"sid":null}', /body: must not start with a byte-order mark/],
  ];
  for (const [name, body, reason] of cases) {
    it(name, async () => {
      const server = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
      try {
        const run = await runCli([
          "--base-url",
          server.url,
          "--fixtures",
          writeFixtures(fixtures),
          "--timeout",
          "3000",
        ]);

        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.match(reason);
        expect(`${run.stdout}\n${run.stderr}`).to.not.match(/unexpected|Maximum call stack/);
        expect(hasStackTrace(`${run.stdout}\n${run.stderr}`)).to.equal(false);
      } finally {
        await server.close();
      }
    });
  }
});
