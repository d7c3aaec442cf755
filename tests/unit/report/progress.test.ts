/**
 * The live progress line on a terminal (src/report/progress.ts, the terminal's status line in
 * src/cli/shell.ts): the phase, the checks done of the total and a rate-limit wait with its
 * reason and time left; erased around every printed line and gone before the verdict, so the
 * final screen holds the report alone; and nothing at all when stdout is no terminal.
 */
import { PassThrough } from "node:stream";
import { expect } from "chai";
import { Shell, streamIo, terminalStatus } from "../../../src/cli/shell.js";
import { runVerification } from "../../../src/cli/verify.js";
import type { CheckResult } from "../../../src/core/findings.js";
import { createProvider } from "../../../src/provider/index.js";
import { progressLine, type StatusLine } from "../../../src/report/progress.js";
import { fixtures } from "../../support/provider.js";
import { serve, type TestServer } from "../../support/verify.js";

/** A status line that keeps what it was asked to show. */
function recorder(): StatusLine & { shown: string[]; cleared: number } {
  const line = {
    shown: [] as string[],
    cleared: 0,
    show: (text: string) => void line.shown.push(text),
    clear: () => void line.cleared++,
  };
  return line;
}

/** A terminal stream: writes collected, and a screen that applies what a terminal does with them. */
function terminal(columns = 80) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns }) as unknown as NodeJS.WriteStream & {
    written: string;
  };
  let written = "";
  stream.write = ((chunk: string) => {
    written += chunk;
    return true;
  }) as NodeJS.WriteStream["write"];
  return {
    stream,
    written: () => written,
    /** The screen's lines: `\n` ends a line, ESC[2K erases the cursor's line, ESC[1G goes to its start. */
    screen(): string[] {
      const lines = [""];
      let at = 0;
      for (let i = 0; i < written.length; i++) {
        const rest = written.slice(i);
        if (rest.startsWith("\u001b[2K")) {
          lines[lines.length - 1] = "";
          i += 3;
        } else if (rest.startsWith("\u001b[1G")) {
          at = 0;
          i += 3;
        } else if (written[i] === "\n") {
          lines.push("");
          at = 0;
        } else {
          const line = lines[lines.length - 1] ?? "";
          lines[lines.length - 1] = line.slice(0, at) + written[i] + line.slice(at + 1);
          at++;
        }
      }
      return lines;
    },
  };
}

const check = (id: string, group: CheckResult["group"], verdict: CheckResult["verdict"] = "pass") => ({
  id,
  group,
  verdict,
});

describe("the progress line", () => {
  it("shows the phase and the checks done of the total, failures counted", () => {
    const line = recorder();
    let clock = 0;
    const progress = progressLine(line, () => clock);
    // Drawn at most every 50 ms: the clock moves on between the events.
    clock += 100;
    progress.planned([check("a", "conformance"), check("b", "probe"), check("e", "explore"), check("c", "pact")]);
    expect(line.shown.at(-1)).to.equal("0 of 4 checks done (live checks 0/2 · generated 0/1 · pact 0/1)");
    clock += 100;
    progress.finished(check("a", "conformance", "fail"));
    expect(line.shown.at(-1)).to.equal("1 of 4 checks done, 1 failed (live checks 1/2 · generated 0/1 · pact 0/1)");
    progress.stop();
    expect(line.cleared).to.equal(1);
  });

  it("shows a wait with its reason and the time left", () => {
    const line = recorder();
    let clock = 0;
    const progress = progressLine(line, () => clock);
    clock += 100;
    progress.planned([check("a", "probe")]);
    clock += 100;
    progress.waiting({ ms: 5000, reason: "the provider answered 429 with a Retry-After" });
    expect(line.shown.at(-1)).to.equal(
      "0 of 1 checks done (live checks 0/1) · waiting 5.0 s: the provider answered 429 with a Retry-After",
    );
    progress.stop();
  });

  it("draws nothing once stopped", () => {
    const line = recorder();
    const progress = progressLine(line, () => 0);
    progress.stop();
    const before = line.shown.length;
    progress.finished(check("a", "probe"));
    progress.waiting({ ms: 1000, reason: "x" });
    expect(line.shown).to.have.length(before);
  });
});

