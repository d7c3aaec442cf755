/**
 * An ajv instance holding every schema in schemas/, in strict mode, with the formats of
 * src/formats.ts: what compiles the validators ahead of time (generate-validators.ts) and
 * what the schema tests compile with. Nothing at run time loads ajv.
 */
import { Ajv2020, type Options } from "ajv/dist/2020.js";
import { loadSchemaFiles } from "../src/schema/catalog.js";
import { formats } from "../src/schema/formats.js";

/** Strict mode turns most doubts into errors; whatever ajv would still only warn about is an error here too. */
const failOnWarning = {
  log: () => undefined,
  warn: (...args: unknown[]) => {
    throw new Error(`ajv warning on schemas/: ${args.join(" ")}`);
  },
  error: (...args: unknown[]) => {
    throw new Error(`ajv error on schemas/: ${args.join(" ")}`);
  },
};

/** A fresh ajv instance with every schema of schemas/; all errors, as the generated validators report them. */
export function createAjv(options: Omit<Options, "strict" | "logger"> = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, ...options, strict: true, logger: failOnWarning });
  for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
  // An annotation only (src/schema/words.ts reads it): the words a pattern's rule is said in.
  ajv.addKeyword({ keyword: "x-words", schemaType: "string" });
  for (const schema of loadSchemaFiles().values()) ajv.addSchema(schema);
  return ajv;
}
