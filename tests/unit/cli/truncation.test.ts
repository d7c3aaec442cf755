/**
 * Redact, then shorten: for every limit outside src/report/ at which text from others is
 * cut or quoted (the shell's stderr line, a broker's error message, a state name in the
 * state endpoint's errors), a secret placed at every offset around the limit never shows,
 * not even in part.
 */
import { expect } from "chai";
import type { BrokerSettings } from "../../../src/broker/config.js";
import { halRequest } from "../../../src/broker/hal.js";
import { MAX_STDERR_LINE, Shell } from "../../../src/cli/shell.js";
import { errorLine } from "../../../src/core/errors.js";
import { setupUrlStates } from "../../../src/verify/state-resolvers.js";
import { serve, type TestServer } from "../../support/verify.js";

const TOKEN = "pbtok-Q7w3Zk9RmN2vL5tB8cF4hJ6p";
/** No fragment of the token this long may appear: shorter ones occur in ordinary text. */
const FRAGMENT = 6;

function fragmentsOf(secret: string): string[] {
  return Array.from({ length: secret.length - FRAGMENT + 1 }, (_, i) => secret.slice(i, i + FRAGMENT));
}

function stderrOf(text: string): string {
  const lines: string[] = [];
  const shell = new Shell({
    stdout: () => undefined,
    stderr: (l) => lines.push(l),
    env: { PACT_BROKER_TOKEN: TOKEN },
    colour: false,
  });
  shell.stderr(text);
  return lines.join("\n");
}

/** Offsets that put the secret wholly before, across, and wholly after `limit`. */
function offsetsAround(limit: number): number[] {
  return Array.from({ length: TOKEN.length + 5 }, (_, i) => limit - TOKEN.length - 2 + i).filter((o) => o >= 0);
}

describe("redact, then shorten: a secret at every offset around every limit", () => {
  let server: TestServer;
  let body = "";
  before(async () => {
    server = await serve((_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(body);
    });
  });
  after(() => server.close());

  const limits: { name: string; limit: number; line: (text: string) => Promise<string> }[] = [
    {
      name: `the shell's stderr line (${MAX_STDERR_LINE} characters)`,
      limit: MAX_STDERR_LINE,
      line: async (text) => text,
    },
    {
      name: "a broker's error message (once cut at 200 characters)",
      limit: 200,
      line: async (text) => {
        body = JSON.stringify({ error: { message: text } });
        const settings: BrokerSettings = { baseUrl: server.url, token: TOKEN };
        return errorLine(
          await halRequest(settings, "GET", `${server.url}/`, { at: Date.now() + 5000, ms: 5000 }).catch((e) => e),
        );
      },
    },
    {
      name: "a state name in the state endpoint's error (once cut at 200 characters)",
      limit: 200,
      line: async (text) => {
        body = "{}";
        const states = setupUrlStates({
          url: `${server.url}/state`,
          credentials: { username: "AC1", password: "x" },
          timeoutMs: 5000,
        });
        return errorLine(await states.setup(text, {}).catch((e) => e));
      },
    },
  ];
  for (const { name, limit, line } of limits) {
    it(`${name}: no fragment of ${FRAGMENT} characters at offsets ${limit - TOKEN.length - 2} to ${limit + 2}`, async () => {
      for (const offset of offsetsAround(limit)) {
        const text = `${"x".repeat(offset)}${TOKEN}${"y".repeat(3 * MAX_STDERR_LINE)}`;
        const shown = stderrOf(await line(text));
        for (const fragment of fragmentsOf(TOKEN)) expect(shown, `offset ${offset}`).not.to.include(fragment);
        expect(shown.length, `offset ${offset}: shortened after redaction`).to.be.below(MAX_STDERR_LINE + 100);
      }
    });
  }
});
