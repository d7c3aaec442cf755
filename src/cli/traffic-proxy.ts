/**
 * `participant-contract proxy --upstream URL`: a validating proxy on 127.0.0.1. Every
 * request goes to the upstream as the client sent it (the Host header aside: it names
 * the upstream), and every answer comes back as the upstream sent it (status, headers,
 * body bytes), through the one reader's pass-through twin (net/reader.ts relay: timer,
 * cap, no redirect followed). Each participant exchange is judged on the way by the one
 * judge and printed as a check; on SIGINT or SIGTERM the reports are written and the
 * exit status says whether any exchange broke the contract. With `-- COMMAND`, the proxy
 * runs the command beside itself (proxied-command.ts) and stops when it exits.
 */

import { once } from "node:events";
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import {
  describeError,
  EnvironmentError,
  ExitCode,
  localLimit,
  oneLine,
  type ProcessExitCode,
} from "../core/errors.js";
import { type CheckResult, exitCodeOf } from "../core/findings.js";
import { PARTICIPANT_REQUEST, participantRequested } from "../judge/exchange.js";
import { authorizationSecrets } from "../net/har.js";
import { type HttpResponse, NoAnswerError, RelayError, relay } from "../net/reader.js";
import { printableUrl } from "../net/redact.js";
import { consoleReporter } from "../report/console.js";
import { normaliseBaseUrl, REQUEST_TIMEOUT_MS } from "../verify/index.js";
import { DEFAULT_MAX_BODY_BYTES } from "../verify/live-request.js";
import {
  type CommandExit,
  commandStatus,
  commandText,
  PROXY_URL_VARIABLE,
  type ProxiedCommand,
  splitCommand,
  startProxiedCommand,
} from "./proxied-command.js";
import { checkReportPaths, outputsOf, shownReport, writeReports } from "./reports.js";
import { type Command, type Flags, numberFlag, parseFlags, stopSignal, usageError } from "./shell.js";
import { callerOf, fallbackAccount, trafficCheck, unknownAccountNote } from "./traffic.js";

const DEFAULT_PORT = 4010;
const HOST = "127.0.0.1";

export const PROXY_USAGE = `Forward to an implementation, judging every participant exchange on the way.

Usage: participant-contract proxy --upstream URL [--port N] [options] [-- COMMAND [ARGS…]]

  --upstream URL         where every request goes: real Twilio (https://proxy.twilio.com),
                         or the implementation your tests run against
  --port N               where the proxy listens on ${HOST} (default ${DEFAULT_PORT}; 0: any free port)
  --account-sid AC…      the caller's account, for requests whose Basic-auth user is no
                         account SID (default: TWILIO_ACCOUNT_SID)
  --strict               reject fields the API reference does not define
  --timeout MS           per exchange with the upstream (default ${REQUEST_TIMEOUT_MS})
  --junit FILE           on stop, write a JUnit XML report
  --json FILE            on stop, write a JSON report
  --html FILE            on stop, write a self-contained HTML page
  -h, --help             show this help

Requests and answers pass unchanged (status, headers, body bytes); the Host header names
the upstream; redirects are passed back, not followed. Every GET of
${PARTICIPANT_REQUEST} is judged as check judges it and
printed as it passes. It prints "Traffic proxy listening on URL" and runs until
interrupted (Ctrl-C, SIGTERM); with GITHUB_STEP_SUMMARY set, a Markdown summary is then
appended to that file.

With -- COMMAND [ARGS…] (your tests), the proxy starts, runs COMMAND with
${PROXY_URL_VARIABLE} set to its URL (point your client there), and stops when COMMAND
exits: reports written, nothing left running. SIGINT or SIGTERM is passed on to COMMAND.

Exit status (on stop): 0 every participant exchange kept the contract; 1 one broke it;
2 usage error, the port cannot be listened on, COMMAND cannot start, or the upstream
answered none of the requests (as verify: nothing could be judged). With COMMAND, its own
status when it failed (a signal that ended it as 128 + its number), else the verdict.`;

const FLAGS = {
  upstream: { type: "string" },
  port: { type: "string" },
  "account-sid": { type: "string" },
  strict: { type: "boolean" },
  timeout: { type: "string" },
  junit: { type: "string" },
  json: { type: "string" },
  html: { type: "string" },
} as const satisfies Flags;

