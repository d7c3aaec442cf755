/**
 * The live requests of the conformance checks and probes, as data (`LiveRequest`: method,
 * path, credential role, Accept, extra headers) and how they are sent: the Authorization a
 * role calls for, through the suite's one HTTP reader (net/reader.ts: timer, size cap after
 * decoding, no redirects), paced by `--max-rate` and patient with a rate limit: a 429 is
 * waited out as its Retry-After says (or with a back-off when it says nothing), within a
 * stated bound, then the request is sent again.
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import { basicAuthorization as basic, type Credentials, randomSid } from "../core/credentials.js";
import { EnvironmentError } from "../core/errors.js";
import type { CredentialRole, RequestInfo } from "../core/findings.js";
import { CREDENTIAL_PAIRS, isPairRole } from "../core/request.js";
import { type CredentialName, type RequestTemplate, resolvePieces } from "../core/template.js";
import { formatViolation } from "../core/violation.js";
import { judgeThrottle } from "../judge/answer.js";
import { type HttpRequest, type HttpResponse, retryAfterMs, send } from "../net/reader.js";

export interface HttpOptions {
  timeoutMs: number;
  /** Bodies past this are not read further; a participant is well under 2 KiB. */
  maxBodyBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The credentials a run holds; each role's header is built from them. */
export interface CredentialSet {
  right: Credentials;
  /** The fixtures' second account, when they name one. */
  other?: Credentials;
  /** The account's API key (username its SK SID, password its secret), when the fixtures name one. */
  key?: Credentials;
  /** The second account's API key, when the fixtures name one. */
  otherKey?: Credentials;
}

/** Every letter in the other case: `aB1` becomes `Ab1`. */
export function swapCase(text: string): string {
  return text.replace(/[a-z]+|[A-Z]+/g, (run) => (run === run.toLowerCase() ? run.toUpperCase() : run.toLowerCase()));
}

const HEX = "0123456789abcdef";

/** The last hex digit rotated (0 to 1, …, f to 0), whatever its case: a SID as well-formed as before, and another. */
export function lastDigitChanged(sid: string): string {
  const last = sid.slice(-1).toLowerCase();
  const at = HEX.indexOf(last);
  return `${sid.slice(0, -1)}${at < 0 ? "0" : HEX[(at + 1) % 16]}`;
}

/**
 * The Authorization header for a role, or undefined for none. Wrong values are random
 * per call, so they can never be the real token by accident.
 */
