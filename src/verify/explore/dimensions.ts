/**
 * The request space, as one table: each row is a dimension along which a request can
 * differ from a participant's canonical one, with the relation its answer must keep (the
 * oracle: no expected answer is written per request), the Twilio or HTTP behaviour that
 * makes it so, how its values are generated (fast-check arbitraries, so they shrink), and
 * how a value edits a request. A row nobody wrote as a probe is still covered: the
 * generator draws from every row and composes them. README's "generated requests" table
 * and docs/probes.md are this table.
 */
import fc from "fast-check";
import type { VariantName } from "../../core/cases.js";
import { CREDENTIAL_PAIRS, CREDENTIAL_ROLE_TEXT, type PairRole } from "../../core/request.js";
import { REF_PARTS, type RefPart } from "../../core/resource.js";
import type { CharEdit, CredentialName, Piece } from "../../core/template.js";
import { fixtureMissing } from "../../net/fixtures.js";
import type { HttpResponse } from "../../net/reader.js";
import { type Draft, headerIndex, RIGHT_BASIC, type Secrets, setHeader } from "./model.js";

/** What an answer must be, by how its request differs from the canonical one (relations.ts judges each). */
export type RelationName = "neutral" | "conditional" | "unauthenticated" | "not-found" | "malformed" | "repetition";

/** What a dimension's values are built from: the run's participants, accounts and canonical answers. */
export interface DimensionContext {
  refs: Record<VariantName, import("../../core/resource.js").ParticipantRef>;
  accountSid: string;
  /** Present when the fixtures name a second account. */
  otherAccountSid?: string;
  /** The run's credentials by name, only to pick an edited character that differs from the one it replaces. */
  secrets: Secrets;
  /** Each participant's canonical answer, when it was a 200: validators and dates are read from it. */
  canonical: Partial<Record<VariantName, HttpResponse>>;
}

/**
 * When a dimension's perturbation applies: SIDs first, then headers, then the spelling of
 * what is there (letter case), so that composed perturbations act on each other's results.
 */
type Stage = "path" | "headers" | "spelling";
const STAGE_ORDER: Record<Stage, number> = { path: 0, headers: 1, spelling: 2 };

interface RequestDimension<P> {
  kind: "request";
  id: string;
  relation: RelationName;
  /** What varies, in words (the check's title starts with it). */
  what: string;
  /** Why the answer must keep its relation: the Twilio or HTTP behaviour followed. */
  twilio: string;
  stage: Stage;
  /** Why it cannot run with these fixtures, or undefined. */
  needs?: (ctx: DimensionContext) => string | undefined;
  values: (ctx: DimensionContext) => fc.Arbitrary<P>;
  /**
   * Values tried before any random one: the samples the dimension names (a SID changed right
   * after its prefix, in the middle, at the end), or one value that holds the most telling
   * parts of all the others at once (every parameter name the API has, every place
   * credentials could be moved to), a list that shrinking (minimise, in explore.ts) cuts
   * down to the part that matters.
   */
  samples?: (ctx: DimensionContext) => P[];
  apply: (draft: Draft, params: P, ctx: DimensionContext) => void;
  /** The value in a few words, for the finding's request line. */
  describe: (params: P) => string;
}

