/**
 * The consumer: a small typed client for Fetch a Participant. It is the code the Pact
 * consumer tests exercise against the mock server; it relies on every key of the
 * resource (so does the twilio SDK), and it checks what it receives with the same body
 * decoding, schemas and rules as the provider-side verifier.
 */
import type { VariantName } from "../core/cases.js";
import { basicAuthorization, type Credentials } from "../core/credentials.js";
import { type ParticipantRef, participantUrl, partOfPathParam, pathParamsOf } from "../core/resource.js";
import type { Participant, TwilioError } from "../core/types.generated.js";
import { formatViolation, type Violation } from "../core/violation.js";
import { checkParticipantRules } from "../judge/rules.js";
import { type Redactor, redactDeep, redactor } from "../net/redact.js";
import { decodeJsonBytes } from "../schema/json-text.js";
import { isValid, validate } from "../schema/validate.js";

export const CLIENT_TIMEOUT_MS = 10_000;

/**
 * `username`: an account SID (AC…) or an API key SID (SK…); `password`: the auth token, or
 * the API key's secret, which never appears in an error.
 */
export interface ParticipantClientOptions extends Credentials {
  /** Where the API lives, e.g. https://proxy.twilio.com; any path in it is ignored. */
  baseUrl: string;
  /** The account the API key belongs to; defaults to `username` when that is an account SID. */
  accountSid?: string;
  timeoutMs?: number;
}

/**
 * Which participant to fetch: a participant reference (`serviceSid`, `sessionSid`,
 * `participantSid`), the one spelling of the library, the fixtures and
 * checkParticipantRules' `requested`.
 */
export type FetchParticipantParams = ParticipantRef | FetchParticipantParamsWithSid;

/** @deprecated The old spelling, kept working: name the participant `participantSid`, as ParticipantRef does. */
export interface FetchParticipantParamsWithSid {
  serviceSid: string;
  sessionSid: string;
  /** @deprecated Use `participantSid`. */
  sid: string;
}

/** A parameter as the caller named it. */
export type FetchParticipantParam = "serviceSid" | "sessionSid" | "participantSid" | "sid";

export interface FetchOptions {
  /** The variant the caller expects; its identifier patterns are then enforced. */
  variant?: VariantName;
}

/** Base class of everything the client throws, so callers can catch the client's errors in one place. */
export class ParticipantClientError extends Error {
  override readonly name: string = "ParticipantClientError";
}

/** A malformed SID in the call: refused before any request is made. */
export class InvalidParticipantRequestError extends ParticipantClientError {
  override readonly name = "InvalidParticipantRequestError";
  /** The first offending parameter, as the caller named it (`serviceSid`, `sessionSid`, `participantSid`, or the deprecated `sid`). */
  readonly field: FetchParticipantParam;
  constructor(readonly violations: Violation[]) {
    super(`refusing to send the request: ${violations.map(formatViolation).join("; ")}`);
    this.field = violations[0]?.field as FetchParticipantParam;
  }
}

/** Twilio's error body (`code`, `message`, `more_info`, `status`), as a typed error. */
export class TwilioApiError extends ParticipantClientError {
  override readonly name = "TwilioApiError";
  readonly status: number;
  readonly code: number;
  readonly moreInfo: string;
  constructor(httpStatus: number, body: TwilioError) {
    super(`Twilio error ${body.code} (HTTP ${httpStatus}): ${body.message}`);
    this.status = httpStatus;
    this.code = body.code;
    this.moreInfo = body.more_info;
  }
}

/** A response the contract does not allow: wrong status, not JSON, or a body that breaks the schemas or rules. */
export class UnexpectedResponseError extends ParticipantClientError {
  override readonly name = "UnexpectedResponseError";
  constructor(
    readonly status: number,
    readonly violations: Violation[],
  ) {
    super(`unexpected response (HTTP ${status}): ${violations.map(formatViolation).join("; ")}`);
  }
}

/** The request never got an answer: unreachable host, reset connection, timeout. */
export class TransportError extends ParticipantClientError {
  override readonly name = "TransportError";
}

/** The reference the caller named, whichever spelling it used. */
function refOf(params: FetchParticipantParams): ParticipantRef {
  const participantSid = "participantSid" in params ? params.participantSid : params.sid;
  return { serviceSid: params.serviceSid, sessionSid: params.sessionSid, participantSid };
}

/** The caller's name for a part: the reference's key, or `sid` when the caller used the deprecated spelling. */
function paramName(key: keyof ParticipantRef, params: FetchParticipantParams): FetchParticipantParam {
  return key === "participantSid" && !("participantSid" in params) ? "sid" : key;
}

