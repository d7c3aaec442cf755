/**
 * The one command shell: numbers with one unit and range per flag name, one parser of
 * arguments, the environment's secrets kept out of every line, and which arguments run verify.
 */
import { expect } from "chai";
import { COMMANDS, main, runsVerify } from "../../../src/cli/main.js";
import {
  type Flags,
  NUMERIC_FLAGS,
  type NumericFlag,
  numberFlag,
  parseFlags,
  runCommand,
  Shell,
} from "../../../src/cli/shell.js";
import { EnvironmentError } from "../../../src/core/errors.js";

describe("shell: numeric flags", () => {
  for (const [name, { min, max }] of Object.entries(NUMERIC_FLAGS) as [NumericFlag, { min: number; max: number }][]) {
    const cases: [raw: string, accepted: boolean][] = [
      [String(min), true],
      [String(max), true],
      [String(max + 1), false],
      ...(min > 0 ? [[String(min - 1), false] as [string, boolean]] : []),
      ["-1", false],
      ["1e3", false],
      ["1.5", false],
      ["0x10", false],
      [" 5", false],
      ["", false],
      ["9".repeat(20), false],
    ];
    for (const [raw, accepted] of cases) {
      it(`--${name} ${JSON.stringify(raw)}: ${accepted ? "accepted" : "refused"}`, () => {
        if (accepted) expect(numberFlag(name, raw, -1)).to.equal(Number(raw));
        else
          expect(() => numberFlag(name, raw, -1))
            .to.throw(EnvironmentError)
            .with.property("message")
            .that.matches(new RegExp(`^--${name} must be .* from ${min} to ${max}, got "`));
      });
    }
    it(`--${name} not given: the command's default`, () => expect(numberFlag(name, undefined, 42)).to.equal(42));
  }
});

describe("shell: arguments", () => {
  const flags = {
    url: { type: "string" },
    tag: { type: "string", multiple: true },
    dry: { type: "boolean" },
  } as const satisfies Flags;

  const accepted: [name: string, argv: string[], values: Record<string, unknown>][] = [
    ["a string", ["--url", "http://x"], { url: "http://x" }],
    ["a string written with =", ["--url=http://x"], { url: "http://x" }],
    ["a value starting with - written with =", ["--url=-x"], { url: "-x" }],
    ["a repeatable flag", ["--tag", "a", "--tag", "b"], { tag: ["a", "b"] }],
    ["a switch", ["--dry"], { dry: true }],
    ["-h", ["-h"], { help: true }],
    ["nothing", [], {}],
  ];
  for (const [name, argv, values] of accepted) {
    it(`accepts ${name}`, () => expect({ ...parseFlags("x", flags, argv) }).to.deep.equal(values));
  }

  const refused: [name: string, argv: string[], message: string][] = [
    ["an unknown flag", ["--nope"], "unknown option --nope"],
    ["an unknown short flag", ["-z"], "unknown option -z"],
    ["a missing value", ["--url"], "--url needs a value"],
    ["a flag where the value should be", ["--url", "--dry"], "--url needs a value"],
    ["a value for a switch", ["--dry=1"], "--dry takes no value"],
    ["a flag given twice", ["--url", "a", "--url", "b"], "--url is given more than once"],
    ["a positional argument", ["oops"], 'unexpected argument "oops"'],
    ["an argument after --", ["--", "--url"], 'unexpected argument "--url"'],
  ];
  for (const [name, argv, message] of refused) {
    it(`refuses ${name} with one line pointing at the help`, () =>
      expect(() => parseFlags("x", flags, argv))
        .to.throw(EnvironmentError)
        .with.property("message", `${message} (see participant-contract x --help)`));
  }
});

