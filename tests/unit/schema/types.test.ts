/**
 * The schema files themselves: each is a draft 2020-12 schema with its $id, compiles in
 * ajv's strict mode, resolves every $ref from schemas/ alone (offline), and the committed
 * TypeScript types are what the generator makes of them today.
 */
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { createAjv } from "../../../scripts/ajv.js";
import { generateTypes, TYPES_FILE } from "../../../scripts/generate-types.js";
import { generateValidators, VALIDATORS_FILE } from "../../../scripts/generate-validators.js";
import { loadSchemaFiles, SCHEMA_BASE, validators } from "../../../src/schema/validate.js";
import type { SchemaNode } from "../../support/schema.js";

const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

/** Every `$ref` in a schema, with the JSON pointer where it is written. */
function refsIn(node: unknown, at = ""): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refsIn(n, `${at}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" && typeof value === "string" ? [{ at, ref: value }] : refsIn(value, `${at}/${key}`),
  );
}

/** The first line where two texts differ, for a message that says where the file went stale. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at])}, generated ${JSON.stringify(b[at])}`;
}

const files = [...(loadSchemaFiles() as Map<string, SchemaNode>)];
// One instance for every check: compiling is what is under test, and it costs tens of ms per instance.
const ajv = createAjv();

describe("schemas/ files", () => {
  it("there are schema files to check", () =>
    expect(files.map(([name]) => name)).to.include("participant.schema.json"));

  for (const [name, schema] of files) {
    describe(name, () => {
      it(`has $id ${SCHEMA_BASE}${name}`, () => expect(schema.$id).to.equal(SCHEMA_BASE + name));
      it("declares draft 2020-12", () => expect(schema.$schema).to.equal(DRAFT_2020_12));

      it("compiles in strict mode, with every $defs entry", () => {
        const targets = [
          SCHEMA_BASE + name,
          ...Object.keys(schema.$defs ?? {}).map((d) => `${SCHEMA_BASE}${name}#/$defs/${d}`),
        ];
        for (const uri of targets) expect(ajv.getSchema(uri), uri).to.be.a("function");
      });

      it("resolves every $ref offline, inside schemas/", () => {
        for (const { at, ref } of refsIn(schema)) {
          const uri = new URL(ref, SCHEMA_BASE + name).href;
          expect(uri, `${name}#${at}`).to.satisfy((u: string) => u.startsWith(SCHEMA_BASE));
          expect(ajv.getSchema(uri), `${name}#${at}: $ref ${ref}`).to.be.a("function");
        }
      });
    });
  }

  it("createAjv() is strict: an unknown keyword (as in Twilio's OpenAPI) does not compile", () => {
    expect(ajv.opts.strict).to.equal(true);
    expect(() => ajv.compile({ type: "string", "x-twilio": { pii: {} } })).to.throw(/unknown keyword/);
  });

  it("what ajv would only warn about is an error, not silence", () => {
    expect(() => ajv.logger.warn("a doubtful keyword")).to.throw(/ajv warning on schemas\/: a doubtful keyword/);
  });

  it("an unresolvable $ref fails to compile instead of being fetched", () => {
    expect(() => ajv.compile({ $ref: "https://example.com/elsewhere.json" })).to.throw(/can't resolve reference/);
  });

  for (const [name, validate] of Object.entries(validators)) {
    it(`validator ${name} is compiled from schemas/`, () => {
      expect(validate).to.be.a("function");
      // Read loosely: a plain ajv function knows its document, a wrapped validator its ref.
      const loose = validate as unknown as { ref?: string; schemaEnv?: { baseId?: string } };
      const uri = loose.ref ?? loose.schemaEnv?.baseId ?? "";
      expect(uri.startsWith(SCHEMA_BASE), `${name}: ${uri}`).to.equal(true);
      expect(ajv.getSchema(uri), uri).to.be.a("function");
    });
  }
});

describe("src/types.generated.ts", () => {
  it("is what `npm run gen:types` generates from schemas/ today", async () => {
    const committed = readFileSync(TYPES_FILE, "utf8");
    const generated = await generateTypes();
    const stale = committed === generated ? "" : firstDifference(committed, generated);
    expect(stale, `src/types.generated.ts is stale: run \`npm run gen:types\` and commit it (${stale})`).to.equal("");
  });

  it("names the first stale line when the texts differ", () => {
    expect(firstDifference("a\nb\nc", "a\nB\nc")).to.equal('line 2: committed "b", generated "B"');
    expect(firstDifference("a\n", "a\nmore")).to.equal('line 2: committed "", generated "more"');
  });
});

describe("src/validators.generated.ts", () => {
  it("is what `npm run gen:validators` generates from schemas/ today", () => {
    const committed = readFileSync(VALIDATORS_FILE, "utf8");
    const generated = generateValidators();
    const stale =
      committed === generated ? "" : `differs at character ${[...committed].findIndex((c, i) => c !== generated[i])}`;
    expect(
      stale,
      `src/validators.generated.ts is stale: run \`npm run gen:validators\` and commit it (${stale})`,
    ).to.equal("");
  });

  // The committed code is what ajv compiles from schemas/ today: same verdicts, same errors.
  const samples: unknown[] = [null, {}, [], "KP", `KP${"a".repeat(32)}`, { code: 20404, status: 404 }];
  for (const [name, validate] of Object.entries(validators)) {
    it(`${name}: the generated validator and ajv give the same verdicts and errors on sample data`, () => {
      const fresh = ajv.getSchema(validate.ref);
      for (const sample of samples) {
        expect(validate(sample), JSON.stringify(sample)).to.equal(fresh?.(sample));
        expect(validate.errors ?? null, JSON.stringify(sample)).to.deep.equal(fresh?.errors ?? null);
      }
    });
  }

  it("collects every error, not only the first: one call gives the verdict and all the reasons", () => {
    const check = validators.participant;
    expect(check({ sid: 1, url: 2 })).to.equal(false);
    const paths = new Set((check.errors ?? []).map((e) => e.instancePath || e.params.missingProperty));
    expect(paths).to.include.members(["/sid", "/url", "session_sid", "links"]);
  });
});