describe("the terminal's status line", () => {
  it("is erased around every line printed above it: the screen holds the lines, then the status", () => {
    const tty = terminal();
    const io = streamIo(tty.stream, tty.stream, {});
    io.status?.show("3 of 76 checks done");
    io.stdout("PASS  every check passed");
    io.status?.show("4 of 76 checks done");
    expect(tty.screen()).to.deep.equal(["PASS  every check passed", "4 of 76 checks done"]);
    io.status?.clear();
    io.stdout("76 checks: 76 passed");
    expect(tty.screen()).to.deep.equal(["PASS  every check passed", "76 checks: 76 passed", ""]);
  });

  it("is cut to the terminal's width, so that it never wraps", () => {
    const tty = terminal(30);
    terminalStatus(tty.stream).show("x".repeat(100));
    expect(tty.screen()[0]).to.have.length(29);
  });

  it("is redacted as every line is: a secret in its text never reaches the terminal", () => {
    const tty = terminal(200);
    const shell = new Shell({ ...streamIo(tty.stream, tty.stream, {}), colour: false });
    const token = "status-line-secret-0123456789";
    shell.learn(token);
    shell.status?.show(`waiting: ${token}`);
    expect(tty.written()).to.include("waiting: ").and.not.include(token);
  });

  it("does not exist when stdout is no terminal (a CI log): nothing but the lines", () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let written = "";
    stream.write = ((chunk: string) => {
      written += chunk;
      return true;
    }) as NodeJS.WriteStream["write"];
    const io = streamIo(stream, stream, {});
    expect(io.status).to.equal(undefined);
    io.stdout("a line");
    expect(written).to.equal("a line\n");
  });
});

describe("verify on a terminal", function () {
  this.timeout(20_000);
  let server: TestServer;
  before(async () => {
    // The reference provider, but the first request is told to wait a second for a rate limit.
    const reference = createProvider({ fixtures });
    let throttled = false;
    server = await serve((req, res) => {
      if (!throttled) {
        throttled = true;
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(
          JSON.stringify({
            code: 20429,
            message: "Too Many Requests",
            more_info: "https://www.twilio.com/docs/errors/20429",
            status: 429,
          }),
        );
        return;
      }
      reference.emit("request", req, res);
    });
  });
  after(() => server.close());

  it("shows the phases, the counts and the rate-limit wait as they happen; the final screen holds only the report", async () => {
    const tty = terminal(200);
    const io = streamIo(tty.stream, tty.stream, { PATH: process.env.PATH });
    const shown: string[] = [];
    const status = io.status as StatusLine;
    io.status = {
      show: (text) => {
        shown.push(text);
        status.show(text);
      },
      clear: () => status.clear(),
    };
    // The verify command's run, on this terminal; the rate limit's second is announced in full and spent in a moment.
    const report = await runVerification(
      { baseUrl: server.url, fixtures, ratePolicy: { wait: () => new Promise((resolve) => setTimeout(resolve, 5)) } },
      new Shell({ ...io, colour: false }),
    );
    expect(report.exitCode, tty.screen().join("\n")).to.equal(0);
    expect(
      shown.some((text) =>
        /^\d+ of \d+ checks done \(live checks \d+\/\d+ · generated \d+\/\d+ · pact \d+\/\d+\)/.test(text),
      ),
    ).to.equal(true);
    expect(shown.some((text) => /waiting \d\.\d s: the provider answered 429 with a Retry-After$/.test(text))).to.equal(
      true,
    );
    const screen = tty.screen();
    expect(screen.filter((line) => /checks done|waiting/.test(line))).to.deep.equal([]);
    expect(screen.at(-2)).to.match(/^(\d+) checks: \1 passed, 0 failed/);
    expect(screen.at(-1)).to.equal("");
  });
});
