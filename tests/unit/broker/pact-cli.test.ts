/**
 * The pact CLI's failure output as one cause (src/broker/pact-cli.ts failureCause): the
 * broker's own messages, each once, the CLI's JSON wrapping and its echo of the broker URL
 * removed. The outputs are the ones pact-broker-cli (in @pact-foundation/pact-cli 18) printed
 * against the broker double.
 */
import { expect } from "chai";
import { failureCause } from "../../../src/broker/pact-cli.js";

describe("failureCause: the CLI's failure as the broker's own words, once", () => {
  const rows: [name: string, output: string, cause: string][] = [
    ["a bare refusal", "❌ Unauthorized\n", "Unauthorized"],
    [
      "a validation failure printed twice, wrapped and bare",
      '❌ failed validation - ["No pacticipant version found for x nope"]\n❌ No pacticipant version found for x nope\n',
      "No pacticipant version found for x nope",
    ],
    [
      "a refused pact, after the CLI's progress line",
      '\n📨 Attempting to publish pact for consumer: a against provider: b\n❌ failed validation - ["may not publish"]\n',
      "may not publish",
    ],
    [
      "several messages in one validation failure",
      '❌ failed validation - ["first problem","second problem"]\n',
      "first problem; second problem",
    ],
    [
      "a request that failed, the CLI's echo of the broker URL dropped",
      "❌ Request to pact broker path 'http://127.0.0.1:1/pacticipants/x/versions/nope' failed: 404 Not Found. URL: 'http://127.0.0.1:1'\n",
      "Request to pact broker path 'http://127.0.0.1:1/pacticipants/x/versions/nope' failed: 404 Not Found",
    ],
    ["a doubled marker", "❌ ❌ Environment staging does not exist\n", "Environment staging does not exist"],
    [
      "a wrapper whose list is not JSON: the line as it is",
      "❌ failed validation - [oops\n",
      "failed validation - [oops",
    ],
    ["no failure line: the last line", "something\nthe end\n", "the end"],
    ["no output at all: the exit code", "", "exit code 1"],
  ];
  for (const [name, output, cause] of rows) it(name, () => expect(failureCause({ code: 1, output })).to.equal(cause));
});
