/**
 * src/redact.ts: every form a secret takes on its way to the output is removed, and
 * nothing else is touched. The rows are the leaks of issue 12, one per line.
 */
import { expect } from "chai";
import { EnvironmentError, ExitCode } from "../../../src/core/errors.js";
import {
  checkSecret,
  learningRedactor,
  printableUrl,
  REDACTED,
  redactDeep,
  redactor,
  type Secret,
  secretsOfUrl,
} from "../../../src/net/redact.js";
import { ACCOUNT, basic, OTHER_TOKEN, TOKEN, xmlEscaped } from "../../support/secrets.js";

/** A token written one form per UTF-16 unit. */
const wholly = (token: string, form: (unit: number) => string) =>
  [...token]
    .map((c) => (c.length === 2 ? [c.charCodeAt(0), c.charCodeAt(1)] : [c.charCodeAt(0)]).map(form).join(""))
    .join("");
/** A secret a regular expression built from it could not even be compiled for (issue 25). */
const PUNCTUATION = Array.from({ length: 4500 }, (_, i) => "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"[i % 32]).join("");

/** A token with every character that needs escaping somewhere: JSON, URLs, XML. */
const AWKWARD = 'tok"en\\with/+%& <sp>ace-é😀';
const BASE_URL = `http://${ACCOUNT}:${TOKEN}@127.0.0.1:3000`;
const PAIR = { username: ACCOUNT, password: TOKEN };
const AWKWARD_PAIR = { username: ACCOUNT, password: AWKWARD };

interface RedactCase {
  name: string;
  secrets: readonly (Secret | undefined)[];
  text: string;
  expected: string;
}

