/**
 * The one `$ref` walker over schemas/: a JSON Pointer into a file, and a reference
 * (`"sid.schema.json#/$defs/X"`, `"#/$defs/e164"`, or absolute under SCHEMA_BASE) followed
 * from the file it appears in. The pact matchers (src/pact/patterns.ts) and the type
 * generator (scripts/generate-types.ts) both walk the schemas through it.
 */
import { SCHEMA_BASE } from "./catalog.js";

export type Schema = Record<string, unknown>;

/** A schema and the file it sits in, so that relative `$ref`s inside it can be followed. */
export interface Located {
  schema: Schema;
  file: string;
}

/** RFC 6901 segments of a pointer (`/$defs/a~1b` → `$defs`, `a/b`), percent-decoded as a URI fragment is. */
function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The schema at `file#pointer` among `files`; throws naming the reference when it does not exist. */
export function schemaAt(files: ReadonlyMap<string, Schema>, file: string, pointer = ""): Located {
  let node: unknown = files.get(file);
  for (const segment of pointerSegments(pointer)) {
    node = node !== null && typeof node === "object" ? (node as Schema)[segment] : undefined;
  }
  if (node === null || typeof node !== "object") throw new Error(`schemas/${file}#${pointer} does not exist`);
  return { schema: node as Schema, file };
}

/** Follows a `$ref` from the file it appears in. */
export function resolveRef(files: ReadonlyMap<string, Schema>, ref: string, inFile: string): Located {
  const [target = "", pointer = ""] = ref.split("#");
  const file = target === "" ? inFile : target.startsWith(SCHEMA_BASE) ? target.slice(SCHEMA_BASE.length) : target;
  return schemaAt(files, file, pointer);
}
