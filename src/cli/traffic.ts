/**
 * What `check` and `proxy` share: who made a recorded or proxied request (its account, the
 * credential role a report names), one exchange judged into a check of the `traffic`
 * group by the one judge (judge/exchange.ts), and the note that says where account_sid
 * could not be compared.
 */
import { parseBasic } from "../core/credentials.js";
import { EnvironmentError } from "../core/errors.js";
import type { CheckResult, CredentialRole, Finding } from "../core/findings.js";
import { judgeExchange } from "../judge/exchange.js";
import type { HttpResponse } from "../net/reader.js";
import { isValid } from "../schema/validate.js";

/** The account a request's credentials belong to, and what a report calls those credentials. */
export interface Caller {
  /** undefined when neither the request nor the command names an account: account_sid is then not compared. */
  accountSid?: string;
  credentials: CredentialRole;
}

/**
 * The caller of a request with this Authorization value: the account is the Basic
 * username when it is an account SID (as the twilio SDK sends it), else `fallback`
 * (--account-sid or TWILIO_ACCOUNT_SID). The role only says what kind of credentials were
 * sent, for the request line and the line that repeats it with placeholders.
 */
export function callerOf(authorization: string | undefined, fallback: string | undefined): Caller {
  if (authorization === undefined || authorization.trim() === "") return { accountSid: fallback, credentials: "none" };
  const basic = parseBasic(authorization);
  if (!basic) {
    const other = !/^\s*basic(\s|$)/i.test(authorization);
    const encoded = /^\s*basic\s+(\S+)/i.exec(authorization)?.[1] ?? "";
    const credentials = other ? "other-scheme" : /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? "no-colon" : "not-base64";
    return { accountSid: fallback, credentials };
  }
  const accountSid = isValid("accountSid", basic.username) ? basic.username : fallback;
  return { accountSid, credentials: basic.password === "" ? "empty-password" : "right" };
}

/** --account-sid, else TWILIO_ACCOUNT_SID: the account of requests whose credentials name none. */
export function fallbackAccount(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const [value, where] = flag !== undefined ? [flag, "--account-sid"] : [env.TWILIO_ACCOUNT_SID, "TWILIO_ACCOUNT_SID"];
  if (value === undefined || value === "") return undefined;
  if (!isValid("accountSid", value))
    throw new EnvironmentError(`${where} must be an account SID: AC followed by 32 hex digits`);
  return value;
}

export interface TrafficExchange {
  id: string;
  title: string;
  method: string;
  /** As sent, with any query. */
  path: string;
  caller: Caller;
  /** The answer, or why it cannot be judged (it is reported, never dropped). */
  response: HttpResponse | { unjudgeable: string; kind: Finding["kind"] };
  strict: boolean;
  source?: string;
  /** Where the request went, when the exchanges went to several origins: its repeat line then names its own. */
  origin?: string;
}

/** One exchange, judged by the one judge, as a check every reporter renders. */
export function trafficCheck(exchange: TrafficExchange): CheckResult {
  const started = performance.now();
  const { caller, response } = exchange;
  const judged =
    "unjudgeable" in response
      ? undefined
      : judgeExchange(
          { request: { method: exchange.method, path: exchange.path, accountSid: caller.accountSid }, response },
          { strict: exchange.strict },
        );
  const findings: Finding[] =
    "unjudgeable" in response
      ? [{ kind: response.kind, field: "(answer)", rule: `cannot be judged: ${response.unjudgeable}` }]
      : (judged?.findings ?? []);
  return {
    id: exchange.id,
    title: exchange.title,
    group: "traffic",
    verdict: findings.length ? "fail" : "pass",
    findings,
    durationMs: performance.now() - started,
    ...(exchange.source !== undefined ? { source: exchange.source } : {}),
    request: {
      method: exchange.method,
      path: exchange.path,
      credentials: caller.credentials,
      ...(exchange.origin !== undefined ? { origin: exchange.origin } : {}),
    },
    ...(judged ? { response: judged.response } : {}),
  };
}

/** Where account_sid went unchecked, in one line; undefined when it was checked everywhere. */
export function unknownAccountNote(what: string): string {
  return `account_sid not compared for ${what}: no account SID in their Authorization; give --account-sid or set TWILIO_ACCOUNT_SID`;
}