const redactCases: RedactCase[] = [
  {
    name: "a token in the base URL's userinfo, in the Verifying line",
    secrets: secretsOfUrl(BASE_URL),
    text: `Verifying ${BASE_URL} against the contracts`,
    expected: `Verifying http://${REDACTED}@127.0.0.1:3000 against the contracts`,
  },
  {
    name: "a token in the base URL's userinfo, in the JSON report's baseUrl",
    secrets: secretsOfUrl(BASE_URL),
    text: JSON.stringify({ baseUrl: BASE_URL }),
    expected: `{"baseUrl":"http://${REDACTED}@127.0.0.1:3000"}`,
  },
  {
    name: "a broker URL's user:pass in an unreachable-broker line",
    secrets: secretsOfUrl("https://ci-user:br0ker-pass@broker.example"),
    text: "error: Pact Broker unreachable: GET https://ci-user:br0ker-pass@broker.example/: ECONNREFUSED",
    expected: `error: Pact Broker unreachable: GET https://${REDACTED}@broker.example/: ECONNREFUSED`,
  },
  {
    name: "a state setup URL's password, percent-encoded in the URL, quoted decoded",
    secrets: secretsOfUrl("http://u:p%40ss%20w0rd@127.0.0.1:9/states"),
    text: "state setup refused: wrong password p@ss w0rd",
    expected: `state setup refused: wrong password ${REDACTED}`,
  },
  {
    name: "a PACT_BROKER_BASE_URL carrying a token as its username",
    secrets: secretsOfUrl("https://pbtok-0123456789abcdef@broker.example"),
    text: "token pbtok-0123456789abcdef may not publish",
    expected: `token ${REDACTED} may not publish`,
  },
  {
    name: "the bare base64 of AccountSid:token echoed by a provider",
    secrets: [PAIR],
    text: `"friendly_name": "${basic(ACCOUNT, TOKEN)}"`,
    expected: `"friendly_name": "${REDACTED}"`,
  },
  {
    name: "the base64 without padding, in the URL-safe alphabet",
    secrets: [AWKWARD_PAIR],
    text: `x=${basic(ACCOUNT, AWKWARD).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")};`,
    expected: `x=${REDACTED};`,
  },
  {
    name: "an unknown credential after Bearer (a secret we were not told about)",
    secrets: [],
    text: "authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x",
    expected: `authorization: Bearer ${REDACTED}`,
  },
  {
    name: "prose after the word Basic or Bearer is not a credential",
    secrets: [],
    text: "a Basic header that is not base64; a Bearer header; Basic auth",
    expected: "a Basic header that is not base64; a Bearer header; Basic auth",
  },
  {
    name: "a lower-case basic header",
    secrets: [PAIR],
    text: `authorization: basic ${basic(ACCOUNT, TOKEN)}`,
    expected: `authorization: basic ${REDACTED}`,
  },
  {
    name: "an upper-case BASIC header with a pair we were not told about",
    secrets: [],
    text: "AUTHORIZATION: BASIC dXNlcjpwYXNzd29yZA==",
    expected: `AUTHORIZATION: BASIC ${REDACTED}`,
  },
  {
    name: "whatever follows bearer, in any case",
    secrets: [],
    text: "Authorization: bearer abc.DEF_123",
    expected: `Authorization: bearer ${REDACTED}`,
  },
  {
    name: "a token with a quote and a backslash, JSON-escaped in the JSON report",
    secrets: [AWKWARD_PAIR],
    text: JSON.stringify({ actual: `got ${AWKWARD}` }),
    expected: `{"actual":"got ${REDACTED}"}`,
  },
  {
    name: "a broker token with a quote and a backslash, JSON-escaped",
    secrets: [AWKWARD],
    text: JSON.stringify({ error: AWKWARD }),
    expected: `{"error":"${REDACTED}"}`,
  },
  {
    name: "a JSON encoder that writes everything but letters as \\uXXXX (astral as two)",
    secrets: [AWKWARD],
    text: `"${AWKWARD.split("")
      .map((unit) => (/[a-z]/.test(unit) ? unit : `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`))
      .join("")}"`,
    expected: `"${REDACTED}"`,
  },
  {
    name: "a token URL-encoded in a query string",
    secrets: [AWKWARD],
    text: `GET /x?token=${encodeURIComponent(AWKWARD)}&y=1`,
    expected: `GET /x?token=${REDACTED}&y=1`,
  },
  {
    name: "a token form-encoded (+ for a space, lower-case hex)",
    secrets: [AWKWARD],
    text: `token=${encodeURIComponent(AWKWARD)
      .replace(/%20/g, "+")
      .replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())}`,
    expected: `token=${REDACTED}`,
  },
  {
    name: "a token XML-escaped in a JUnit attribute",
    secrets: [AWKWARD],
    text: `<failure message="${xmlEscaped(AWKWARD)}"/>`,
    expected: `<failure message="${REDACTED}"/>`,
  },
  {
    name: "a token glued to other letters (a strong secret is found anywhere)",
    secrets: [TOKEN],
    text: `sid KP${TOKEN}ff`,
    expected: `sid KP${REDACTED}ff`,
  },
  {
    name: "two secrets that overlap in the text: both go whole",
    secrets: ["12345678abcd", "abcdefghijkl"],
    text: "<12345678abcdefghijkl>",
    expected: `<${REDACTED}>`,
  },
  {
    name: "a token of 'a' leaves 'passed' alone",
    secrets: ["a"],
    text: "13 checks: 13 passed, 0 failed",
    expected: "13 checks: 13 passed, 0 failed",
  },
  {
    name: "a token of 'a' as a whole word still goes",
    secrets: ["a"],
    text: "token a was refused",
    expected: `token ${REDACTED} was refused`,
  },
  {
    name: "tokens of '0' and 'null' leave longer numbers and words alone",
    secrets: ["0", "null"],
    text: "100 checks, nullable date, 10 failed",
    expected: "100 checks, nullable date, 10 failed",
  },
  {
    name: "a token written wholly as \\uXXXX escapes, letters and digits too",
    secrets: [TOKEN],
    text: `"${wholly(TOKEN, (c) => `\\u${c.toString(16).padStart(4, "0")}`)}"`,
    expected: `"${REDACTED}"`,
  },
  {
    name: "a token written wholly as &#NN; references",
    secrets: [TOKEN],
    text: `<p>${wholly(TOKEN, (c) => `&#${c};`)}</p>`,
    expected: `<p>${REDACTED}</p>`,
  },
  {
    name: "a token written wholly as &#xHH; references in upper-case hex, with leading zeros",
    secrets: [AWKWARD],
    text: `<p>${wholly(AWKWARD, (c) => `&#X00${c.toString(16).toUpperCase()};`)}</p>`,
    expected: `<p>${REDACTED}</p>`,
  },
  {
    name: "a token with Markdown's backslash before each punctuation character",
    secrets: [AWKWARD],
    text: `- got ${AWKWARD.replace(/[\\`*_{}[\]()<>#|~!&"/+%-]/g, "\\$&")} here`,
    expected: `- got ${REDACTED} here`,
  },
  {
    name: "a JSON-escaped token right after a lone backslash (the escapes read from another place)",
    secrets: ["\nline-token-42"],
    text: `x\\${JSON.stringify("\nline-token-42").slice(1, -1)}`,
    expected: `x\\${REDACTED}`,
  },
  {
    name: "a URL-encoded token right after a lone percent sign",
    secrets: ["42 is the token"],
    text: `100%${encodeURIComponent("42 is the token")}`,
    expected: `100%${REDACTED}`,
  },
  {
    name: "4,500 punctuation characters as given, JSON-escaped and URL-encoded: no crash, all gone",
    secrets: [PUNCTUATION],
    text: `a ${PUNCTUATION} b ${JSON.stringify(PUNCTUATION)} c ${encodeURIComponent(PUNCTUATION)} d`,
    expected: `a ${REDACTED} b "${REDACTED}" c ${REDACTED} d`,
  },
  {
    name: "a token holding lone surrogates, as given and JSON-escaped",
    secrets: ["lone\ud800half\udfffway"],
    text: `1 lone\ud800half\udfffway 2 ${JSON.stringify("lone\ud800half\udfffway")}`,
    expected: `1 ${REDACTED} 2 "${REDACTED}"`,
  },
  {
    name: "anything that is not a secret is passed over",
    secrets: [undefined, null, 0, {}, { username: 1, password: 2 }, { username: "u", password: "" }, ""] as never[],
    text: "13 checks: 13 passed, 0 failed",
    expected: "13 checks: 13 passed, 0 failed",
  },
  {
    name: "text with no secret in it is unchanged",
    secrets: [PAIR, OTHER_TOKEN],
    text: 'PASS  probe  no credentials: 401 with Twilio\'s error 20003 {"a":"b\\"c"} %41 &amp;',
    expected: 'PASS  probe  no credentials: 401 with Twilio\'s error 20003 {"a":"b\\"c"} %41 &amp;',
  },
];