describe("shell: secrets of the environment never reach the output", () => {
  const secrets: [variable: string, value: string][] = [
    ["TWILIO_AUTH_TOKEN", "twilio-token-0123456789"],
    ["TWILIO_OTHER_AUTH_TOKEN", "other-token-0123456789"],
    ["TWILIO_API_SECRET", "key-secret-0123456789"],
    ["TWILIO_OTHER_API_SECRET", "other-key-secret-0123456789"],
    ["PACT_BROKER_TOKEN", "broker-token-0123456789"],
    ["PACT_BROKER_PASSWORD", "broker-password-0123456789"],
  ];
  for (const [variable, value] of secrets) {
    it(`${variable}, in stdout and in the last error line`, async () => {
      const lines: string[] = [];
      const io = {
        stdout: (l: string) => lines.push(l),
        stderr: (l: string) => lines.push(l),
        env: { [variable]: value },
        colour: false,
      };
      const code = await runCommand(
        async (_, shell) => {
          shell.stdout(`printing ${value}`);
          throw new EnvironmentError(`failing with ${value}`);
        },
        [],
        io,
      );
      expect(code).to.equal(2);
      expect(lines).to.have.length(2);
      for (const line of lines) expect(line).not.to.include(value);
    });
  }

  it("the password in PACT_BROKER_BASE_URL", () => {
    const shell = new Shell({
      stdout: () => undefined,
      stderr: () => undefined,
      env: { PACT_BROKER_BASE_URL: "https://bob:s3cr3t-pw-99@broker.example" },
      colour: false,
    });
    expect(shell.redact("at https://bob:s3cr3t-pw-99@broker.example")).not.to.include("s3cr3t-pw-99");
  });

  it("a secret learnt on the way (a fixtures token), from then on", () => {
    const lines: string[] = [];
    const shell = new Shell({ stdout: (l) => lines.push(l), stderr: () => undefined, env: {}, colour: false });
    shell.learnFixtures({ accountSid: `AC${"1".repeat(32)}`, authToken: "fixture-token-0123456789" });
    shell.stdout("token fixture-token-0123456789");
    shell.stdout(`basic ${Buffer.from(`AC${"1".repeat(32)}:fixture-token-0123456789`).toString("base64")}`);
    expect(lines.join("\n"))
      .not.to.include("fixture-token-0123456789")
      .and.not.to.include(Buffer.from(`AC${"1".repeat(32)}:fixture-token-0123456789`).toString("base64"));
  });

  it("the fixtures' API key secrets (the account's and the other's), alone and as the key's Basic pair", () => {
    const lines: string[] = [];
    const shell = new Shell({ stdout: (l) => lines.push(l), stderr: () => undefined, env: {}, colour: false });
    const key = { sid: `SK${"2".repeat(32)}`, secret: "key-secret-0123456789" };
    const otherKey = { sid: `SK${"3".repeat(32)}`, secret: "other-key-secret-0123456789" };
    const other = { accountSid: `AC${"4".repeat(32)}`, authToken: "other-token-0123456789", apiKey: otherKey };
    shell.learnFixtures({
      accountSid: `AC${"1".repeat(32)}`,
      authToken: "fixture-token-0123456789",
      apiKey: key,
      otherAccount: other,
    });
    const pairs = [key, otherKey].map((k) => Buffer.from(`${k.sid}:${k.secret}`).toString("base64"));
    shell.stdout(`secrets ${key.secret} ${otherKey.secret} ${pairs.join(" ")}`);
    for (const leak of [key.secret, otherKey.secret, ...pairs]) expect(lines.join("\n")).not.to.include(leak);
  });
});

describe("shell: which arguments run verify (and fork the pact worker first)", () => {
  const cases: [argv: string[], verify: boolean][] = [
    [[], true],
    [["verify", "--base-url", "x"], true],
    [["--base-url", "x"], true],
    [["verify", "--help"], false],
    [["--help"], false],
    [["-h"], false],
    [["--version"], false],
    [["-v"], false],
    [["provider", "--fixtures", "f"], false],
    [["publish"], false],
  ];
  for (const [argv, verify] of cases) {
    it(`${JSON.stringify(argv)}: ${verify ? "verify" : "not verify"}`, () => expect(runsVerify(argv)).to.equal(verify));
  }
});

describe("shell: every help text reaches the user whole", () => {
  // The redactor also removes whatever follows an auth scheme's name; help prose must not look like a credential.
  for (const command of ["", ...Object.keys(COMMANDS)]) {
    it(`participant-contract ${command || ""} --help: nothing redacted`.replace("  ", " "), async () => {
      const out: string[] = [];
      const code = await main([...(command ? [command] : []), "--help"], {
        stdout: (l) => out.push(l),
        stderr: (l) => out.push(l),
        env: {},
        colour: false,
      });
      expect(code).to.equal(0);
      expect(out.join("\n")).to.include("Usage");
      expect(out.join("\n")).not.to.include("[redacted]");
    });
  }
});
