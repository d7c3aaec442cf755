/**
 * CORS kept as promised (judge/cors.ts): no CORS at all passes; once a preflight or an
 * answer admits an origin, the preflight is 2xx and admits it, and so does every answer.
 */
import { expect } from "chai";
import { admitsOrigin, judgeCorsAnswer, judgePreflight } from "../../../src/judge/cors.js";
import type { HttpResponse } from "../../../src/net/reader.js";

const ORIGIN = "https://app.example.com";
const answer = (status: number, allowOrigin?: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: {
    ...(allowOrigin === undefined ? {} : { "access-control-allow-origin": allowOrigin }),
    // A preflight that admits an origin allows Authorization, and an echoed origin is in Vary, unless a case says otherwise.
    ...(allowOrigin === undefined ? {} : { "access-control-allow-headers": "Authorization", vary: "Origin" }),
    ...headers,
  },
  body: Buffer.alloc(0),
  truncated: false,
});
const fields = (findings: { kind: string; field: string }[]) => findings.map((f) => `${f.kind} ${f.field}`);

describe("judge/cors.ts: which Access-Control-Allow-Origin admits an origin", () => {
  const cases: [string, string | undefined, boolean][] = [
    ["*", "*", true],
    ["the origin itself", ORIGIN, true],
    ["the origin with spaces around", ` ${ORIGIN} `, true],
    ["absent", undefined, false],
    ["another origin", "https://other.example.com", false],
    ["the origin in upper case (compared byte for byte)", ORIGIN.toUpperCase(), false],
    ["a list of origins (not allowed by the Fetch standard)", `${ORIGIN}, https://other.example.com`, false],
    ["null", "null", false],
  ];
  for (const [name, value, admits] of cases)
    it(`${name}: ${admits ? "admits" : "does not admit"}`, () =>
      expect(admitsOrigin(answer(200, value), ORIGIN)).to.equal(admits));
});

describe("judge/cors.ts: the preflight", () => {
  const cases: [string, HttpResponse, HttpResponse | undefined, string[]][] = [
    ["no CORS anywhere, OPTIONS refused: nothing promised", answer(405), answer(200), []],
    ["no CORS anywhere, OPTIONS a 401: nothing promised", answer(401), answer(200), []],
    ["204 admitting *, as the reference: kept", answer(204, "*"), answer(200, "*"), []],
    ["200 echoing the origin: kept", answer(200, ORIGIN), answer(200, ORIGIN), []],
    [
      "401 admitting *: asks a browser for credentials it never sends",
      answer(401, "*"),
      answer(200, "*"),
      ["status status"],
    ],
    [
      "401 without CORS, while the answers admit the origin: a promise the preflight breaks",
      answer(401),
      answer(200, "*"),
      ["status status", "header access-control-allow-origin"],
    ],
    [
      "204 without CORS, while the answers admit the origin",
      answer(204),
      answer(200, ORIGIN),
      ["header access-control-allow-origin"],
    ],
    [
      "204 admitting *, Access-Control-Allow-Headers listing authorization among others: kept",
      answer(204, "*", { "access-control-allow-headers": "Content-Type, authorization" }),
      answer(200, "*"),
      [],
    ],
    [
      "204 admitting *, Access-Control-Allow-Headers without Authorization: the browser is refused",
      answer(204, "*", { "access-control-allow-headers": "Accept, Content-Type" }),
      answer(200, "*"),
      ["header access-control-allow-headers"],
    ],
    [
      "204 admitting *, Access-Control-Allow-Headers: * (which does not cover Authorization)",
      answer(204, "*", { "access-control-allow-headers": "*" }),
      answer(200, "*"),
      ["header access-control-allow-headers"],
    ],
    [
      "another origin's CORS only: nothing promised to this one",
      answer(204, "https://other.example.com"),
      answer(200),
      [],
    ],
  ];
  for (const [name, preflight, promisedBy, expected] of cases)
    it(name, () => expect(fields(judgePreflight(preflight, ORIGIN, promisedBy))).to.deep.equal(expected));
});

describe("judge/cors.ts: an answer to a request from the origin", () => {
  const cases: [string, HttpResponse, HttpResponse | undefined, string[]][] = [
    ["no preflight CORS, no answer CORS: nothing promised", answer(401), answer(405), []],
    ["the preflight admits, the 200 admits: kept", answer(200, "*"), answer(204, "*"), []],
    ["the preflight admits, the 401 echoes the origin: kept", answer(401, ORIGIN), answer(204, "*"), []],
    [
      "the preflight admits, the 404 has no CORS: broken",
      answer(404),
      answer(204, "*"),
      ["header access-control-allow-origin"],
    ],
    [
      "the preflight admits, the 200 admits another origin: broken",
      answer(200, "https://other.example.com"),
      answer(204, ORIGIN),
      ["header access-control-allow-origin"],
    ],
    ["no preflight answer at all: nothing promised", answer(200), undefined, []],
    [
      "the origin echoed without Vary: Origin: a cache hands it to another origin",
      answer(200, ORIGIN, { vary: "Accept-Encoding" }),
      undefined,
      ["header vary"],
    ],
    [
      "the origin echoed, Vary: accept-encoding, origin: kept",
      answer(200, ORIGIN, { vary: "accept-encoding, origin" }),
      undefined,
      [],
    ],
    ["the origin echoed, Vary: *: kept", answer(200, ORIGIN, { vary: "*" }), undefined, []],
    [
      "the origin echoed without Vary, Cache-Control: no-store: kept (no cache keeps it)",
      answer(200, ORIGIN, { vary: "", "cache-control": "private, no-store" }),
      undefined,
      [],
    ],
    ["* without Vary: kept (the same for every origin)", answer(200, "*", { vary: "" }), undefined, []],
  ];
  for (const [name, response, preflight, expected] of cases)
    it(name, () => expect(fields(judgeCorsAnswer(response, ORIGIN, preflight))).to.deep.equal(expected));
});