/** Why an exchange whose client went away is nobody's failure. */
const CLIENT_LEFT = "the client left before the answer was whole";

/** How long a stop waits for the exchanges under way before it reports them cancelled. */
const STOP_GRACE_MS = 2000;

/**
 * Headers that describe one hop, not the message (RFC 9110 section 7.6.1): each side's own.
 * Host names the upstream; Transfer-Encoding goes on as the client framed it (framingOf).
 */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "transfer-encoding",
  "upgrade",
  "host",
]);

/**
 * How the request's body is framed on the way up, as the client framed it: its own
 * `Transfer-Encoding` (chunked last: Node's parser refuses anything else), so that the
 * upstream reads the body the proxy read, never bytes that would make a request of their
 * own (Node sends a body on GET, DELETE, OPTIONS or HEAD unframed unless told). A
 * Content-Length passes as it is, with the other end-to-end headers. Undefined: refuse.
 */
function framingOf(req: http.IncomingMessage): string[] | undefined {
  const codings = req.headers["transfer-encoding"];
  if (codings === undefined) return [];
  const last = codings.split(",").at(-1)?.trim().toLowerCase();
  return last === "chunked" && req.headers["content-length"] === undefined ? ["Transfer-Encoding", codings] : undefined;
}

/** Raw header pairs without the hop-by-hop ones, in order, names as written. */
function endToEnd(raw: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, raw[i + 1] ?? "");
  }
  return kept;
}

