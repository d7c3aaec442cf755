/**
 * HAR files read for `check`: the bounded read and the shape (one line naming the file,
 * never a value from it), the credentials handed back, and each answer as the reader
 * would have read it: text or base64, compressed or not, within the same cap, or why not.
 */
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { expect } from "chai";
import fc from "fast-check";
import { basicAuthorization } from "../../../src/core/credentials.js";
import {
  authorizationSecrets,
  harExchange,
  MAX_CREDENTIAL_CHARS,
  MAX_HAR_BYTES,
  readHar,
  splitUrl,
} from "../../../src/net/har.js";
import { tempDir } from "../../support/verify.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const TOKEN = "0123456789abcdef0123456789abcdef";
const ACCOUNT = `AC${"a".repeat(32)}`;
const CAP = 64;

type Content = { text?: string; encoding?: string };

function entry(content: Content, headers: { name: string; value: string }[] = [], status = 200) {
  return {
    startedDateTime: "2024-05-01T10:00:00.000Z",
    request: {
      method: "GET",
      url: "https://proxy.twilio.com/v1/Services/KS1/Sessions/KC1/Participants/KP1?x=1#frag",
      headers: [{ name: "Authorization", value: basicAuthorization(ACCOUNT, TOKEN) }],
    },
    response: { status, headers, content },
  };
}

const harOf = (...entries: unknown[]) => ({ log: { version: "1.2", entries } });

function fileWith(text: string): string {
  const path = join(tempDir(), "file.har");
  writeFileSync(path, text);
  return path;
}

describe("readHar: the file", () => {
  it("reads the entries and hands back every credential in them: the header, the token, the Basic pair, URL userinfo", () => {
    const withUserinfo = {
      ...entry({ text: "{}" }),
      request: { ...entry({}).request, url: "https://u:pa55word-xyz@h/p" },
    };
    const { entries, secrets } = readHar(fileWith(JSON.stringify(harOf(entry({ text: "{}" }), withUserinfo))));
    expect(entries).to.have.length(2);
    const header = basicAuthorization(ACCOUNT, TOKEN);
    expect(secrets).to.deep.include(header);
    expect(secrets).to.deep.include(header.slice("Basic ".length));
    expect(secrets).to.deep.include({ username: ACCOUNT, password: TOKEN });
    expect(JSON.stringify(secrets)).to.include("pa55word-xyz");
  });

  const refused: [name: string, make: () => string, message: RegExp][] = [
    ["no such file", () => join(tempDir(), "missing.har"), /^cannot read HAR file .*missing\.har: no such file$/],
    [
      "a directory",
      () => {
        const dir = join(tempDir(), "d.har");
        mkdirSync(dir);
        return dir;
      },
      /HAR file .*d\.har is not a regular file: a directory$/,
    ],
    [
      "larger than the cap (a sparse file: nothing is read)",
      () => {
        const path = fileWith("");
        truncateSync(path, MAX_HAR_BYTES + 1);
        return path;
      },
      /HAR file .* is larger than 64 MiB$/,
    ],
    [
      "not UTF-8 (one byte 0xff)",
      () => {
        const path = join(tempDir(), "latin1.har");
        writeFileSync(path, Buffer.from([0x7b, 0xff, 0x7d]));
        return path;
      },
      /HAR file .*latin1\.har is not UTF-8 text$/,
    ],
    [
      "not JSON, the text around the error not quoted",
      () => fileWith(`{"log": ${TOKEN}`),
      /is not JSON \(syntax error at position \d+\)$/,
    ],
    ["JSON, but no log", () => fileWith("{}"), /is not HAR 1\.2: log: is required$/],
    [
      "a header value that is no string: the field named, never the value",
      () =>
        fileWith(
          JSON.stringify(
            harOf({ ...entry({}), request: { ...entry({}).request, headers: [{ name: "a", value: 7 }] } }),
          ),
        ),
      /is not HAR 1\.2: log\.entries\.0\.request\.headers\.0\.value: must be string$/,
    ],
    [
      "an Authorization longer than any server takes: the entry named, never the value",
      () =>
        fileWith(
          JSON.stringify(
            harOf({
              ...entry({}),
              request: {
                ...entry({}).request,
                headers: [{ name: "Authorization", value: `Bearer ${TOKEN}${"x".repeat(MAX_CREDENTIAL_CHARS)}` }],
              },
            }),
          ),
        ),
      /HAR file .*: log\.entries\[0\]\.request holds a credential of more than 16384 characters/,
    ],
  ];
  for (const [name, make, message] of refused)
    it(`refuses ${name}, in one line`, () => {
      let error: Error | undefined;
      try {
        readHar(make());
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).to.match(message);
      expect(error?.message).not.to.include(TOKEN);
    });
});