describe("secrets: redactor removes every form of a secret", () => {
  for (const row of redactCases) {
    it(row.name, () => expect(redactor(row.secrets)(row.text)).to.equal(row.expected));
  }

  it("a thousand secrets learnt one at a time are each removed, and learning one again changes nothing", () => {
    const learning = learningRedactor([TOKEN]);
    const tokens = Array.from({ length: 1000 }, (_, i) => `token-${i}-${(i * 7919).toString(36)}-end`);
    for (const token of tokens) learning.learn([token, { username: ACCOUNT, password: token }]);
    learning.learn([tokens[0]]);
    const text = tokens.map((t, i) => (i % 2 ? basic(ACCOUNT, t) : JSON.stringify(t))).join(" ");
    const out = learning.redact(`${TOKEN} ${text}`);
    expect(out.split(REDACTED).join("").trim()).to.match(/^[\s"]*$/);
  });

  it("a long text redacted again, before and after a secret it holds is learnt: the same, then without the secret", () => {
    const learning = learningRedactor([TOKEN]);
    const later = "a-secret-met-on-the-way-0123456789";
    const body = `${"x".repeat(300)} ${TOKEN} ${later} ${"y".repeat(300)}`;
    const first = learning.redact(body);
    expect(first).to.include(later).and.not.include(TOKEN);
    expect(learning.redact(body)).to.equal(first);
    learning.learn([later]);
    expect(learning.redact(body)).to.not.include(later).and.not.include(TOKEN);
  });

  it("a non-string given to the redactor comes back as it was", () => {
    const redact = redactor([TOKEN]);
    expect(redact(undefined as never)).to.equal(undefined);
    expect(redact(0 as never)).to.equal(0);
  });
});

const urlCases: { name: string; url: string; printable: string; secrets: Secret[] }[] = [
  {
    name: "an account SID and token",
    url: `http://${ACCOUNT}:${TOKEN}@127.0.0.1:3000/v1`,
    printable: "http://127.0.0.1:3000/v1",
    secrets: [PAIR],
  },
  {
    name: "a password with an @ in it",
    url: "https://user:p@ss@broker.example/x",
    printable: "https://broker.example/x",
    secrets: [{ username: "user", password: "p@ss" }],
  },
  {
    name: "percent-encoded parts, decoded",
    url: "https://u%3Ax:p%2Fw%20d@h.example",
    printable: "https://h.example",
    secrets: [{ username: "u:x", password: "p/w d" }],
  },
  {
    name: "a token as the username",
    url: "https://tok123456@h.example",
    printable: "https://h.example",
    secrets: ["tok123456"],
  },
  {
    name: "no userinfo: unchanged, no slash added",
    url: "http://127.0.0.1:3000",
    printable: "http://127.0.0.1:3000",
    secrets: [],
  },
  {
    name: "no slashes after the scheme (the URL parser still reads a userinfo)",
    url: "http:user:pass1234@host",
    printable: "http://host/",
    secrets: [{ username: "user", password: "pass1234" }],
  },
  {
    name: "backslashes for slashes (the URL parser reads them as slashes)",
    url: "http:\\\\user:pass1234@host\\x",
    printable: "http:\\\\host\\x",
    secrets: [{ username: "user", password: "pass1234" }],
  },
  {
    name: "not a URL: anything like //user:pass@ is cut",
    url: "broker at //user:pass1234@ somewhere",
    printable: "broker at // somewhere",
    secrets: [{ username: "user", password: "pass1234" }],
  },
  { name: "not a string", url: undefined as never, printable: "", secrets: [] },
];

describe("secrets: printableUrl and secretsOfUrl", () => {
  for (const row of urlCases) {
    it(`printableUrl: ${row.name}`, () => expect(printableUrl(row.url)).to.equal(row.printable));
    it(`secretsOfUrl: ${row.name}`, () => expect(secretsOfUrl(row.url)).to.deep.equal(row.secrets));
  }
});

describe("secrets: redactDeep", () => {
  const redact = redactor([AWKWARD_PAIR]);

  it("redacts strings at any depth, keys included, and leaves other values alone", () => {
    const value = { [AWKWARD]: [1, null, true, { note: `x ${AWKWARD}`, n: 0 }], ok: "fine" };
    expect(redactDeep(value, redact)).to.deep.equal({
      [REDACTED]: [1, null, true, { note: `x ${REDACTED}`, n: 0 }],
      ok: "fine",
    });
  });

  it("the JSON report's actual no longer decodes to the token", () => {
    const finding = { actual: { headers: { authorization: `Basic ${basic(ACCOUNT, AWKWARD)}` }, echo: AWKWARD } };
    const json = JSON.stringify(redactDeep(finding, redact));
    expect(json).not.to.include(JSON.stringify(AWKWARD).slice(1, -1));
    expect(json).not.to.include(basic(ACCOUNT, AWKWARD));
    expect(JSON.stringify(JSON.parse(json))).to.equal(json);
  });

  it("tokens of '0' and 'null' do not break a value with numbers and nulls", () => {
    const value = { count: 0, date_deleted: null, token: "null", list: ["0", 10] };
    expect(redactDeep(value, redactor(["0", "null"]))).to.deep.equal({
      count: 0,
      date_deleted: null,
      token: REDACTED,
      list: [REDACTED, 10],
    });
  });

  it("a value nested 100,000 deep does not overflow the stack", () => {
    let deep: unknown = AWKWARD;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let inner = redactDeep(deep, redact);
    for (let i = 0; i < 100_000; i++) inner = (inner as unknown[])[0];
    expect(inner).to.equal(REDACTED);
  });

  it("a __proto__ key stays a key, and the original is not changed", () => {
    const value = JSON.parse(`{"__proto__": {"x": ${JSON.stringify(AWKWARD)}}}`) as Record<string, unknown>;
    const copy = redactDeep(value, redact);
    expect(Object.keys(copy)).to.deep.equal(["__proto__"]);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect(JSON.stringify(copy)).to.equal(`{"__proto__":{"x":"${REDACTED}"}}`);
    expect(JSON.stringify(value)).to.include("tok");
  });

  it("a value shared or cyclic is copied once", () => {
    const shared: Record<string, unknown> = { token: AWKWARD };
    shared.self = shared;
    const copy = redactDeep({ a: shared, b: shared }, redact);
    expect(copy.a).to.equal(copy.b);
    expect(copy.a.self).to.equal(copy.a);
    expect(copy.a.token).to.equal(REDACTED);
  });
});

describe("secrets: checkSecret refuses credentials that cannot be told apart from text", () => {
  const rows: { name: string; value: string; refused?: string }[] = [
    { name: "a Twilio auth token (32 hex digits)", value: TOKEN },
    { name: "8 different characters", value: "pa55w0rd" },
    { name: "8 characters, 3 of them different", value: "aabbccaa" },
    { name: "empty", value: "", refused: "too short" },
    { name: "a", value: "a", refused: "too short" },
    { name: "0", value: "0", refused: "too short" },
    { name: "null", value: "null", refused: "too short" },
    { name: "7 characters", value: "s3cr3t!", refused: "(at least 8 characters)" },
    { name: "one character repeated", value: "xxxxxxxxxxxx", refused: "too plain" },
    { name: "two characters repeated", value: "abababababab", refused: "(at least 3 different characters)" },
    {
      name: "7 astral characters (counted as characters, not UTF-16 units)",
      value: "😀😁😂😃😄😅😆",
      refused: "too short",
    },
  ];
  for (const row of rows) {
    it(`${row.refused ? "refuses" : "accepts"} ${row.name}`, () => {
      if (!row.refused) {
        expect(() => checkSecret("TWILIO_AUTH_TOKEN", row.value)).not.to.throw();
        return;
      }
      let thrown: unknown;
      try {
        checkSecret("TWILIO_AUTH_TOKEN", row.value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(EnvironmentError);
      const error = thrown as EnvironmentError;
      expect(error.exitCode).to.equal(ExitCode.environment);
      expect(error.message).to.match(/^TWILIO_AUTH_TOKEN is /);
      expect(error.message).to.include(row.refused);
      if (row.value.length > 1) expect(error.message.slice("TWILIO_AUTH_TOKEN".length)).not.to.include(row.value);
    });
  }
});
