/**
 * The oracle of the generated part: what a request's answer must be, read from the request
 * itself (who its Authorization names, which participant its path names, whether a
 * validator it carries matches the answer's own), and the relations that judge the answer
 * against it. No expected answer is written per request: a request that changes nothing
 * gets the canonical answer, byte for byte; one that breaks the credentials gets 401 20003;
 * one that names nothing gets 404 20404; and none of those error answers holds anything of
 * the participant the request did not carry.
 */
import type { VariantName } from "../../core/cases.js";
import { parseBasic } from "../../core/credentials.js";
import type { Finding } from "../../core/findings.js";
import { type PairRole, pairRoleOf } from "../../core/request.js";
import { pathParamsOf } from "../../core/resource.js";
import { resolvePieces } from "../../core/template.js";
import { judgeContentType, judgeError } from "../../judge/answer.js";
import { TWILIO_ERROR_ANSWERS } from "../../judge/exchange.js";
import { type HttpResponse, headerList } from "../../net/reader.js";
import { isValid } from "../../schema/validate.js";
import { type DimensionContext, modifiedAt } from "./dimensions.js";
import { type Draft, headerIndex, type Secrets } from "./model.js";

/** What an answer must be. */
export type Expectation =
  /** The canonical answer of this participant. */
  | { relation: "neutral"; participant: VariantName }
  /** 304 without a body (the request's validator matches the answer's own), or the canonical answer. */
  | { relation: "not-modified"; participant: VariantName }
  /** 401 with Twilio's 20003 body. */
  | { relation: "unauthenticated" }
  /** 404 with Twilio's 20404 body. */
  | { relation: "not-found" }
  /** A SID that cannot name anything: 404 (Twilio's answer), 400 or 422, with Twilio's error body. */
  | { relation: "malformed" };

/** Each relation in words: the checks' titles and docs/probes.md say the same. */
export const RELATION_WORDS: Record<Expectation["relation"], string> = {
  neutral: "the canonical answer: the same status and body bytes, headers differing only where HTTP lets them",
  "not-modified":
    "304 without a body, carrying the validator and caching headers the 200 would, or the canonical answer",
  unauthenticated: "401 with Twilio's 20003 body, and nothing of the participant",
  "not-found": "404 with Twilio's 20404 body, and nothing of the participant",
  malformed: "404 (or 400/422) with Twilio's error body, and nothing of the participant",
};

const value = (draft: Draft, name: string, secrets: Secrets): string | undefined => {
  const header = draft.headers[headerIndex(draft, name)];
  return header ? resolvePieces(header[1], secrets) : undefined;
};

/** The pairs that authenticate as each account: its SID and token, or its API key and the key's secret. */
const CALLERS = { account: ["right", "api-key"], other: ["other-account", "other-api-key"] } as const satisfies Record<
  string,
  readonly PairRole[]
>;

/**
 * Who the Authorization header names (RFC 7617: Basic, the scheme in any case): the account
 * (a key authenticates as its account), the other account, or nobody.
 */
function callerOf(draft: Draft, secrets: Secrets): "account" | "other" | "nobody" {
  const credentials = parseBasic(value(draft, "authorization", secrets));
  if (!credentials) return "nobody";
  const role = pairRoleOf(credentials, secrets);
  if (CALLERS.account.some((r) => r === role)) return "account";
  if (CALLERS.other.some((r) => r === role)) return "other";
  return "nobody";
}

/** The entity-tags of an If-None-Match list, `*` included: split on commas outside quotes. */
export function entityTags(header: string): string[] {
  const tags: string[] = [];
  let current = "";
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      tags.push(current.trim());
      current = "";
    } else current += c;
  }
  tags.push(current.trim());
  return tags.filter((t) => t !== "");
}