/** A dimension of how requests travel together: the order on one connection, repeated reads. */
interface SequenceDimension {
  kind: "sequence";
  id: string;
  relation: RelationName;
  what: string;
  twilio: string;
  needs?: (ctx: DimensionContext) => string | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of rows whose parameter types differ row by row
export type Dimension = RequestDimension<any> | SequenceDimension;

const OTHER_ACCOUNT_MISSING = fixtureMissing("otherAccount");
const needsOther = (ctx: DimensionContext) => (ctx.otherAccountSid ? undefined : OTHER_ACCOUNT_MISSING);

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const DIGITS = "0123456789";
const ALNUM = `${DIGITS}${UPPER}${LOWER}`;
const HEX = `${DIGITS}abcdef`;

/** Text of `min` to `max` characters drawn from `alphabet` (cheaper to draw than a pattern's arbitrary). */
const text = (alphabet: string, min: number, max: number) =>
  // An array of characters, joined: fast-check's string arbitraries compute bias slices on every draw.
  fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((chars) => chars.join(""));
/** A first character from one alphabet, then `min` to `max` from another: a name. */
const word = (first: string, rest: string, min: number, max: number) =>
  fc.tuple(fc.constantFrom(...first), text(rest, min, max)).map(([a, b]) => `${a}${b}`);

const other = (variant: VariantName): VariantName => (variant === "phone" ? "messenger" : "phone");
const cred = (credential: CredentialName, edit?: CharEdit): Piece => (edit ? { credential, edit } : { credential });
const basicOf = (user: Piece, password: Piece): Piece[] => ["Basic ", { base64: [user, ":", password] }];

// --- neutral: the canonical answer --------------------------------------------------------

/** Names of the API's own fields and parameters: a server that reads one of them from the query serves something else. */
const API_NAMES = [
  "Sid",
  "ServiceSid",
  "SessionSid",
  "AccountSid",
  "ParticipantSid",
  "PageSize",
  "Page",
  "PageToken",
  "Identifier",
  "FriendlyName",
  "sid",
  "account_sid",
  "service_sid",
  "session_sid",
] as const;

const SID_SOURCES = [
  "other-participant",
  "other-session",
  "other-service",
  "other-account",
  "this-participant",
] as const;
type SidSource = (typeof SID_SOURCES)[number];
type QueryValue = { sid: SidSource } | { text: string };

/** Each of the API's SID parameters, as its own name and its snake-case field, with another resource's SID of its kind. */
const API_SID_NAMES: readonly { name: string; value: QueryValue }[] = (
  [
    ["Sid", "other-participant"],
    ["ParticipantSid", "other-participant"],
    ["sid", "other-participant"],
    ["SessionSid", "other-session"],
    ["session_sid", "other-session"],
    ["ServiceSid", "other-service"],
    ["service_sid", "other-service"],
    ["AccountSid", "other-account"],
    ["account_sid", "other-account"],
  ] as const
).map(([name, sid]) => ({ name, value: { sid } }));

/** A value that must change nothing however the server reads it: another participant's or account's SID, or text. */
function queryValue(value: QueryValue, draft: Draft, ctx: DimensionContext): string {
  if ("text" in value) return value.text;
  const neighbour = ctx.refs[other(draft.participant)];
  switch (value.sid) {
    case "other-participant":
      return neighbour.participantSid;
    case "other-session":
      return neighbour.sessionSid;
    case "other-service":
      return neighbour.serviceSid;
    case "other-account":
      return ctx.otherAccountSid ?? `AC${"0".repeat(31)}1`;
    case "this-participant":
      return draft.ref.participantSid;
  }
}

const queryParameters: RequestDimension<{ name: string; value: QueryValue }[]> = {
  kind: "request",
  id: "query-parameters",
  relation: "neutral",
  what: "extra query parameters (random names, and the API's own names with another participant's or account's SIDs)",
  twilio:
    "the participant is named by its path alone: Twilio's fetch takes no query parameters, and one it does not know changes nothing",
  stage: "headers",
  values: () =>
    fc.array(
      fc.oneof(
        // The API's own names with the SID of the same kind from elsewhere: what a server that reads them would serve.
        { weight: 3, arbitrary: fc.constantFrom(...API_SID_NAMES) },
        {
          weight: 1,
          arbitrary: fc.record({
            name: fc.oneof(fc.constantFrom(...API_NAMES), word(LOWER, `${ALNUM}_`, 0, 11)),
            value: fc.oneof(
              fc.constantFrom<SidSource>(...SID_SOURCES).map((sid): QueryValue => ({ sid })),
              text(ALNUM, 0, 12).map((t): QueryValue => ({ text: t })),
            ),
          }),
        },
      ),
      { minLength: 1, maxLength: 6 },
    ),
  samples: () => [[...API_SID_NAMES, { name: "PageSize", value: { text: "50" } }]],
  apply: (draft, params, ctx) => {
    for (const { name, value } of params) draft.query.push([name, [queryValue(value, draft, ctx)]]);
  },
  describe: (params) =>
    `query ${params.map(({ name, value }) => `${name}=${"text" in value ? value.text : `(${value.sid} SID)`}`).join("&")}`,
};

/** Accept values real clients send whole (curl, axios, a browser's navigation): each admits JSON. */
const CLIENT_ACCEPTS = [
  "*/*",
  "application/json, text/plain, */*",
  "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
] as const;

/** Media ranges a list may hold; a list is kept only when one that admits JSON has a q above 0. */
const MEDIA_RANGES = [
  "application/json",
  "*/*",
  "application/*",
  "text/plain",
  "text/html",
  "application/xml",
] as const;
const ADMITS_JSON: ReadonlySet<string> = new Set(["application/json", "*/*", "application/*"]);
const Q_VALUES = ["1", "1.0", "0.9", "0.5", "0.1", "0.001"] as const;

interface MediaRange {
  range: (typeof MEDIA_RANGES)[number];
  q?: (typeof Q_VALUES)[number];
  charset: boolean;
  upper: boolean;
}

/** An Accept list as a client writes it: ranges, parameters, q-values, spacing, letter case. */
function renderAccept(list: readonly MediaRange[], spaced: boolean): string {
  return list
    .map(({ range, q, charset, upper }) => {
      const name = upper ? range.toUpperCase() : range;
      return `${name}${charset ? "; charset=utf-8" : ""}${q ? `;q=${q}` : ""}`;
    })
    .join(spaced ? ", " : ",");
}

const acceptList = fc
  .record({
    list: fc.array(
      fc.record({
        range: fc.constantFrom(...MEDIA_RANGES),
        q: fc.option(fc.constantFrom(...Q_VALUES), { nil: undefined }),
        charset: fc.boolean(),
        upper: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    spaced: fc.boolean(),
  })
  .filter(({ list }) => list.some((m) => ADMITS_JSON.has(m.range)))
  .map(({ list, spaced }) => renderAccept(list, spaced));

const accept: RequestDimension<string | null> = {
  kind: "request",
  id: "accept",
  relation: "neutral",
  what: "Accept as real clients send it (lists, q-values, parameters, application/*, letter case, none)",
  twilio:
    "every one of these admits application/json (RFC 9110 §12.5.1): the answer is the JSON a client that asks for exactly application/json gets",
  stage: "headers",
  values: () =>
    fc.oneof(
      { weight: 4, arbitrary: acceptList },
      { weight: 1, arbitrary: fc.constantFrom<string | null>(...CLIENT_ACCEPTS) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
  samples: () => [...CLIENT_ACCEPTS, "application/json;q=0.9"],
  apply: (draft, value) => setHeader(draft, "Accept", value === null ? null : [value]),
  describe: (value) => (value === null ? "no Accept" : `Accept: ${value}`),
};

const CODINGS = ["gzip", "deflate", "br", "identity", "*"] as const;
const CODING_Q = ["1", "0.8", "0.5", "0"] as const;

/** Whether an Accept-Encoding list leaves the body without a coding acceptable (RFC 9110 §12.5.3): a server may then answer 406. */
function refusesIdentity(list: readonly { coding: string; q?: string }[]): boolean {
  const identity = list.find((c) => c.coding === "identity");
  if (identity) return identity.q === "0";
  return list.some((c) => c.coding === "*" && c.q === "0");
}

const encodingList = fc
  .array(
    fc.record({ coding: fc.constantFrom(...CODINGS), q: fc.option(fc.constantFrom(...CODING_Q), { nil: undefined }) }),
    { minLength: 1, maxLength: 4 },
  )
  .filter((list) => !refusesIdentity(list) && new Set(list.map((c) => c.coding)).size === list.length)
  .map((list) => list.map(({ coding, q }) => `${coding}${q ? `;q=${q}` : ""}`).join(", "));

const acceptEncoding: RequestDimension<string | null> = {
  kind: "request",
  id: "accept-encoding",
  relation: "neutral",
  what: "Accept-Encoding variants (identity only, one coding, lists with q-values, q=0 exclusions, none)",
  twilio:
    "a content coding changes the bytes on the wire, not the representation: decoded, the body is the canonical one, in a coding the request accepts (RFC 9110 §12.5.3)",
  stage: "headers",
  values: () =>
    fc.oneof(
      { weight: 4, arbitrary: encodingList },
      { weight: 1, arbitrary: fc.constantFrom<string | null>("identity", "gzip, deflate, br") },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
  samples: () => ["gzip;q=0, identity", "identity;q=1, *;q=0", null],
  apply: (draft, value) => setHeader(draft, "Accept-Encoding", value === null ? null : [value]),
  describe: (value) => (value === null ? "no Accept-Encoding" : `Accept-Encoding: ${value}`),
};

const USER_AGENTS = [
  "curl/8.5.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "python-requests/2.32.3",
  "Go-http-client/1.1",
  "axios/1.7.9",
  "okhttp/4.12.0",
  "twilio-python/9.3.7 (Linux x86_64) Python/3.12.7",
] as const;

const userAgent: RequestDimension<string | null> = {
  kind: "request",
  id: "user-agent",
  relation: "neutral",
  what: "User-Agents of the SDKs, curl and browsers, or none",
  twilio: "an API answers what is asked, not who asks: the same request from another client gets the same answer",
  stage: "headers",
  values: () => fc.oneof(fc.constantFrom<string | null>(...USER_AGENTS), fc.constant(null)),
  samples: () => [USER_AGENTS[0], USER_AGENTS[1]],
  apply: (draft, value) => setHeader(draft, "User-Agent", value === null ? null : [value]),
  describe: (value) => (value === null ? "no User-Agent" : `User-Agent: ${value}`),
};

const origin: RequestDimension<string> = {
  kind: "request",
  id: "origin",
  relation: "neutral",
  what: "an Origin, as a browser's cross-origin fetch sends one",
  twilio:
    "an Origin may add CORS headers (that Vary names), never change the status or the body: a browser reads the same participant",
  stage: "headers",
  values: () => fc.constantFrom("https://app.example.com", "http://localhost:3000", "null", "https://example.org:8443"),
  samples: () => ["https://app.example.com"],
  apply: (draft, value) => setHeader(draft, "Origin", [value]),
  describe: (value) => `Origin: ${value}`,
};

/** Headers real clients, browsers and proxies add that say nothing of what is asked. */
const UNRELATED: readonly (readonly [string, string])[] = [
  ["Cache-Control", "no-cache"],
  ["Pragma", "no-cache"],
  ["Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8"],
  ["DNT", "1"],
  ["Cookie", "theme=dark; lang=fr"],
  ["X-Request-Id", "3f9c2a8e-0b1d-4c6e-9a7f-2d5b8e1c4a60"],
  ["X-Forwarded-For", "203.0.113.7"],
  ["Sec-Fetch-Mode", "cors"],
  ["Referer", "https://app.example.com/participants"],
  ["Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
];

/** Header names that do mean something to a server or a proxy: a random name must not be one of them. */
const MEANINGFUL = /^x-(?:forwarded|real-ip|original|http-method|method-override|rewrite|accel|host|scheme|proto)/i;

const unrelatedHeaders: RequestDimension<(readonly [string, string])[]> = {
  kind: "request",
  id: "unrelated-headers",
  relation: "neutral",
  what: "unrelated headers (caches, languages, cookies, tracing, random X- headers)",
  twilio: "headers that say nothing of the participant or the caller change nothing",
  stage: "headers",
  values: () =>
    fc.array(
      fc.oneof(
        fc.constantFrom(...UNRELATED),
        fc
          .tuple(
            fc
              .tuple(word(UPPER, LOWER, 2, 8), fc.option(word(UPPER, LOWER, 2, 8), { nil: undefined }))
              .map(([a, b]) => `X-${a}${b ? `-${b}` : ""}`),
            text(`${ALNUM}._-`, 1, 16),
          )
          .filter(([name]) => !MEANINGFUL.test(name)),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  samples: () => [[...UNRELATED]],
  apply: (draft, headers) => {
    for (const [name, value] of headers) {
      if (name.toLowerCase() === "cookie") addCookie(draft, [value]);
      else setHeader(draft, name, [value]);
    }
  },
  describe: (headers) => headers.map(([name, value]) => `${name}: ${value}`).join("; "),
};

type Spelling = "lower" | "upper" | "alternating";
const spell = (text: string, how: Spelling) =>
  how === "lower"
    ? text.toLowerCase()
    : how === "upper"
      ? text.toUpperCase()
      : [...text].map((c, i) => (i % 2 ? c.toLowerCase() : c.toUpperCase())).join("");

const headerNameCase: RequestDimension<Spelling> = {
  kind: "request",
  id: "header-name-case",
  relation: "neutral",
  what: "header names in another letter case (authorization, ACCEPT, AuThOrIzAtIoN)",
  twilio: "header names are case-insensitive (RFC 9110 §5.1): HTTP/2 sends them all in lower case",
  stage: "spelling",
  values: () => fc.constantFrom<Spelling>("lower", "upper", "alternating"),
  samples: () => ["lower", "upper"],
  apply: (draft, how) => {
    draft.headers = draft.headers.map(([name, value]) => [spell(name, how), value]);
  },
  describe: (how) => `header names in ${how} case`,
};

const schemeCase: RequestDimension<Spelling> = {
  kind: "request",
  id: "authorization-scheme-case",
  relation: "neutral",
  what: "the Authorization scheme in another letter case (basic, BASIC, BaSiC)",
  twilio: "the authentication scheme is case-insensitive (RFC 9110 §11.1): basic is Basic",
  stage: "spelling",
  values: () => fc.constantFrom<Spelling>("lower", "upper", "alternating"),
  samples: () => ["lower", "upper"],
  apply: (draft, how) => {
    const at = headerIndex(draft, "authorization");
    const header = draft.headers[at];
    const [first, ...rest] = header?.[1] ?? [];
    if (!header || typeof first !== "string" || !/^basic /i.test(first)) return;
    draft.headers[at] = [header[0], [`${spell("Basic", how)}${first.slice(5)}`, ...rest]];
  },
  describe: (how) => `the scheme Basic in ${how} case`,
};

// --- conditional: 304 only for the answer's own validator ------------------------------------

type TagChoice = "other" | "other-weak" | "own" | "own-weak" | "star" | "list-with-own";

/** The canonical answer's ETag, when it gives one. */
const etagOf = (ctx: DimensionContext, variant: VariantName) => ctx.canonical[variant]?.headers.etag;

/** An If-Modified-Since beside If-None-Match: later than the modification date, so it would match, were it read. */
type Beside = "none" | "matching-date";

const ifNoneMatch: RequestDimension<{ choice: TagChoice; nonce: string; beside?: Beside }> = {
  kind: "request",
  id: "if-none-match",
  relation: "conditional",
  what: "If-None-Match with another ETag, or with the answer's own (as is, weak, in a list, or *), alone or beside an If-Modified-Since that would match",
  twilio:
    "a validator that does not match the answer's own gets 200 and the full body; 304 only for a match (RFC 9110 §13.1.2, weak comparison); If-None-Match decides, whatever If-Modified-Since says (§13.2.2)",
  stage: "headers",
  values: () =>
    fc.record({
      choice: fc.constantFrom<TagChoice>("other", "own", "other-weak", "own-weak", "star", "list-with-own"),
      nonce: text(HEX, 16, 16),
      beside: fc.constantFrom<Beside>("none", "matching-date"),
    }),
  samples: () => [
    { choice: "other", nonce: "0123456789abcdef" },
    { choice: "other-weak", nonce: "0123456789abcdef" },
    { choice: "other", nonce: "0123456789abcdef", beside: "matching-date" },
  ],
  apply: (draft, { choice, nonce, beside }, ctx) => {
    const own = etagOf(ctx, draft.participant);
    const another = `"${nonce}"`;
    const opaque = own?.replace(/^W\//, "");
    const value: Record<TagChoice, string> = {
      other: another,
      "other-weak": `W/${another}`,
      // Without an ETag of its own, the answer has no validator to match: `*` matches whatever it is.
      own: own ?? "*",
      "own-weak": opaque ? `W/${opaque}` : `W/${another}`,
      star: "*",
      "list-with-own": own ? `${another}, ${own}` : another,
    };
    setHeader(draft, "If-None-Match", [value[choice]]);
    if (beside === "matching-date") {
      const modified = modifiedAt(ctx.canonical[draft.participant]) ?? Date.parse("2015-07-30T20:00:00Z");
      setHeader(draft, "If-Modified-Since", [new Date(modified + DAY_MS).toUTCString()]);
    }
  },
  describe: ({ choice, beside }) =>
    `If-None-Match: (${choice} ETag)${beside === "matching-date" ? " beside an If-Modified-Since that would match" : ""}`,
};

type DateChoice = "epoch" | "before" | "after";

/** The canonical answer's modification date: Last-Modified, else the body's date_updated. */
export function modifiedAt(response: HttpResponse | undefined): number | undefined {
  if (!response) return undefined;
  const header = response.headers["last-modified"];
  const fromHeader = header ? Date.parse(header) : Number.NaN;
  if (!Number.isNaN(fromHeader)) return fromHeader;
  try {
    const updated = (JSON.parse(response.body.toString("utf8")) as { date_updated?: unknown }).date_updated;
    const at = typeof updated === "string" ? Date.parse(updated) : Number.NaN;
    return Number.isNaN(at) ? undefined : at;
  } catch {
    return undefined;
  }
}

const DAY_MS = 86_400_000;

const ifModifiedSince: RequestDimension<DateChoice> = {
  kind: "request",
  id: "if-modified-since",
  relation: "conditional",
  what: "If-Modified-Since earlier than the answer's modification date, or later",
  twilio:
    "a date before the participant last changed gets 200 and the full body; 304 only when it has not changed since (RFC 9110 §13.1.3)",
  stage: "headers",
  values: () => fc.constantFrom<DateChoice>("epoch", "before", "after"),
  samples: () => ["epoch", "before"],
  apply: (draft, choice, ctx) => {
    const modified = modifiedAt(ctx.canonical[draft.participant]) ?? Date.parse("2015-07-30T20:00:00Z");
    const at = choice === "epoch" ? 0 : choice === "before" ? modified - DAY_MS : modified + DAY_MS;
    setHeader(draft, "If-Modified-Since", [new Date(at).toUTCString()]);
  },
  describe: (choice) => `If-Modified-Since (${choice} the modification date)`,
};

// --- credential-breaking: 401 20003 ----------------------------------------------------------

const PLACES = [
  "query-twilio",
  "query-user-password",
  "query-access-token",
  "cookie-pair",
  "cookie-basic",
  "x-auth-headers",
  "proxy-authorization",
  "x-authorization",
  "account-header",
] as const;
type Place = (typeof PLACES)[number];

/** One more cookie on the request's Cookie header (RFC 6265 §5.4: one header, pairs joined by "; "). */
function addCookie(draft: Draft, pair: Piece[]): void {
  const existing = draft.headers[headerIndex(draft, "cookie")]?.[1];
  setHeader(draft, "Cookie", existing ? [...existing, "; ", ...pair] : pair);
}

/** Puts the right credentials in one place other than Authorization. */
function moveTo(draft: Draft, place: Place): void {
  const sid = cred("accountSid");
  const token = cred("authToken");
  const pair: Piece = { base64: [sid, ":", token] };
  switch (place) {
    case "query-twilio":
      draft.query.push(["AccountSid", [sid]], ["AuthToken", [token]]);
      return;
    case "query-user-password":
      draft.query.push(["username", [sid]], ["password", [token]]);
      return;
    case "query-access-token":
      draft.query.push(["access_token", [pair]]);
      return;
    case "cookie-pair":
      addCookie(draft, ["AccountSid=", sid, "; AuthToken=", token]);
      return;
    case "cookie-basic":
      addCookie(draft, ["auth=", pair]);
      return;
    case "x-auth-headers":
      setHeader(draft, "X-Account-Sid", [sid]);
      setHeader(draft, "X-Auth-Token", [token]);
      return;
    case "proxy-authorization":
      setHeader(draft, "Proxy-Authorization", [...RIGHT_BASIC]);
      return;
    case "x-authorization":
      setHeader(draft, "X-Authorization", [...RIGHT_BASIC]);
      return;
    case "account-header":
      // The account named, with no secret at all: a gateway that trusts a header its clients set.
      setHeader(draft, "X-Twilio-AccountSid", [sid]);
      return;
  }
}

const credentialsMoved: RequestDimension<Place[]> = {
  kind: "request",
  id: "credentials-moved",
  relation: "unauthenticated",
  what: "the right credentials moved out of Authorization (query parameters named like Twilio's, cookies, other headers), the account named in a header with no secret, or left out",
  twilio:
    "Twilio takes credentials from the Authorization header only: credentials anywhere else, where logs, caches and browsers keep them, are no credentials",
  stage: "headers",
  values: () => fc.subarray([...PLACES]),
  samples: () => [[...PLACES]],
  apply: (draft, places) => {
    setHeader(draft, "Authorization", null);
    // Two places may name the same cookie: the later one wins, as it would in any client.
    for (const place of places) moveTo(draft, place);
  },
  describe: (places) => (places.length ? `the credentials moved to ${places.join(", ")}` : "no credentials at all"),
};

type Scheme = "bearer-token" | "bearer-basic" | "token" | "basic-unencoded";

const authorizationScheme: RequestDimension<Scheme> = {
  kind: "request",
  id: "authorization-scheme",
  relation: "unauthenticated",
  what: "the right credentials under another scheme, or not base64-encoded (Bearer, Token, Basic SID:token as text)",
  twilio: "only HTTP Basic with the base64 of SID:token authenticates (RFC 7617)",
  stage: "headers",
  values: () => fc.constantFrom<Scheme>("bearer-token", "bearer-basic", "token", "basic-unencoded"),
  samples: () => ["bearer-token", "bearer-basic", "token", "basic-unencoded"],
  apply: (draft, scheme) => {
    const sid = cred("accountSid");
    const token = cred("authToken");
    const value: Record<Scheme, Piece[]> = {
      "bearer-token": ["Bearer ", token],
      "bearer-basic": ["Bearer ", { base64: [sid, ":", token] }],
      token: ["Token ", token],
      "basic-unencoded": ["Basic ", sid, ":", token],
    };
    setHeader(draft, "Authorization", value[scheme]);
  },
  describe: (scheme) => `Authorization as ${scheme}`,
};

type Position = "after-prefix" | "middle" | "last" | number;
const position = () => fc.oneof(fc.constantFrom<Position>("after-prefix", "middle", "last"), fc.nat({ max: 40 }));

/** Where a position falls in a value of this length; `after-prefix` is the first character after a SID's two letters. */
function indexOf(at: Position, length: number, prefix: number): number {
  if (at === "after-prefix") return Math.min(prefix, length - 1);
  if (at === "middle") return Math.floor(length / 2);
  if (at === "last") return length - 1;
  return Math.min(at, Math.max(length - 1, 0));
}

/** A character other than `c` (and not `c` in another case), `k` steps on in its own alphabet: a hex digit stays one. */
export function otherChar(c: string, k: number): string {
  const lower = c.toLowerCase();
  if (HEX.includes(lower)) return HEX[(HEX.indexOf(lower) + 1 + (k % 15)) % 16] ?? "0";
  const at = ALNUM.indexOf(c);
  const next = ALNUM[(Math.max(at, 0) + 1 + (k % 61)) % 62] ?? "0";
  return next.toLowerCase() === lower ? "0" : next;
}

/** What a one-character edit may change: the account's SID or token, or its API key's SID or secret. */
type EditTarget = "authToken" | "accountSid" | "apiSecret" | "apiKey";
type EditParams = { target: EditTarget; op: CharEdit["op"]; at: Position; k: number };

/** The pair each target belongs to, and the prefix its value starts with (a SID's two letters). */
const EDITED: Record<EditTarget, { user: CredentialName; password: CredentialName; prefix: number; words: string }> = {
  authToken: { user: "accountSid", password: "authToken", prefix: 0, words: "auth token" },
  accountSid: { user: "accountSid", password: "authToken", prefix: 2, words: "account SID" },
  apiSecret: { user: "apiKey", password: "apiSecret", prefix: 0, words: "API key's secret" },
  apiKey: { user: "apiKey", password: "apiSecret", prefix: 2, words: "API key's SID" },
};

/** The targets a run can edit: the key's only when the fixtures name one. */
const editTargets = (ctx: DimensionContext): EditTarget[] =>
  ctx.secrets.apiKey ? ["authToken", "accountSid", "apiSecret", "apiKey"] : ["authToken", "accountSid"];

/** The edit a position and op make of a value: a character that differs from the one it replaces. */
function editOf(value: string, { op, at, k }: Omit<EditParams, "target">, prefix: number): CharEdit {
  const index = indexOf(at, value.length, prefix);
  if (op === "delete") return { op, at: index };
  if (op === "insert") return { op, at: index, char: HEX[k % 16] ?? "0" };
  return { op, at: index, char: otherChar(value[index] ?? "0", k) };
}

const credentialEdit: RequestDimension<EditParams> = {
  kind: "request",
  id: "credential-edit",
  relation: "unauthenticated",
  what: "the account SID or the auth token (or the API key's SID or secret) changed by one character (replaced, inserted or deleted) anywhere",
  twilio:
    "the whole credential is compared, every character: one that differs by one character anywhere is wrong (a comparison by prefix, by length or ignoring case lets it through)",
  stage: "headers",
  values: (ctx) =>
    fc.record({
      target: fc.constantFrom<EditTarget>(...editTargets(ctx)),
      op: fc.constantFrom<CharEdit["op"]>("replace", "insert", "delete"),
      at: position(),
      k: fc.nat({ max: 14 }),
    }),
  // The last character first (a comparison by prefix misses it), each credential in turn.
  samples: (ctx) =>
    (["last", "middle", "after-prefix"] as const).flatMap((at) =>
      editTargets(ctx).map((target): EditParams => ({ target, op: "replace", at, k: 0 })),
    ),
  apply: (draft, params, ctx) => {
    const { user, password, prefix } = EDITED[params.target];
    const edit = editOf(ctx.secrets[params.target] ?? "", params, prefix);
    const edited = (name: CredentialName) => cred(name, name === params.target ? edit : undefined);
    setHeader(draft, "Authorization", basicOf(edited(user), edited(password)));
  },
  describe: ({ target, op, at }) =>
    `the ${EDITED[target].words} with one character ${op === "replace" ? "replaced" : op === "insert" ? "inserted" : "deleted"} (${typeof at === "number" ? `at ${at}` : at})`,
};

/** An Authorization with a role's pair of credentials (core/request.ts), as Basic. */
const pairOf = (role: PairRole) => {
  const [user, password] = CREDENTIAL_PAIRS[role];
  return basicOf(cred(user), cred(password));
};

/** The pairs of one account's (or key's) user with another's password: each belongs to nobody. */
const MIXED = [
  "account-sid-other-token",
  "other-sid-account-token",
  "api-key-account-token",
  "account-sid-key-secret",
  "api-key-other-key-secret",
] as const satisfies readonly PairRole[];
type Mixed = (typeof MIXED)[number];

/** The mixed pairs a run can send: each needs both of its credentials. */
const mixes = (ctx: DimensionContext): Mixed[] =>
  MIXED.filter((m) => CREDENTIAL_PAIRS[m].every((name) => ctx.secrets[name] !== undefined));

const mixedPair: RequestDimension<Mixed> = {
  kind: "request",
  id: "mixed-pair",
  relation: "unauthenticated",
  what: "one credential's user with another's password (the other account's token, an API key with the account's token, the account with the key's secret)",
  twilio: "a credential is a pair: an account's SID, or an API key's, goes only with its own token or secret",
  stage: "headers",
  needs: (ctx) => (mixes(ctx).length ? undefined : OTHER_ACCOUNT_MISSING),
  values: (ctx) => fc.constantFrom<Mixed>(...mixes(ctx)),
  samples: (ctx) => mixes(ctx),
  apply: (draft, mixed) => setHeader(draft, "Authorization", pairOf(mixed)),
  describe: (mixed) => `the mixed pair ${mixed}`,
};

const API_KEY_MISSING = fixtureMissing("apiKey");

const apiKey: RequestDimension<"api-key"> = {
  kind: "request",
  id: "api-key",
  relation: "neutral",
  what: "the account's API key and its secret in place of the account SID and auth token",
  twilio:
    "an API key authenticates as its account (Twilio's production guidance): the same request with the key gets the same answer",
  stage: "headers",
  needs: (ctx) => (ctx.secrets.apiKey ? undefined : API_KEY_MISSING),
  values: () => fc.constant("api-key" as const),
  samples: () => ["api-key"],
  apply: (draft) => setHeader(draft, "Authorization", pairOf("api-key")),
  describe: () => "the account's API key",
};

// --- identity-breaking: 404 20404 ------------------------------------------------------------

type Other = "other-account" | "other-api-key";
const others = (ctx: DimensionContext): Other[] =>
  ctx.secrets.otherApiKey ? ["other-account", "other-api-key"] : ["other-account"];

const otherAccount: RequestDimension<Other> = {
  kind: "request",
  id: "other-account",
  relation: "not-found",
  what: "the other account's own (valid) credentials: its SID and token, or its API key",
  twilio: "an account sees only its own participants: another account's is a participant that does not exist",
  stage: "headers",
  needs: needsOther,
  values: (ctx) => fc.constantFrom<Other>(...others(ctx)),
  samples: (ctx) => others(ctx),
  apply: (draft, which) => setHeader(draft, "Authorization", pairOf(which)),
  describe: (which) => CREDENTIAL_ROLE_TEXT[which],
};

type Segment = RefPart["segment"];
const SEGMENTS = REF_PARTS.map((p) => p.segment);
const keyOf = (segment: Segment) => REF_PARTS.find((p) => p.segment === segment)?.key ?? "participantSid";

const sidEdit: RequestDimension<{ segment: Segment; at: Position; k: number }> = {
  kind: "request",
  id: "sid-edit",
  relation: "not-found",
  what: "a path SID changed in one hex digit (right after the prefix, in the middle, the last, anywhere)",
  twilio:
    "a SID names one resource, compared whole: one that differs by one digit names nothing (a lookup by prefix or on part of the SID serves the wrong participant)",
  stage: "path",
  values: () => fc.record({ segment: fc.constantFrom<Segment>(...SEGMENTS), at: position(), k: fc.nat({ max: 14 }) }),
  // The last digit first (a comparison on part of the SID misses it), each segment in turn.
  samples: () =>
    (["last", "middle", "after-prefix"] as const).flatMap((at) =>
      [...SEGMENTS].reverse().map((segment) => ({ segment, at, k: 0 })),
    ),
  apply: (draft, { segment, at, k }) => {
    const key = keyOf(segment);
    const sid = draft.ref[key];
    // Past the two letters of the prefix: the SID stays well formed, only another.
    const index = Math.max(2, indexOf(at, sid.length, 2));
    draft.ref[key] = `${sid.slice(0, index)}${otherChar(sid[index] ?? "0", k)}${sid.slice(index + 1)}`;
  },
  describe: ({ segment, at }) =>
    `the ${segment} SID with one digit changed (${typeof at === "number" ? `at ${at}` : at})`,
};

type LengthOp = "append" | "drop-last" | "insert" | "delete";

const sidLength: RequestDimension<{ segment: Segment; op: LengthOp; at: Position; k: number }> = {
  kind: "request",
  id: "sid-length",
  relation: "malformed",
  what: "a path SID one character longer or shorter",
  twilio:
    "a SID is its prefix and 32 hex digits: one of another length names nothing (404, Twilio's answer; 400 or 422 say so honestly)",
  stage: "path",
  values: () =>
    fc.record({
      segment: fc.constantFrom<Segment>(...SEGMENTS),
      op: fc.constantFrom<LengthOp>("drop-last", "append", "insert", "delete"),
      at: position(),
      k: fc.nat({ max: 15 }),
    }),
  samples: () =>
    (["append", "drop-last"] as const).flatMap((op) =>
      [...SEGMENTS].reverse().map((segment) => ({ segment, op, at: "last" as Position, k: 0 })),
    ),
  apply: (draft, { segment, op, at, k }) => {
    const key = keyOf(segment);
    const sid = draft.ref[key];
    const index = Math.max(2, indexOf(at, sid.length, 2));
    const digit = HEX[k % 16] ?? "0";
    const edited: Record<LengthOp, string> = {
      append: `${sid}${digit}`,
      "drop-last": sid.slice(0, -1),
      insert: `${sid.slice(0, index)}${digit}${sid.slice(index)}`,
      delete: `${sid.slice(0, index)}${sid.slice(index + 1)}`,
    };
    draft.ref[key] = edited[op];
  },
  describe: ({ segment, op }) =>
    `the ${segment} SID ${op === "append" || op === "insert" ? "one longer" : "one shorter"} (${op})`,
};

type Pick = "own" | "other";

const sidSwap: RequestDimension<Record<Segment, Pick>> = {
  kind: "request",
  id: "sid-swap",
  relation: "not-found",
  what: "path SIDs swapped with the other participant's (its service, its session, itself)",
  twilio:
    "the path names the parents: a participant exists only under its own service and session (when the swap names the other participant whole, the answer is that participant's canonical one)",
  stage: "path",
  values: () =>
    fc
      .record({
        service: fc.constantFrom<Pick>("own", "other"),
        session: fc.constantFrom<Pick>("own", "other"),
        participant: fc.constantFrom<Pick>("own", "other"),
      })
      .filter((r) => Object.values(r).includes("other")),
  samples: () => [
    { service: "own", session: "own", participant: "other" },
    { service: "own", session: "other", participant: "own" },
    { service: "other", session: "own", participant: "own" },
  ],
  apply: (draft, picks, ctx) => {
    const neighbour = ctx.refs[other(draft.participant)];
    for (const segment of SEGMENTS) {
      const key = keyOf(segment);
      if (picks[segment] === "other") draft.ref[key] = neighbour[key];
    }
  },
  describe: (picks) =>
    `the other participant's ${SEGMENTS.filter((s) => picks[s] === "other").join(" and ")} SID${SEGMENTS.filter((s) => picks[s] === "other").length > 1 ? "s" : ""}`,
};

// --- how requests travel together -----------------------------------------------------------

const keptAliveOrder: SequenceDimension = {
  kind: "sequence",
  id: "kept-alive-order",
  relation: "repetition",
  what: "both participants' requests, and requests that must fail, in turn on one kept-alive connection",
  twilio:
    "every request is answered on its own: what came before it on the connection (another participant, a 401, a 404) changes nothing",
};

const repeatedReads: SequenceDimension = {
  kind: "sequence",
  id: "repeated-reads",
  relation: "repetition",
  what: "the same GET many times, on new connections and all at once, interleaved with the other participant's, and again in a later second when the answer's dates are recent",
  twilio:
    "a read changes nothing: every answer to the same request is the same bytes (a date_updated that moves on each GET says the participant changed when it did not)",
};

/** The table: every dimension of the request space, in the order reports list them. */
export const DIMENSIONS: readonly Dimension[] = [
  queryParameters,
  accept,
  acceptEncoding,
  userAgent,
  origin,
  unrelatedHeaders,
  headerNameCase,
  schemeCase,
  ifNoneMatch,
  ifModifiedSince,
  credentialsMoved,
  authorizationScheme,
  apiKey,
  credentialEdit,
  mixedPair,
  otherAccount,
  sidEdit,
  sidLength,
  sidSwap,
  keptAliveOrder,
  repeatedReads,
];

export type { RequestDimension, SequenceDimension };

/** The request dimensions, by id. */
export const REQUEST_DIMENSIONS: ReadonlyMap<string, RequestDimension<unknown>> = new Map(
  DIMENSIONS.filter((d): d is RequestDimension<unknown> => d.kind === "request").map((d) => [d.id, d]),
);

/** The stage order of a perturbation's dimension: path, then headers, then spelling; the table's order within a stage. */
export function applyOrder(dimension: string): number {
  const d = REQUEST_DIMENSIONS.get(dimension);
  if (!d) return Number.MAX_SAFE_INTEGER;
  return STAGE_ORDER[d.stage] * 1000 + DIMENSIONS.indexOf(d);
}