describe("harExchange: the answer as the reader would have read it", () => {
  const body = '{"sid":"KP1"}';
  const gzip = { name: "Content-Encoding", value: "gzip" };
  const rows: [name: string, content: Content, headers: { name: string; value: string }[], expected: string][] = [
    ["text", { text: body }, [], body],
    ["base64", { text: Buffer.from(body).toString("base64"), encoding: "base64" }, [], body],
    ["base64 without padding, with line breaks", { text: "eyJzaWQi\nOiJLUDEifQ", encoding: "base64" }, [], body],
    ["text with a gzip header: already decoded, as HAR 1.2 keeps it", { text: body }, [gzip], body],
    [
      "base64 of the decoded body with a gzip header",
      { text: Buffer.from(body).toString("base64"), encoding: "base64" },
      [gzip],
      body,
    ],
    ["base64 of the gzip bytes", { text: gzipSync(body).toString("base64"), encoding: "base64" }, [gzip], body],
    [
      "base64 of the deflate bytes",
      { text: deflateSync(body).toString("base64"), encoding: "base64" },
      [{ name: "content-encoding", value: "deflate" }],
      body,
    ],
    [
      "base64 of the brotli bytes",
      { text: brotliCompressSync(body).toString("base64"), encoding: "base64" },
      [{ name: "content-encoding", value: "br" }],
      body,
    ],
    [
      "base64 of the decoded body with a br header",
      { text: Buffer.from(body).toString("base64"), encoding: "base64" },
      [{ name: "content-encoding", value: "br" }],
      body,
    ],
  ];
  for (const [name, content, headers, expected] of rows)
    it(name, async () => {
      const exchange = await harExchange(entry(content, headers), 3, CAP);
      expect(exchange.response).to.have.property("body");
      if (!("body" in exchange.response)) return;
      expect(exchange.response.body.toString()).to.equal(expected);
      expect(exchange.response.truncated).to.equal(false);
    });

  const unjudgeable: [
    name: string,
    content: Content,
    headers: { name: string; value: string }[],
    status: number,
    why: RegExp,
  ][] = [
    ["no body kept", {}, [], 200, /holds no body/],
    ["status 0: no answer recorded", { text: body }, [], 0, /records no answer/],
    ["base64 that is not", { text: "***", encoding: "base64" }, [], 200, /marked base64 but is not/],
    [
      "an encoding HAR does not define",
      { text: body, encoding: "quoted-printable" },
      [],
      200,
      /"quoted-printable" is not one HAR defines/,
    ],
    [
      "gzip bytes cut short",
      { text: gzipSync(body).subarray(0, 12).toString("base64"), encoding: "base64" },
      [gzip],
      200,
      /not in the coding its Content-Encoding names \(gzip\)/,
    ],
    [
      "brotli claimed, neither brotli nor text",
      { text: Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString("base64"), encoding: "base64" },
      [{ name: "content-encoding", value: "br" }],
      200,
      /\(br\)/,
    ],
  ];
  for (const [name, content, headers, status, why] of unjudgeable)
    it(`cannot be judged: ${name}`, async () => {
      const exchange = await harExchange(entry(content, headers, status), 0, CAP);
      expect(exchange.response).to.have.property("unjudgeable").that.matches(why);
    });

  it("a body past the cap, plain or compressed: cut at the cap and marked truncated", async () => {
    const big = "x".repeat(CAP * 100);
    for (const content of [{ text: big }, { text: gzipSync(big).toString("base64"), encoding: "base64" }]) {
      const exchange = await harExchange(entry(content, [gzip]), 0, CAP);
      expect(exchange.response).to.deep.include({ truncated: true });
      if ("body" in exchange.response) expect(exchange.response.body.length).to.equal(CAP);
    }
  });

  it("the request: its method, origin and path as recorded (query kept, fragment and userinfo not), its Authorization", async () => {
    const exchange = await harExchange(entry({ text: body }), 5, CAP);
    expect(exchange).to.deep.include({
      index: 5,
      method: "GET",
      origin: "https://proxy.twilio.com",
      path: "/v1/Services/KS1/Sessions/KC1/Participants/KP1?x=1",
      authorization: basicAuthorization(ACCOUNT, TOKEN),
      startedDateTime: "2024-05-01T10:00:00.000Z",
    });
  });

  it(`any body, kept as text, as base64, or as base64 of its gzip bytes, reads back the same (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 200 }), async (bytes, text) => {
        const raw = Buffer.from(bytes);
        const forms: [Content, { name: string; value: string }[], Buffer][] = [
          [{ text }, [], Buffer.from(text, "utf8")],
          [{ text: raw.toString("base64"), encoding: "base64" }, [], raw],
          [{ text: gzipSync(raw).toString("base64"), encoding: "base64" }, [gzip], raw],
        ];
        for (const [content, headers, expected] of forms) {
          const exchange = await harExchange(entry(content, headers), 0, 1024);
          if (!("body" in exchange.response) || !exchange.response.body.equals(expected)) return false;
        }
        return true;
      }),
      { seed, numRuns: 100 },
    );
  });
});

describe("splitUrl and authorizationSecrets", () => {
  const urls: [string, string, string][] = [
    ["https://proxy.twilio.com/v1/a?b=1#c", "https://proxy.twilio.com", "/v1/a?b=1"],
    ["HTTP://user:pw@host:8080/p", "http://host:8080", "/p"],
    ["https://host", "https://host", "/"],
    // Not repaired: the form as recorded is what is judged.
    ["https://host/a/../b", "https://host", "/a/../b"],
  ];
  for (const [url, origin, path] of urls)
    it(`${url} → ${origin} + ${path}`, () => expect(splitUrl(url)).to.deep.equal({ origin, path }));

  const values: [name: string, value: string | undefined, secrets: unknown[]][] = [
    ["none", undefined, []],
    [
      "Basic",
      basicAuthorization("AC1", "pw-123456"),
      [
        basicAuthorization("AC1", "pw-123456"),
        basicAuthorization("AC1", "pw-123456").slice(6),
        { username: "AC1", password: "pw-123456" },
      ],
    ],
    ["Bearer", "Bearer tok-0123456789", ["Bearer tok-0123456789", "tok-0123456789"]],
    ["a bare token", "tok-0123456789", ["tok-0123456789"]],
    ["blanks around and between", "  Bearer \t  tok-0123456789  ", ["Bearer \t  tok-0123456789", "tok-0123456789"]],
    [
      "a million blanks between (a lazy regex took quadratic time here)",
      `Bearer${" ".repeat(1_000_000)}x`,
      [`Bearer${" ".repeat(1_000_000)}x`, "x"],
    ],
  ];
  for (const [name, value, secrets] of values)
    it(`authorizationSecrets: ${name}`, () => expect(authorizationSecrets(value)).to.deep.equal(secrets));
});
