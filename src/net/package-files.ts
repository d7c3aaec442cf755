/**
 * This package's own files, found from where this module sits (src/net/ when run from
 * source, dist/net/ when installed): its root, its committed contracts and its version.
 * Everything that needs one of them asks here.
 */
import { readFileSync } from "node:fs";

export const PACKAGE_ROOT = new URL("../../", import.meta.url);

/** The committed pacts, shipped with the package. */
export const CONTRACTS_DIR = new URL("contracts/", PACKAGE_ROOT);

/** The package's name and version, read once. */
export const PACKAGE = JSON.parse(readFileSync(new URL("package.json", PACKAGE_ROOT), "utf8")) as {
  name: string;
  version: string;
};
