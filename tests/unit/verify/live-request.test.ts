/**
 * verify/live-request.ts: Retry-After read in both forms, a 429 waited out and retried,
 * a rate limit past the bound ending the run (exit 2), and --max-rate pacing. Waits are
 * recorded, never slept: no test here depends on the clock.
 */
import { expect } from "chai";
import fc from "fast-check";
import { ExitCode } from "../../../src/core/errors.js";
import { retryAfterMs } from "../../../src/net/reader.js";
import { LiveSender, RateLimitError } from "../../../src/verify/live-request.js";
import { serve } from "../../support/verify.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

describe("verify/live-request.ts: Retry-After", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const cases: [string, string | undefined, number | undefined][] = [
    ["delta-seconds", "3", 3000],
    ["zero seconds", "0", 0],
    ["an HTTP-date 2 s ahead", "Thu, 01 Jan 2026 00:00:02 GMT", 2000],
    ["an HTTP-date in the past: now", "Wed, 31 Dec 2025 23:59:00 GMT", 0],
    ["absent", undefined, undefined],
    ["a negative number", "-1", undefined],
    ["a fraction", "1.5", undefined],
    ["a date without GMT", "2026-01-01", undefined],
  ];
  for (const [name, value, ms] of cases) it(`${name}: ${ms}`, () => expect(retryAfterMs(value, now)).to.equal(ms));

  it(`any whole number of seconds reads as that many milliseconds (seed ${seed})`, () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 6 }), (n) => retryAfterMs(String(n), now) === n * 1000),
      { seed, numRuns: 200 },
    );
  });
});

describe("verify/live-request.ts: LiveSender", () => {
  /** Answers 429 `times` times (with `retryAfter` when given), then 200. */
  async function limited(times: number, retryAfter?: string) {
    let seen = 0;
    return serve((_req, res) => {
      if (seen++ < times) {
        res.writeHead(429, {
          "content-type": "application/json",
          ...(retryAfter ? { "retry-after": retryAfter } : {}),
        });
        res.end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  }
  const credentials = { right: { username: `AC${"1".repeat(32)}`, password: "t" } };
  const http = { timeoutMs: 5000, maxBodyBytes: 1024 };

  it("waits as Retry-After says, then sends again and returns the answer with the 429s it took", async () => {
    const server = await limited(2, "2");
    const waits: number[] = [];
    try {
      const sender = new LiveSender(server.url, credentials, http, {
        maxWaitMs: 10_000,
        backoffMs: 100,
        wait: async (ms) => void waits.push(ms),
      });
      const { response, throttled } = await sender.fetch({ method: "GET", path: "/x", credentials: "right" });
      expect(response.status).to.equal(200);
      expect(throttled.map((t) => t.status)).to.deep.equal([429, 429]);
      expect(waits).to.deep.equal([2000, 2000]);
    } finally {
      await server.close();
    }
  });

  it("backs off, doubling, when a 429 says nothing", async () => {
    const server = await limited(3);
    const waits: number[] = [];
    try {
      const sender = new LiveSender(server.url, credentials, http, {
        maxWaitMs: 10_000,
        backoffMs: 100,
        wait: async (ms) => void waits.push(ms),
      });
      expect((await sender.fetch({ method: "GET", path: "/x", credentials: "none" })).response.status).to.equal(200);
      expect(waits).to.deep.equal([100, 200, 400]);
    } finally {
      await server.close();
    }
  });

  const twilio429 = JSON.stringify({
    code: 20429,
    message: "Too Many Requests",
    more_info: "https://www.twilio.com/docs/errors/20429",
    status: 429,
  });
  const authenticate429 = JSON.stringify({ ...JSON.parse(twilio429), code: 20003, message: "Authenticate" });
  const outlasting: { name: string; retryAfter?: string; body: string; says: RegExp[]; never: RegExp[] }[] = [
    {
      name: "Retry-After 20 s with Twilio's body: what it asked, nothing more",
      retryAfter: "20",
      body: twilio429,
      says: [
        /answered 429 to one request 2 times in a row, over [\d.]+ s; its last Retry-After asks for 20 s more, past the 30 s this run waits/,
      ],
      never: [/no usable Retry-After/, /not Twilio's 20429/],
    },
    {
      name: "no Retry-After: how many 429s, the back-off that would pass the bound, and that none said when",
      body: twilio429,
      says: [
        /answered 429 to one request 9 times in a row, over [\d.]+ s; the next back-off \(25\.6 s\) would pass the 30 s/,
        /none of the 9 said when to retry \(no usable Retry-After\), so the run backed off from 0\.1 s, doubling/,
      ],
      never: [/not Twilio's 20429/],
    },
    {
      name: "Retry-After with an 'Authenticate' body: the body named",
      retryAfter: "20",
      body: authenticate429,
      says: [/the last one is not Twilio's 20429 error \(code: must be 20429, got 20003\)/],
      never: [/no usable Retry-After/],
    },
  ];
  for (const c of outlasting) {
    it(`a 429 that outlasts the bound ends the run with exit 2, saying what happened: ${c.name}`, async () => {
      const server = await serve((_req, res) => {
        res.writeHead(429, {
          "content-type": "application/json",
          ...(c.retryAfter ? { "retry-after": c.retryAfter } : {}),
        });
        res.end(c.body);
      });
      try {
        const sender = new LiveSender(server.url, credentials, http, {
          maxWaitMs: 30_000,
          backoffMs: 100,
          wait: async () => {},
        });
        const error = await sender.fetch({ method: "GET", path: "/x", credentials: "right" }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(RateLimitError);
        expect((error as RateLimitError).exitCode).to.equal(ExitCode.environment);
        const message = (error as Error).message;
        for (const pattern of c.says) expect(message).to.match(pattern);
        for (const pattern of c.never) expect(message).not.to.match(pattern);
        expect(message).to.match(/; try again later, or lower the pace with --max-rate$/);
      } finally {
        await server.close();
      }
    });
  }

  it("--max-rate spaces the requests one interval apart", async () => {
    const server = await limited(0);
    const waits: number[] = [];
    try {
      const sender = new LiveSender(server.url, credentials, http, {
        maxRate: 10,
        maxWaitMs: 1000,
        backoffMs: 100,
        wait: async (ms) => void waits.push(ms),
      });
      await Promise.all([1, 2, 3].map(() => sender.fetch({ method: "GET", path: "/x", credentials: "right" })));
      // The first goes at once; the two after it wait about one and two intervals of 100 ms.
      expect(waits).to.have.length(2);
      expect(waits[0]).to.be.within(50, 100);
      expect(waits[1]).to.be.within(150, 200);
    } finally {
      await server.close();
    }
  });
});