/** Weak comparison (RFC 9110 §8.8.3.2): the opaque tags are equal, whatever W/ says. */
const weakly = (tag: string) => tag.replace(/^W\//, "");

/** Whether a request's validators match the canonical answer's own: If-None-Match first, as RFC 9110 §13.2.2 orders them. */
function validatorMatches(draft: Draft, secrets: Secrets, canonical: HttpResponse | undefined): boolean {
  const noneMatch = value(draft, "if-none-match", secrets);
  if (noneMatch !== undefined) {
    const own = canonical?.headers.etag;
    return entityTags(noneMatch).some((tag) => tag === "*" || (own !== undefined && weakly(tag) === weakly(own)));
  }
  const since = value(draft, "if-modified-since", secrets);
  if (since === undefined) return false;
  const asked = Date.parse(since);
  const modified = modifiedAt(canonical);
  return !Number.isNaN(asked) && modified !== undefined && asked >= modified;
}

/**
 * What the answer to a request must be, from the request alone: credentials first (an
 * unknown SID tells a caller without them nothing), then the SIDs (malformed, another
 * account's, or naming no known participant), then the validators.
 */
export function expectationOf(draft: Draft, secrets: Secrets, ctx: DimensionContext): Expectation {
  const caller = callerOf(draft, secrets);
  if (caller === "nobody") return { relation: "unauthenticated" };
  if (!isValid("pathParams", pathParamsOf(draft.ref))) return { relation: "malformed" };
  if (caller === "other") return { relation: "not-found" };
  const named = (["phone", "messenger"] as const).find((v) => {
    const ref = ctx.refs[v];
    return (
      ref.serviceSid === draft.ref.serviceSid &&
      ref.sessionSid === draft.ref.sessionSid &&
      ref.participantSid === draft.ref.participantSid
    );
  });
  if (!named) return { relation: "not-found" };
  return validatorMatches(draft, secrets, ctx.canonical[named])
    ? { relation: "not-modified", participant: named }
    : { relation: "neutral", participant: named };
}

const { unauthorized, notFound, malformed } = TWILIO_ERROR_ANSWERS;

/** The request as sent, lower-case names: what Vary is read against. */
export type SentHeaders = Readonly<Record<string, string>>;

/** A canonical answer, and the headers of the request that got it. */
export interface CanonicalAnswer {
  response: HttpResponse;
  sent: SentHeaders;
}

/** Headers that describe the representation: equal to the canonical answer's unless Vary names a request header that differs. */
const REPRESENTATION: Record<string, (v: string) => string> = {
  "content-type": (v) => (v.split(";")[0] ?? "").trim().toLowerCase(),
  "content-language": (v) => v.trim().toLowerCase(),
  "cache-control": (v) => headerList(v).sort().join(","),
  "last-modified": (v) => String(Date.parse(v)),
  etag: (v) => v.trim(),
};

/** The request headers Vary names that this request sent otherwise than the canonical one (`*`: any). */
function varyCovers(response: HttpResponse, canonical: CanonicalAnswer, sent: SentHeaders): boolean {
  const vary = [response.headers.vary, canonical.response.headers.vary].flatMap(headerList);
  return vary.some((name) => name === "*" || (sent[name] ?? "") !== (canonical.sent[name] ?? ""));
}

const SAME = "the request differs from the canonical one only in what changes nothing";
const relation = (canonical: unknown) => ({ keyword: "relation", value: canonical });

/** The first top-level field whose JSON differs, as a finding; undefined when the JSON is equal. */
function fieldDifference(actual: unknown, canonical: unknown): Finding | undefined {
  if (typeof actual !== "object" || actual === null || typeof canonical !== "object" || canonical === null)
    return undefined;
  const a = actual as Record<string, unknown>;
  const c = canonical as Record<string, unknown>;
  for (const key of new Set([...Object.keys(c), ...Object.keys(a)])) {
    if (JSON.stringify(a[key]) === JSON.stringify(c[key])) continue;
    return {
      kind: "body",
      field: key,
      rule: `must equal the canonical answer's ${key}: ${SAME}, and a read changes nothing`,
      ...(key in a ? { actual: a[key] } : {}),
      expected: relation(c[key] ?? null),
      pointer: `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`,
    };
  }
  return undefined;
}

function parseJson(bytes: Buffer): { json: unknown } | undefined {
  try {
    return { json: JSON.parse(bytes.toString("utf8")) };
  } catch {
    return undefined;
  }
}

/** The answer judged against the canonical one: status, body bytes after decoding, representation headers. */
export function judgeNeutral(response: HttpResponse, canonical: CanonicalAnswer, sent: SentHeaders): Finding[] {
  const c = canonical.response;
  if (response.status !== c.status)
    return [
      {
        kind: "status",
        field: "status",
        rule: `must be ${c.status}, the canonical answer's status: ${SAME}`,
        actual: response.status,
        expected: { keyword: "status", value: c.status },
      },
    ];
  const findings: Finding[] = response.status === 200 ? judgeContentType(response) : [];
  if (!response.truncated && !c.truncated && !response.body.equals(c.body)) {
    const a = parseJson(response.body);
    const b = parseJson(c.body);
    const field = a && b ? fieldDifference(a.json, b.json) : undefined;
    findings.push(
      field ?? {
        kind: "body",
        field: "(body)",
        rule:
          a && b
            ? `must be the canonical answer's bytes: the same JSON in other bytes (key order, spacing or escapes); ${SAME}`
            : `must be the canonical answer's bytes: ${SAME}`,
        actual: `${response.body.length} bytes (the canonical answer has ${c.body.length})`,
        expected: relation(null),
      },
    );
  }
  const recoded = (response.headers["content-encoding"] ?? "") !== (c.headers["content-encoding"] ?? "");
  // Vary lets the representation differ; it never lets two representations share a strong validator.
  findings.push(...sameStrongTag(response, c, recoded));
  if (varyCovers(response, canonical, sent)) return findings;
  for (const [name, normal] of Object.entries(REPRESENTATION)) {
    // A representation in another coding is another representation: its own validator (RFC 9110 §8.8.3).
    if (name === "etag" && recoded) continue;
    const got = response.headers[name];
    const want = c.headers[name];
    if ((got === undefined ? undefined : normal(got)) === (want === undefined ? undefined : normal(want))) continue;
    findings.push({
      kind: "header",
      field: name,
      rule: `must equal the canonical answer's ${name}: ${SAME}, and no Vary header names a request header this one sent otherwise`,
      ...(got !== undefined ? { actual: got } : {}),
      expected: relation(want ?? null),
    });
  }
  return findings;
}

/** What a 304 must carry of what the 200 would (RFC 9110 §15.4.5): a client updates its stored copy from them. */
const KEPT_BY_304 = ["etag", "cache-control", "vary", "content-location", "expires"] as const;

/**
 * A strong ETag names one representation's bytes (RFC 9110 §8.8.3): the same one on the
 * participant in another content coding tells a cache the gzip bytes and the plain ones are
 * interchangeable, and a range or a revalidation then mixes them up.
 */
function sameStrongTag(response: HttpResponse, canonical: HttpResponse, recoded: boolean): Finding[] {
  const tag = response.headers.etag;
  if (!recoded || tag === undefined || tag.startsWith("W/") || tag !== canonical.headers.etag) return [];
  return [
    {
      kind: "header",
      field: "etag",
      rule: "must differ from the canonical answer's strong ETag, or be weak: the answer is in another content coding, other bytes, and a strong validator names one representation's bytes (RFC 9110 §8.8.3)",
      actual: tag,
      expected: { keyword: "relation", value: "another strong ETag" },
    },
  ];
}

/** A 304: the request's validator matched; it has no content, and carries the canonical answer's validator and caching headers. */
function judgeNotModified(response: HttpResponse, canonical: CanonicalAnswer | undefined): Finding[] {
  const findings: Finding[] =
    response.body.length || response.truncated
      ? [{ kind: "http", field: "(body)", rule: "must be empty: a 304 answer has no content", actual: "a body" }]
      : [];
  for (const name of KEPT_BY_304) {
    const want = canonical?.response.headers[name];
    const got = response.headers[name];
    // Present, not equal: the representation this request selected (another coding) may have its own.
    if (want === undefined || got !== undefined) continue;
    findings.push({
      kind: "header",
      field: name,
      rule: `must be present as on the canonical answer: a 304 carries the ${name} the 200 would (RFC 9110 §15.4.5), and the client updates its stored copy from it`,
      expected: relation(want),
    });
  }
  return findings;
}

/** A 304 where the validator did not match: the client keeps a stale copy, or none at all. */
function unexpectedNotModified(status: number): Finding {
  return {
    kind: "status",
    field: "status",
    rule: "must be 200 with the full body: the request's validator does not match the answer's own (RFC 9110 §13.1), so a 304 leaves the client without the participant",
    actual: status,
    expected: { keyword: "status", value: 200 },
  };
}

/** The answer judged by what its request called for. `canonical` holds the participant's canonical answer, when there is one. */
export function judgeExpectation(
  expectation: Expectation,
  response: HttpResponse,
  canonical: CanonicalAnswer | undefined,
  sent: SentHeaders,
): Finding[] {
  switch (expectation.relation) {
    case "unauthenticated":
      return judgeError(response, unauthorized);
    case "not-found":
      return judgeError(response, notFound);
    case "malformed":
      return judgeError(response, malformed);
    case "not-modified":
      if (response.status === 304) return judgeNotModified(response, canonical);
      return canonical ? judgeNeutral(response, canonical, sent) : [];
    case "neutral":
      if (response.status === 304) return [unexpectedNotModified(response.status)];
      return canonical ? judgeNeutral(response, canonical, sent) : [];
  }
}
