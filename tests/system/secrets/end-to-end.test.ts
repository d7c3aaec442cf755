/**
 * No secret in any form, end to end: for generated auth tokens and API key secrets (any
 * characters a secret may hold), a provider that echoes the secret back in the body, in one of the forms a
 * leak takes, makes verify fail; neither the console, nor the JUnit or JSON report, holds
 * the token in any form. The seed is in the test's name; FC_SEED replays a run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { checkSecret } from "../../../src/net/redact.js";
import { defaultFixtures, type Mutation, startProvider } from "../../../src/provider/index.js";
import { basic, xmlEscaped } from "../../support/secrets.js";
import { runCli, tempDir, writeFixtures } from "../../support/verify.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

/** A token checkSecret accepts: a credential the suite promises to keep out of the output. */
const token = fc.stringMatching(/^[A-Za-z0-9"\\/+%& <>'é😀-]{8,20}$/u).filter((t) => {
  try {
    checkSecret("t", t);
    return true;
  } catch {
    return false;
  }
});

/** How a provider might echo it. */
const FORMS: Record<string, (account: string, secret: string) => string> = {
  plain: (_a, t) => t,
  "basic header, lower case": (a, t) => `basic ${basic(a, t)}`,
  "bare base64 of the pair": (a, t) => basic(a, t),
  "URL-encoded": (_a, t) => encodeURIComponent(t),
  "in a URL's userinfo": (a, t) => `https://${a}:${encodeURIComponent(t)}@proxy.twilio.com/`,
};

/** Every form in which the token must not appear in any output. */
function leaks(account: string, secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, json, xmlEscaped(secret), xmlEscaped(json), encodeURIComponent(secret), basic(account, secret)];
}

describe("no secret in any form, end to end (generated tokens)", () => {
  it(`a provider echoing the auth token or the API key secret in any form: exit 1, and no output holds it (seed ${seed})`, async function () {
    this.timeout(60_000);
    const seedFixtures = defaultFixtures();
    const seedKey = seedFixtures.apiKey as NonNullable<typeof seedFixtures.apiKey>;
    await fc.assert(
      fc.asyncProperty(token, fc.constantFrom(...Object.keys(FORMS)), fc.boolean(), async (secret, form, isKey) => {
        // The secret is the account's token, or its API key's (sent with the key's SID as the Basic username).
        const fixtures = isKey
          ? { ...seedFixtures, apiKey: { sid: seedKey.sid, secret } }
          : { ...seedFixtures, authToken: secret };
        const username = isKey ? seedKey.sid : fixtures.accountSid;
        const echo = FORMS[form] as (a: string, t: string) => string;
        const mutation: Mutation = {
          respond: (r) =>
            r.status === 200 && r.body ? { ...r, body: { ...(r.body as object), sid: echo(username, secret) } } : r,
        };
        const provider = await startProvider({ fixtures, mutation });
        const dir = tempDir();
        try {
          const run = await runCli([
            "--base-url",
            provider.url,
            "--fixtures",
            writeFixtures(fixtures),
            "--junit",
            join(dir, "junit.xml"),
            "--json",
            join(dir, "report.json"),
          ]);
          const outputs = [
            run.stdout,
            run.stderr,
            readFileSync(join(dir, "junit.xml"), "utf8"),
            readFileSync(join(dir, "report.json"), "utf8"),
          ];
          expect(run.code, run.stdout + run.stderr).to.equal(1);
          for (const output of outputs) {
            for (const leak of leaks(username, secret)) expect(output).not.to.include(leak);
          }
          return true;
        } finally {
          await provider.close();
        }
      }),
      { seed, numRuns: 8 },
    );
  });
});
