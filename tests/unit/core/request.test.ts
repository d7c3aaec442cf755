/**
 * The repeat lines' credential variables, as data: curlVariablesOf names exactly the shell
 * variables each role's curl line reads, so that the line saying which ones to export
 * (report/hints.ts) names all of them and no more.
 */
import { expect } from "chai";
import type { CredentialRole } from "../../../src/core/findings.js";
import { CREDENTIAL_ROLE_TEXT, curlVariablesOf, reproduction } from "../../../src/core/request.js";

/** `$NAME`, `${NAME%?}`, `${NAME#…}`: the TWILIO_ variables a shell line expands. */
function variablesIn(line: string): string[] {
  return [...new Set([...line.matchAll(/\$\{?(TWILIO_[A-Z_]+)/g)].map((m) => m[1] ?? ""))].sort();
}

describe("curlVariablesOf: the variables each role's repeat line reads", () => {
  const planted: [line: string, variables: string[]][] = [
    ['curl -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" x', ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"]],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, as a repeat line holds one
    ['curl -u "AC0:${TWILIO_AUTH_TOKEN%?}" x', ["TWILIO_AUTH_TOKEN"]],
    ["curl -H 'Authorization: Basic bm8' x", []],
  ];
  for (const [line, variables] of planted)
    it(`reads ${JSON.stringify(variables)} off ${line}`, () => expect(variablesIn(line)).to.deep.equal(variables));

  for (const role of Object.keys(CREDENTIAL_ROLE_TEXT) as CredentialRole[]) {
    it(`${role}: the line reads exactly ${JSON.stringify(curlVariablesOf(role))}`, () => {
      const line = reproduction({ method: "GET", path: "/v1/x", credentials: role }, "http://127.0.0.1:3000");
      expect(variablesIn(line)).to.deep.equal([...curlVariablesOf(role)].sort());
    });
  }
});
