/**
 * Blame where it belongs: an error that reports a limit of this machine (open files,
 * memory, a port in use) is named as that limit, never as the suite's own bug
 * ("unexpected") nor as the fault of whoever the suite was talking to.
 */
import { expect } from "chai";
import { describeError, EnvironmentError, localLimit } from "../../../src/core/errors.js";
import { describeFailure } from "../../../src/net/reader.js";

const coded = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe("local limits: named as this machine's", () => {
  const rows: [name: string, error: unknown, words: RegExp | undefined][] = [
    ["out of file descriptors", coded("EMFILE"), /limit of open files .*ulimit -n.*\(EMFILE\)$/],
    ["the system's file table full", coded("ENFILE"), /table of open files is full \(ENFILE\)$/],
    ["out of memory", coded("ENOMEM"), /out of memory \(ENOMEM\)$/],
    ["a port in use", coded("EADDRINUSE"), /in use by another process \(EADDRINUSE\)$/],
    [
      "no local port free",
      coded("EADDRNOTAVAIL"),
      /no local address or port is free for a new connection \(EADDRNOTAVAIL\)$/,
    ],
    ["a refused connection is not local", coded("ECONNREFUSED"), undefined],
    ["an error without a code", new Error("x"), undefined],
    ["not an error at all", "EMFILE", undefined],
  ];
  for (const [name, error, words] of rows)
    it(`${name}: ${words ? "named" : "not a local limit"}`, () => {
      if (words) expect(localLimit(error)).to.match(words);
      else expect(localLimit(error)).to.equal(undefined);
    });

  it("describeError names the limit, not 'unexpected'", () =>
    expect(describeError(coded("EMFILE"))).to.match(/^this process reached its limit of open files/));
  it("an environment error keeps its own words, whatever its code", () =>
    expect(describeError(Object.assign(new EnvironmentError("cannot listen"), { code: "EADDRINUSE" }))).to.equal(
      "cannot listen",
    ));
  it("a bug of ours is still 'unexpected'", () =>
    expect(describeError(new TypeError("x is undefined"))).to.equal("unexpected: x is undefined"));
  it("a request that failed for a local limit names the limit, not the other side's fault", () =>
    expect(describeFailure("local", "the upstream at http://127.0.0.1:9", 5000, "EMFILE")).to.equal(
      "cannot reach the upstream at http://127.0.0.1:9: this process reached its limit of open files (raise it with ulimit -n, or send fewer requests at once) (EMFILE)",
    ));
});