export const proxyCommand: Command = async (argv, shell): Promise<ProcessExitCode> => {
  const { own, command } = splitCommand(argv);
  const values = parseFlags("proxy", FLAGS, own);
  if (values.help) {
    shell.stdout(PROXY_USAGE);
    return ExitCode.ok;
  }
  const outputs = outputsOf(own, shell.env);
  if (!values.upstream) throw usageError("proxy", "--upstream is required");
  if (command && !command.length) throw usageError("proxy", "-- must be followed by the command to run");
  checkReportPaths(outputs);
  shell.learnUrls(values.upstream);
  const upstream = normaliseBaseUrl(values.upstream, "--upstream");
  const upstreamHost = new URL(upstream).host;
  const upstreamIsHttps = new URL(upstream).protocol === "https:";
  const port = numberFlag("port", values.port, DEFAULT_PORT);
  const timeoutMs = numberFlag("timeout", values.timeout, REQUEST_TIMEOUT_MS);
  const fallback = fallbackAccount(values["account-sid"], shell.env);
  const strict = values.strict ?? false;
  const started = performance.now();
  const checks: CheckResult[] = [];
  const unknownAccount: number[] = [];
  // Verbose: a long-running proxy prints each exchange as it passes, then the causes on stop.
  const reporter = consoleReporter((line) => shell.stdout(line), shell.colour, printableUrl(upstream), true);
  let exchanges = 0;
  let forwarded = 0;
  /** The first limit of this machine an exchange ran into: the run then ends with exit 2, naming it. */
  let localFailure: string | undefined;
  // Whether the upstream answered anything at all: an upstream that answered nothing is exit 2, as in verify.
  let answered = 0;
  let firstSilence: string | undefined;

  const learnt = new Set<string>();
  const inFlight = new Map<number, { req: http.IncomingMessage; at: string }>();
  let stopped = false;
  /** An exchange that did not end: cancelled, with why; the upstream is not blamed. */
  const cancelled = (number: number, req: http.IncomingMessage, at: string, reason: string): CheckResult =>
    shell.redactDeep({
      id: `traffic/proxy/${number}`,
      title: `${req.method ?? "GET"} ${req.url ?? "/"} at ${at} (exchange ${number})`,
      group: "traffic",
      verdict: "cancelled",
      reason,
      findings: [],
      durationMs: 0,
    });
  const judge = (
    number: number,
    req: http.IncomingMessage,
    at: string,
    response: HttpResponse | { unjudgeable: string; kind: "transport" | "http" } | { cancelled: string },
  ) => {
    // An exchange still under way at the stop was reported as cancelled then.
    if (stopped) return;
    inFlight.delete(number);
    if ("cancelled" in response) {
      const check = cancelled(number, req, at, response.cancelled);
      checks.push(check);
      reporter.check(check);
      return;
    }
    const authorization = req.headers.authorization;
    const caller = callerOf(authorization, fallback);
    if (caller.accountSid === undefined) unknownAccount.push(number);
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const check = shell.redactDeep(
      trafficCheck({
        id: `traffic/proxy/${number}`,
        title: `${method} ${path} at ${at} (exchange ${number})`,
        method,
        path,
        caller,
        response,
        strict,
      }),
    );
    checks.push(check);
    reporter.check(check);
  };

  // One upstream connection per client connection, as a transparent proxy keeps them: a
  // client's keep-alive connection reaches the upstream as one connection too, so that an
  // upstream that confuses requests on a reused connection shows through the proxy as it is.
  const connections = new WeakMap<Socket, http.Agent>();
  const upstreamConnection = (socket: Socket): http.Agent => {
    let agent = connections.get(socket);
    if (!agent) {
      const made = upstreamIsHttps
        ? new https.Agent({ keepAlive: true, maxSockets: 1 })
        : new http.Agent({ keepAlive: true, maxSockets: 1 });
      socket.once("close", () => made.destroy());
      connections.set(socket, made);
      agent = made;
    }
    return agent;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const number = ++exchanges;
    const at = new Date().toISOString();
    // The client's credentials, learnt (once each) before anything about this exchange is printed; they go to the upstream only.
    const authorization = req.headers.authorization;
    if (authorization !== undefined && !learnt.has(authorization)) {
      learnt.add(authorization);
      shell.learn(...authorizationSecrets(authorization));
    }
    const framing = framingOf(req);
    if (!framing) {
      // Unreachable through Node's parser today; if it ever lets one through, nothing is sent on.
      const text =
        "participant-contract proxy: a request framed other than by Content-Length or chunked is not forwarded\n";
      res.writeHead(400, {
        "content-type": "text/plain; charset=utf-8",
        "content-length": Buffer.byteLength(text),
        connection: "close",
      });
      res.end(text);
      return;
    }
    const judged = participantRequested({ method: req.method ?? "", path: req.url ?? "" }) !== undefined;
    if (!judged) forwarded++;
    else inFlight.set(number, { req, at });
    const headers = [...endToEnd(req.rawHeaders), ...framing, "Host", upstreamHost];
    // The client gone before its answer was whole: the exchange stops, and is its client's doing.
    const left = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) left.abort();
    });
    try {
      const response = await relay(
        {
          method: req.method ?? "GET",
          url: `${upstream}${req.url ?? "/"}`,
          rawHeaders: headers,
          body: req,
          timeoutMs,
          maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
          agent: upstreamConnection(req.socket),
          trailers: () => req.rawTrailers,
          signal: left.signal,
        },
        (status, statusMessage, rawHeaders) => {
          res.sendDate = false;
          res.writeHead(status, statusMessage, endToEnd(rawHeaders));
          return res;
        },
        `the upstream at ${printableUrl(upstream)}`,
      );
      answered++;
      if (judged) judge(number, req, at, left.signal.aborted ? { cancelled: CLIENT_LEFT } : response);
    } catch (error) {
      if (left.signal.aborted) {
        // The upstream's answer had begun when the client left: it was not silent.
        if (res.headersSent) answered++;
        if (judged) judge(number, req, at, { cancelled: CLIENT_LEFT });
        return;
      }
      const failure = error instanceof NoAnswerError ? error : undefined;
      // A limit of this machine (open files, memory): the exchange was not the upstream's to fail; the run ends with exit 2.
      const local = failure?.kind === "local" || localLimit(error) !== undefined;
      if (local) localFailure ??= failure?.message ?? describeError(error);
      const passedOn = error instanceof RelayError && error.passedOn;
      if (passedOn || res.headersSent) answered++;
      else firstSilence ??= failure?.message ?? oneLine(error);
      if (!passedOn && !res.headersSent) {
        const text = `participant-contract proxy: ${failure?.message ?? "no answer"}\n`;
        res.writeHead(502, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
        res.end(text);
      }
      const message = failure ? failure.message : oneLine(error);
      if (judged && local) judge(number, req, at, { cancelled: message });
      else if (judged)
        judge(number, req, at, {
          unjudgeable: message,
          kind: failure?.kind === "bad-encoding" || passedOn ? "http" : "transport",
        });
    }
  };

  const handling = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const done = handle(req, res).catch(() => {
      res.destroy();
    });
    handling.add(done);
    done.finally(() => handling.delete(done));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new EnvironmentError(`cannot listen on ${HOST}:${port}: ${localLimit(error) ?? error.code ?? oneLine(error)}`),
      ),
    );
    server.listen(port, HOST, resolve);
  });
  // Listening, a failure to accept a client is this machine's (out of file descriptors): said at the stop, exit 2.
  server.on("error", (error) => {
    localFailure ??= `cannot accept a client on ${HOST}:${port}: ${describeError(error)}`;
  });
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://${HOST}:${bound}`;
  shell.stdout(`Traffic proxy listening on ${url}, forwarding to ${printableUrl(upstream)}`);
  const stop = shell.context.stop ?? stopSignal();
  let proxied: ProxiedCommand | undefined;
  let commandExit: CommandExit | undefined;
  if (command) {
    shell.stdout(`Running ${commandText(command)} with ${PROXY_URL_VARIABLE}=${url}${strict ? " (strict)" : ""}`);
    proxied = startProxiedCommand(command, shell.env, url, shell.context.commandOutput);
    // A signal to the proxy goes to the command; the proxy stops when the command has exited.
    const passOn = () => proxied?.signal((stop.reason as NodeJS.Signals | undefined) ?? "SIGTERM");
    if (stop.aborted) passOn();
    else stop.addEventListener("abort", passOn, { once: true });
    commandExit = await proxied.exited;
    stop.removeEventListener("abort", passOn);
  } else {
    shell.stdout(
      `Point your client at it: its participant exchanges are judged as they pass${strict ? " (strict)" : ""}`,
    );
    if (!stop.aborted) await once(stop, "abort");
  }
  // Exchanges under way finish first, for a moment (each is bounded by --timeout anyway): a
  // client whose last answer arrived just before the stop still has it judged, not cancelled.
  server.close();
  server.closeIdleConnections();
  await Promise.race([Promise.allSettled([...handling]), delay(STOP_GRACE_MS, undefined, { ref: false })]);
  stopped = true;
  server.closeAllConnections();
  for (const [number, { req, at }] of inFlight) {
    const check = cancelled(number, req, at, "the proxy stopped before the answer was whole");
    checks.push(check);
    reporter.check(check);
  }
  if (unknownAccount.length)
    shell.stdout(unknownAccountNote(`exchange${unknownAccount.length === 1 ? "" : "s"} ${unknownAccount.join(", ")}`));
  if (forwarded) shell.stdout(`${forwarded} other request${forwarded === 1 ? "" : "s"} forwarded, not judged`);
  // Exit 0 as the contract was kept by everything seen, but said plainly: a CI job whose
  // client never went through the proxy judged nothing, and a reader should see that.
  if (!checks.length)
    shell.stdout(`no participant exchange passed through the proxy: nothing was judged (${PARTICIPANT_REQUEST})`);
  const report = shownReport(shell, {
    baseUrl: printableUrl(upstream),
    checks,
    durationMs: performance.now() - started,
    exitCode: exitCodeOf(checks),
  });
  // Nothing could be judged, for a limit of this machine, an upstream that answered none of the
  // requests, or a command that never started: exit 2, one line naming it.
  const silent = exchanges > 0 && answered === 0;
  const error =
    localFailure ??
    (silent
      ? `the upstream at ${printableUrl(upstream)} answered none of the ${exchanges} requests: ${firstSilence ?? "no answer"}`
      : commandExit && "error" in commandExit
        ? commandExit.error
        : undefined);
  const reported = error ? { ...report, exitCode: ExitCode.environment, error: shell.redact(error) } : report;
  if (commandExit) shell.stdout(commandExitText(command ?? [], commandExit));
  reporter.summary(reported);
  writeReports(reported, outputs);
  if (error) {
    // One line on stderr, as verify says that a provider does not answer.
    shell.stderr(`error: ${error}`);
    return ExitCode.environment;
  }
  // The command's failure first (the tests failed), else the verdict on what passed through.
  const status = commandExit ? commandStatus(commandExit) : undefined;
  return status ? status : report.exitCode;
};

/** `the command exited 0`, `… was ended by SIGTERM`, `… could not start: …`. */
function commandExitText(command: readonly string[], exit: CommandExit): string {
  const what = `the command ${commandText(command)}`;
  if ("error" in exit) return `${what} could not start`;
  if ("signal" in exit) return `${what} was ended by ${exit.signal}`;
  return `${what} exited ${exit.code}`;
}