export function authorizationFor(role: CredentialRole, set: CredentialSet): string | undefined {
  const { username, password } = set.right;
  const secrets = secretsOf(set);
  // A check that needs a credential the fixtures lack is skipped before it sends (its plan says why).
  const named = (name: CredentialName) => {
    const value = secrets[name];
    if (value === undefined) throw new Error(`no ${name} in the fixtures to send`);
    return value;
  };
  if (isPairRole(role)) {
    const [user, secret] = CREDENTIAL_PAIRS[role];
    return basic(named(user), named(secret));
  }
  switch (role) {
    case "none":
      return undefined;
    case "wrong-password":
      return basic(username, `wrong-${randomBytes(8).toString("hex")}`);
    case "empty-password":
      return basic(username, "");
    case "extended-password":
      // The right token and one character more: a comparison by prefix lets it through.
      return basic(username, `${password}0`);
    case "truncated-password":
      // The right token less its last character: a comparison by prefix the other way lets it through.
      return basic(username, password.slice(0, -1) || "0");
    case "password-trailing-space":
      // A comparison that trims whitespace first lets it through.
      return basic(username, `${password} `);
    case "token-case-swapped": {
      // A comparison that ignores letter case lets it through; a token without letters has no other case.
      const swapped = swapCase(password);
      if (swapped === password) throw new Error("the auth token has no letters to swap");
      return basic(username, swapped);
    }
    case "account-sid-last-digit":
      // The same SID but for its last digit: a comparison by prefix lets it through.
      return basic(lastDigitChanged(username), password);
    case "unknown-account":
      return basic(randomSid("AC"), password);
    case "not-base64":
      return "Basic not*base64";
    case "no-colon":
      return `Basic ${Buffer.from("no-colon").toString("base64")}`;
    case "altered":
      // A generated request carries its Authorization in its own template (verify/explore).
      throw new Error("a generated request is sent from its template, not by role");
    case "other-scheme":
      // The right credentials' bytes under another scheme's name: only Basic may be accepted.
      return `Bearer ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    case "api-key-wrong-secret":
      return basic(named("apiKey"), `wrong-${randomBytes(8).toString("hex")}`);
    case "unknown-api-key":
      // A key SID nobody issued, with the real secret: a gateway that checks only the secret lets it through.
      return basic(randomSid("SK"), named("apiSecret"));
  }
}

/** What the twilio SDK sends as Accept: the default of every request a row does not vary. */
export const SDK_ACCEPT = "application/json";
/** The twilio SDK's other headers of its own (twilio-node 6.x, BaseTwilio.request): the canonical request sends them too. */
export const SDK_ACCEPT_CHARSET = "utf-8";
export const SDK_USER_AGENT = "twilio-node/6.2.0 (linux x64) node/v20.20.2";
/**
 * The Accept-Encoding of every request a row does not vary: a provider may compress, and
 * the reader decodes within the cap (Node's fetch, under the SDK, sends the same).
 */
export const SDK_ACCEPT_ENCODING = "gzip, deflate, br";

/** A request as data: what a row sends, what a report shows, what a reproduction line repeats. */
export interface LiveRequest {
  method: "GET" | "HEAD" | "OPTIONS";
  /** The path as sent, query included. */
  path: string;
  credentials: CredentialRole;
  /** The Accept header: SDK_ACCEPT unless the row says otherwise; null sends none. */
  accept?: string | null;
  /** The Accept-Encoding header: SDK_ACCEPT_ENCODING unless the row says otherwise; null sends none. */
  acceptEncoding?: string | null;
  /** Other headers the row sends (If-None-Match, a User-Agent), sent as given. */
  headers?: Record<string, string>;
  /**
   * The request whole, credentials by name: when given, it is what is sent (every header in
   * its case and order) and what the reproduction line repeats; the fields above describe it.
   */
  template?: RequestTemplate;
}

/** The Accept-Encoding a request sends, or undefined when it sends none. */
export function acceptEncodingOf(request: LiveRequest): string | undefined {
  return request.acceptEncoding === undefined ? SDK_ACCEPT_ENCODING : (request.acceptEncoding ?? undefined);
}

/** The request as a report holds it: never a credential, only its role. */
export function requestInfo(request: LiveRequest): RequestInfo {
  const headers: Record<string, string> = { ...request.headers };
  const accept = request.accept === undefined ? SDK_ACCEPT : request.accept;
  if (accept !== SDK_ACCEPT) headers.accept = accept ?? "(none)";
  const acceptEncoding = acceptEncodingOf(request);
  if (acceptEncoding !== SDK_ACCEPT_ENCODING) headers["accept-encoding"] = acceptEncoding ?? "(none)";
  return {
    method: request.method,
    path: request.path,
    credentials: request.credentials,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(request.template ? { template: request.template } : {}),
  };
}

/** How a run treats rate limits: the pace it keeps, and how long it waits for a 429 to pass. */
export interface RatePolicy {
  /** Requests a second at most (`--max-rate`); unlimited when absent. */
  maxRate?: number;
  /** The longest a single request may spend waiting for 429s to pass; past it the run stops (exit 2). */
  maxWaitMs: number;
  /** The first back-off after a 429 without a usable Retry-After; doubled each time. */
  backoffMs: number;
  /** How a wait is spent: a timer, unless a test makes it shorter. */
  wait?: (ms: number) => Promise<void>;
  /** Told of each wait before it is spent, and why: what a terminal's progress line shows. */
  onWait?: (wait: { ms: number; reason: string }) => void;
}

/** Twilio's advice for 20429 is to back off and retry; half a minute covers any limit measured in seconds. */
export const DEFAULT_RATE_POLICY: RatePolicy = { maxWaitMs: 30_000, backoffMs: 250 };

/** A 429 that outlasted the bound: the run cannot judge the provider now. */
export class RateLimitError extends EnvironmentError {}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;

/**
 * The one line a run that a rate limit stopped ends with, from what happened: how many
 * 429s in a row one request got, how long it spent on them, the wait that would have
 * passed the bound, and what the 429s failed to say (when to retry; Twilio's 20429 body).
 */
export function rateLimitMessage(ended: {
  what: string;
  /** The 429s this request got, in order. */
  throttled: readonly HttpResponse[];
  /** From the first send of the request to the last 429. */
  spentMs: number;
  /** The wait the last 429 called for (its Retry-After, or the next back-off). */
  nextMs: number;
  policy: Pick<RatePolicy, "maxWaitMs" | "backoffMs">;
}): string {
  const { what, throttled, spentMs, nextMs, policy } = ended;
  const n = throttled.length;
  const last = throttled[n - 1];
  const lastAsked = last !== undefined && retryAfterMs(last.headers["retry-after"]) !== undefined;
  const bound = `the ${seconds(policy.maxWaitMs)} this run waits for one request`;
  const count = n === 1 ? "once" : `${n} times in a row`;
  const next = lastAsked
    ? `its last Retry-After asks for ${seconds(nextMs)} more, past ${bound}`
    : `the next back-off (${seconds(nextMs)}) would pass ${bound}`;
  const parts = [`${what} answered 429 to one request ${count}, over ${seconds(spentMs)}; ${next}`];
  const silent = throttled.filter((t) => retryAfterMs(t.headers["retry-after"]) === undefined).length;
  if (silent === n)
    parts.push(
      `${n === 1 ? "it" : `none of the ${n}`} said when to retry (no usable Retry-After), so the run backed off from ${seconds(policy.backoffMs)}, doubling`,
    );
  else if (silent) parts.push(`${silent} of the ${n} said nothing of when to retry (no usable Retry-After)`);
  const body = last ? judgeThrottle(last).filter((f) => f.field !== "retry-after") : [];
  const first = body[0];
  if (first)
    parts.push(
      `the last one is not Twilio's 20429 error (${formatViolation({ ...first, actual: first.actual }).slice(0, 120)})`,
    );
  return `${parts.join("; ")}; try again later, or lower the pace with --max-rate`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The answer to a request, and the 429s it took to get there (judged apart: a 429 must say when to retry). */
export interface Answered {
  response: HttpResponse;
  throttled: HttpResponse[];
  /** The request as it was sent: what it carried, for the leak invariant. */
  request: HttpRequest;
  /** The template it was sent from, when it was (the canonical request). */
  template?: RequestTemplate;
}

/**
 * Sends live requests for one run: the role's Authorization, the row's headers, the run's
 * pace and its patience with 429s. `agent` holds a connection open for checks that reuse one.
 */
export class LiveSender {
  #next = 0;

  constructor(
    readonly baseUrl: string,
    readonly credentials: CredentialSet,
    readonly http: HttpOptions,
    readonly policy: RatePolicy = DEFAULT_RATE_POLICY,
  ) {}

  /** Waits for this request's turn under --max-rate: turns are handed out in order, one interval apart. */
  async #pace(): Promise<void> {
    const rate = this.policy.maxRate;
    if (!rate) return;
    const now = performance.now();
    const turn = Math.max(now, this.#next);
    this.#next = turn + 1000 / rate;
    if (turn <= now) return;
    this.policy.onWait?.({ ms: turn - now, reason: `--max-rate ${rate}` });
    await (this.policy.wait ?? sleep)(turn - now);
  }

  /**
   * Any request through the pace and the 429 handling: for the live checks, and for
   * the pact phase's proxy, which forwards the verifier's requests.
   */
  async send(request: HttpRequest, what = `the provider at ${this.baseUrl}`): Promise<Answered> {
    const throttled: HttpResponse[] = [];
    const started = performance.now();
    let waited = 0;
    let backoff = this.policy.backoffMs;
    for (;;) {
      await this.#pace();
      const response = await send(request, what);
      if (response.status !== 429) return { response, throttled, request };
      throttled.push(response);
      const asked = retryAfterMs(response.headers["retry-after"]);
      const delay = asked ?? backoff;
      if (asked === undefined) backoff *= 2;
      if (waited + delay > this.policy.maxWaitMs) {
        const spentMs = performance.now() - started;
        throw new RateLimitError(rateLimitMessage({ what, throttled, spentMs, nextMs: delay, policy: this.policy }));
      }
      waited += delay;
      this.policy.onWait?.({
        ms: delay,
        reason:
          asked !== undefined
            ? // Our own words: the header's text is the provider's (the wait shows its seconds).
              "the provider answered 429 with a Retry-After"
            : "the provider answered 429 without Retry-After: backing off",
      });
      await (this.policy.wait ?? sleep)(delay);
    }
  }

  /** One live request; never throws for an HTTP status, only when no (whole) answer came. */
  fetch(request: LiveRequest, agent?: http.Agent): Promise<Answered> {
    if (request.template) return this.sendTemplate(request.template, agent);
    const authorization = authorizationFor(request.credentials, this.credentials);
    const accept = request.accept === undefined ? SDK_ACCEPT : request.accept;
    const acceptEncoding = acceptEncodingOf(request);
    return this.send({
      method: request.method,
      url: `${this.baseUrl}${request.path}`,
      headers: {
        ...(accept !== null ? { accept } : {}),
        ...(acceptEncoding !== undefined ? { "accept-encoding": acceptEncoding } : {}),
        ...request.headers,
        ...(authorization ? { authorization } : {}),
      },
      timeoutMs: this.http.timeoutMs,
      maxBodyBytes: this.http.maxBodyBytes,
      ...(agent ? { agent } : {}),
    });
  }

  /** A templated request, its credentials resolved only here, as it goes out. */
  async sendTemplate(template: RequestTemplate, agent?: http.Agent): Promise<Answered> {
    const secrets = secretsOf(this.credentials);
    const headers: Record<string, string> = {};
    for (const [name, value] of template.headers) headers[name] = resolvePieces(value, secrets);
    const answered = await this.send({
      method: template.method,
      url: `${this.baseUrl}${resolvePieces(template.target, secrets)}`,
      headers,
      timeoutMs: this.http.timeoutMs,
      maxBodyBytes: this.http.maxBodyBytes,
      ...(agent ? { agent } : {}),
    });
    return { ...answered, template };
  }
}

/** The run's credentials by name, as templates name them. */
export function secretsOf(credentials: CredentialSet): Partial<Record<CredentialName, string>> {
  return {
    accountSid: credentials.right.username,
    authToken: credentials.right.password,
    ...(credentials.other
      ? { otherAccountSid: credentials.other.username, otherAuthToken: credentials.other.password }
      : {}),
    ...(credentials.key ? { apiKey: credentials.key.username, apiSecret: credentials.key.password } : {}),
    ...(credentials.otherKey
      ? { otherApiKey: credentials.otherKey.username, otherApiSecret: credentials.otherKey.password }
      : {}),
  };
}