function pathParamViolations(params: FetchParticipantParams): Violation[] {
  return validate("pathParams", pathParamsOf(refOf(params))).map((v) => {
    const part = partOfPathParam(v.field);
    return { ...v, field: part ? paramName(part.key, params) : v.field };
  });
}

function lowerCaseHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].map(([name, value]) => [name.toLowerCase(), value]));
}

export class ParticipantClient {
  readonly #baseUrl: string;
  readonly #authorization: string;
  readonly #accountSid: string | undefined;
  readonly #timeoutMs: number;
  /** Removes what must never appear in an error: the password, and the header that encodes it. */
  readonly #redactText: Redactor;

  constructor(options: ParticipantClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new ParticipantClientError(
        `baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`,
      );
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new ParticipantClientError(`baseUrl must be an http(s) URL, got ${base.protocol}`);
    }
    // Credentials in the URL would leak into error messages; they belong in username/password.
    if (base.username || base.password) throw new ParticipantClientError("baseUrl must not carry credentials");
    if (!options.username || !options.password) throw new ParticipantClientError("username and password are required");
    this.#baseUrl = base.origin;
    this.#authorization = basicAuthorization(options.username, options.password);
    this.#accountSid = options.accountSid ?? (isValid("accountSid", options.username) ? options.username : undefined);
    this.#timeoutMs = options.timeoutMs ?? CLIENT_TIMEOUT_MS;
    this.#redactText = redactor([{ username: options.username, password: options.password }]);
  }

  /** A response could echo the credentials back; whatever it says passes through here before it reaches an error. */
  #redact<T>(value: T): T {
    return redactDeep(value, this.#redactText);
  }

  #unexpected(status: number, violations: Violation[]): UnexpectedResponseError {
    return new UnexpectedResponseError(
      status,
      violations.map((v) => ({ ...v, actual: this.#redact(v.actual) })),
    );
  }

  async fetchParticipant(params: FetchParticipantParams, options: FetchOptions = {}): Promise<Participant> {
    const invalid = pathParamViolations(params);
    if (invalid.length) throw new InvalidParticipantRequestError(invalid);
    const requested = refOf(params);
    const url = participantUrl(this.#baseUrl, requested);
    const response = await this.#get(url);
    const body = await this.#json(response);
    if (response.status === 200) return this.#participant(response, body, requested, options);
    if (response.status >= 400 && isValid("error", body)) {
      const error = body as TwilioError;
      throw new TwilioApiError(response.status, { ...error, message: this.#redact(error.message) });
    }
    const violations =
      response.status >= 400
        ? validate("error", body).map((v) => ({ ...v, rule: `${v.rule} (Twilio's error body)` }))
        : [{ field: "(status)", rule: "must be 200 or a Twilio error", actual: response.status }];
    throw this.#unexpected(response.status, violations);
  }

  async #get(url: string): Promise<Response> {
    try {
      return await fetch(url, {
        headers: { Authorization: this.#authorization, Accept: "application/json" },
        // A redirect is not part of the contract, and following one could hand the credentials elsewhere.
        redirect: "manual",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === "TimeoutError") {
        throw new TransportError(`GET ${url} timed out after ${this.#timeoutMs} ms`);
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new TransportError(`GET ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
  }

  async #json(response: Response): Promise<unknown> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new TransportError(`reading the response failed: ${(error as Error).message}`);
    }
    const decoded = decodeJsonBytes(bytes);
    if ("json" in decoded) return decoded.json;
    // Redacted before it is cut short, so that no half of a secret survives.
    const { actual } = decoded.violation;
    const shown = typeof actual === "string" ? this.#redact(actual) : actual;
    throw this.#unexpected(response.status, [
      {
        ...decoded.violation,
        actual: typeof shown === "string" && shown.length > 40 ? `${shown.slice(0, 40)}…` : shown,
      },
    ]);
  }

  #participant(response: Response, body: unknown, requested: ParticipantRef, options: FetchOptions): Participant {
    // Only the content type matters to a consumer; CORS headers are for browsers.
    const headerViolations = validate("headers", lowerCaseHeaders(response.headers)).filter(
      (v) => v.field === "content-type",
    );
    const schemaViolations = validate(options.variant ?? "participant", body);
    const violations = [...headerViolations, ...schemaViolations];
    if (!violations.length) {
      violations.push(
        ...checkParticipantRules(body as Participant, {
          requested,
          ...(this.#accountSid ? { accountSid: this.#accountSid } : {}),
          ...(options.variant ? { variant: options.variant } : {}),
        }),
      );
    }
    if (violations.length) throw this.#unexpected(response.status, violations);
    return body as Participant;
  }
}
