/**
 * The package as another repository gets it, installed as the README says: `npm pack`
 * (which builds dist/ through `prepare`) and `npm install <tarball>`, or, with
 * PACKAGE_INSTALL=git, `npm install git+file://<this checkout>#<HEAD>` (npm clones it and
 * runs `prepare`, as from GitHub). Then the CLI through npx, an ES module, a CommonJS file,
 * `tsc --noEmit` over a TypeScript file, and the consumer kit under the user's own pact-js:
 * PACKAGE_PACT_JS=<version> installs that version beside the package (as a user does; `.ci/run`
 * runs this file under Node 20, 22 and 24 so), else this repository's own pact-js is linked.
 * All in plain Node: nothing here loads a TypeScript loader, and the scratch project has none
 * to load. One scratch project serves every case; the slow steps start together in `before`
 * and each case awaits its own. It prints one line saying what was installed.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { expect } from "chai";
import { createProvider } from "../../../src/provider/index.js";
import { fixtures as seed } from "../../support/provider.js";
import { serve, type TestServer, wrongSid } from "../../support/verify.js";

const REPO = resolve(import.meta.dirname, "../../..");
const OWN = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  repository: { url: string };
};

/** How the package is installed: from the packed tarball (default), or from a git URL of this checkout. */
const INSTALL = process.env.PACKAGE_INSTALL === "git" ? "git" : "tarball";
/** The pact-js version installed beside the package, as the user's own; unset: this repository's, linked. */
const PACT_JS = process.env.PACKAGE_PACT_JS?.trim() || undefined;

/** Each step is bounded; the whole set is far below the hook's limit. Generous: the machine is shared. */
const STEP_MS = 90_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The scratch project's environment: this process's, without the variables `npm test` sets
 * for its scripts (they would point a nested npm at this repository; where npm's cache and
 * config are stays), any loader in NODE_OPTIONS, or broker and CI settings that would change
 * what the commands do.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const kept = /^npm_config_(cache|userconfig|globalconfig|registry)$/i;
  for (const [name, value] of Object.entries(process.env)) {
    const dropped = /^(npm_|NODE_OPTIONS$|INIT_CWD$|PACT_BROKER_|GITHUB_|GIT_|TWILIO_)/i.test(name);
    if (!dropped || kept.test(name)) env[name] = value;
  }
  return { ...env, PACT_DO_NOT_TRACK: "true", NO_COLOR: "1", ...extra };
}

function run(command: string, args: string[], cwd: string, env = cleanEnv()): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, timeout: STEP_MS, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

const ESM = `import { validate, verify, ParticipantClient, startProvider, defaultFixtures } from "${OWN.name}";
import schema from "${OWN.name}/schemas/participant.schema.json" with { type: "json" };

const fixtures = defaultFixtures();
const provider = await startProvider({ fixtures });
try {
  const client = new ParticipantClient({ baseUrl: provider.url, username: fixtures.accountSid, password: fixtures.authToken });
  const participant = await client.fetchParticipant(fixtures.phone);
  console.log(JSON.stringify({
    sid: participant.sid === fixtures.phone.participantSid,
    valid: validate("participant", participant).length === 0,
    schema: schema.$id,
    verify: typeof verify,
    loaders: process.execArgv.length,
  }));
} finally {
  await provider.close();
}
`;

const CJS = `const { validate, verify, ParticipantClient, startProvider, defaultFixtures } = require("${OWN.name}");
console.log(JSON.stringify({
  names: [validate, verify, ParticipantClient, startProvider, defaultFixtures].map((x) => typeof x),
  invalid: validate("participant", {}).length > 0,
  contract: require.resolve("${OWN.name}/contracts/twilio-node-twilio-proxy-participants.json").endsWith(".json"),
}));
`;

const TS = `import {
  type Cause,
  defaultFixtures,
  type ExplainedReport,
  type Participant,
  ParticipantClient,
  type Report,
  startProvider,
  type Summary,
  type Violation,
  validate,
  verify,
} from "${OWN.name}";

const fixtures = defaultFixtures();
const provider = await startProvider({ fixtures, port: 0 });
const client = new ParticipantClient({ baseUrl: provider.url, username: fixtures.accountSid, password: fixtures.authToken });
const participant: Participant = await client.fetchParticipant({
  serviceSid: fixtures.phone.serviceSid,
  sessionSid: fixtures.phone.sessionSid,
  participantSid: fixtures.phone.participantSid,
});
const problems: Violation[] = validate("phone", participant);
const report: ExplainedReport = await verify({ baseUrl: provider.url, fixtures, strict: true, timeoutMs: 2000 });
const plain: Report = report;
const exitCode: 0 | 1 | 2 = report.exitCode;
const causes: Cause[] = report.causes;
const summary: Summary = report.summary;
console.log(problems.length, exitCode, causes.length, summary.passed, plain.checks.map((c) => c.verdict));
await provider.close();

// Each line below must be an error: were the shipped types \`any\`, none would be.
// @ts-expect-error: a schema name that does not exist
validate("participants", participant);
// @ts-expect-error: the exit code is 0, 1 or 2, not a string
const asText: string = report.exitCode;
// @ts-expect-error: the client needs a base URL
new ParticipantClient({ username: fixtures.accountSid, password: fixtures.authToken });
// @ts-expect-error: verify needs the fixtures
await verify({ baseUrl: provider.url });
console.log(asText);
`;

/**
 * A consumer team's test with the kit, under its own pact-js: every interaction, its client
 * written with plain fetch (Accept: *\/*), then completePactFile; prints the pact's path.
 */
const KIT = `import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PactV4 } from "@pact-foundation/pact";
import { addParticipantInteraction, completePactFile, PACT_PROVIDER, participantContract } from "${OWN.name}";

const dir = mkdtempSync(join(tmpdir(), "scratch-pacts-"));
const pact = new PactV4({ consumer: "scratch-app", provider: PACT_PROVIDER, dir, logLevel: "error" });
const statuses = [];
for (const name of Object.keys(participantContract)) {
  await addParticipantInteraction(pact, name).executeTest(async (mock) => {
    const path = participantContract[name].request.path.value;
    const answer = await fetch(mock.url + path, { headers: { authorization: "Basic " + btoa("AC1:token") } });
    statuses.push(answer.status);
    await answer.text();
  });
}
const file = join(dir, "scratch-app-" + PACT_PROVIDER + ".json");
completePactFile(file);
console.log(JSON.stringify({ file, statuses }));
`;

/** A test runner as a CI step runs one: fetches the phone participant through the proxy it was given. */
const CLIENT = `const [path, authorization] = process.argv.slice(2);
const answer = await fetch(process.env.PARTICIPANT_CONTRACT_PROXY_URL + path, { headers: { authorization } });
console.log("integration test: got " + answer.status);
`;

/**
 * Strict, as a careful team's own project. skipLibCheck stays on, as `tsc --init` writes
 * it: the consumer kit's types name pact-js's, and pact-js's own .d.ts import `express`
 * without depending on @types/express, which no project of ours can mend. The
 * `@ts-expect-error` lines in use.ts prove the shipped types are real, not `any`.
 */
const TSCONFIG = {
  compilerOptions: {
    target: "es2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    exactOptionalPropertyTypes: true,
    noPropertyAccessFromIndexSignature: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  },
  files: ["use.ts"],
};

/** Starts the provider command and answers its URL once it prints the line that names it. */
async function startProvider(
  bin: string,
  cwd: string,
  fixtures: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(bin, ["provider", "--port", "0", "--fixtures", fixtures], { cwd, env: cleanEnv() });
  let output = "";
  const url = await new Promise<string>((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`the provider printed no URL: ${output}`)), STEP_MS);
    child.stdout?.on("data", (d) => {
      output += d;
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        found(match[1]);
      }
    });
    child.stderr?.on("data", (d) => (output += d));
    child.once("exit", (code) => fail(new Error(`the provider exited ${code}: ${output}`)));
  });
  return { child, url };
}

/** Starts a long-running command and answers the URL it prints it listens on, and all it printed so far. */
async function startCommand(
  bin: string,
  args: string[],
  cwd: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(bin, args, { cwd, env: cleanEnv() });
  let output = "";
  const url = await new Promise<string>((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args[0]} printed no URL: ${output}`)), STEP_MS);
    child.stdout?.on("data", (d) => {
      output += d;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        found(match[1]);
      }
    });
    child.stderr?.on("data", (d) => (output += d));
    child.once("exit", (code) => fail(new Error(`${args[0]} exited ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

/** The pact-core copies an install holds: every node_modules/@pact-foundation/pact-core in the tree, by version. */
function pactCores(project: string): string[] {
  const versions: string[] = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const packages = entry.name.startsWith("@")
        ? readdirSync(join(modules, entry.name)).map((name) => join(modules, entry.name, name))
        : [join(modules, entry.name)];
      for (const dir of packages) {
        if (dir.endsWith(join("@pact-foundation", "pact-core")))
          versions.push(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version);
        walk(join(dir, "node_modules"));
      }
    }
  };
  walk(join(project, "node_modules"));
  return versions.sort();
}

describe(`the package, installed from ${INSTALL === "git" ? "a git URL" : "its packed tarball"} in another project`, function () {
  this.timeout(STEP_MS * 4);
  const root = mkdtempSync(join(tmpdir(), "participant-contract-package-"));
  const project = join(root, "project");
  let pack: { filename: string; size: number; entryCount: number; files: { path: string }[] };
  let manifest: Record<string, unknown>;
  let bin: string;
  // The slow steps after the install, started at once so that they overlap.
  let esm: Promise<Run>;
  let cjs: Promise<Run>;
  let typecheck: Promise<Run>;
  let broker: Promise<Run>;
  let dryRun: Promise<Run>;
  let kit: Promise<Run>;
  /** The package's own provider command, started once the package is installed; every case that needs an implementation uses it. */
  let provider: Promise<{ child: ChildProcess; url: string }>;
  let providerFixtures = "";
  /** What the install put in node_modules: the package's source, pact-js, each pact-core. */
  let installed: { from: string; pactJs: string; pactCores: string[] };

  before(async () => {
    // `npm pack` runs `prepare`: dist/ is built from the sources as they are now.
    const packed = await run(npm, ["pack", "--json", "--pack-destination", root], REPO);
    expect(packed.code, packed.stderr).to.equal(0);
    // Anything `prepare` printed comes first; npm's JSON starts on a line of its own.
    [pack] = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[$/m)));
    dryRun = run(npm, ["publish", "--dry-run", join(root, pack.filename)], root);
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
    // As the README says: the tarball, or a git URL (here of this checkout, at the commit it is on).
    const head =
      INSTALL === "git" ? execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim() : "";
    const source = INSTALL === "git" ? `git+file://${REPO}#${head}` : join(root, pack.filename);
    const specs = [source, ...(PACT_JS ? [`@pact-foundation/pact@${PACT_JS}`] : [])];
    const install = await run(
      npm,
      ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", ...specs],
      project,
    );
    expect(install.code, install.stderr).to.equal(0);
    manifest = JSON.parse(readFileSync(join(project, "node_modules", OWN.name, "package.json"), "utf8"));
    bin = join(project, "node_modules", ".bin", "participant-contract");
    // A TypeScript project has typescript and @types/node: this repository's own, linked rather than installed again.
    const linked = ["typescript", "@types/node", ...(PACT_JS ? [] : ["@pact-foundation/pact"])];
    for (const dep of linked) {
      mkdirSync(dirname(join(project, "node_modules", dep)), { recursive: true });
      symlinkSync(join(REPO, "node_modules", dep), join(project, "node_modules", dep), "dir");
    }
    const pactJs = JSON.parse(
      readFileSync(join(project, "node_modules", "@pact-foundation", "pact", "package.json"), "utf8"),
    );
    installed = {
      from: INSTALL === "git" ? `git commit ${head.slice(0, 12)}` : pack.filename,
      pactJs: `${pactJs.version}${PACT_JS ? "" : " (linked, this repository's)"}`,
      pactCores: pactCores(project),
    };
    console.log(
      `      node ${process.version}: installed from ${installed.from}; pact-js ${installed.pactJs}; pact-core ${installed.pactCores.join(", ")}`,
    );
    writeFileSync(join(project, "use.mjs"), ESM);
    writeFileSync(join(project, "use.cjs"), CJS);
    writeFileSync(join(project, "use.ts"), TS);
    writeFileSync(join(project, "kit.mjs"), KIT);
    writeFileSync(join(project, "client.mjs"), CLIENT);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(TSCONFIG));
    kit = run(process.execPath, ["kit.mjs"], project);
    providerFixtures = join(root, "fixtures.json");
    provider = startProvider(bin, project, providerFixtures);
    provider.catch(() => undefined);
    esm = run(process.execPath, ["use.mjs"], project);
    cjs = run(process.execPath, ["use.cjs"], project);
    typecheck = run(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
    broker = run(
      bin,
      ["can-i-deploy", "--to-environment", "production", "--pacticipant", "scratch-app"],
      project,
      cleanEnv({ PACT_BROKER_BASE_URL: "http://127.0.0.1:9", GIT_COMMIT: "0123abc", PACT_BROKER_HTTP_RETRIES: "0" }),
    );
  });
  after(async () => {
    const running = await provider?.catch(() => undefined);
    running?.child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  it("the README's install lines name this package's repository and tarball, and this test installs one of them", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    expect(readme).to.include(`npm install --save-dev ${OWN.repository.url}`);
    expect(readme).to.include(`${OWN.name}-${OWN.version}.tgz`);
    expect(manifest).to.include({ name: OWN.name, version: OWN.version });
    // From git, npm ran `prepare` in its own clone: dist/ was built there.
    expect(existsSync(join(project, "node_modules", OWN.name, "dist", "bin", "participant-contract.js"))).to.equal(
      true,
    );
  });

  it(`one native core: pact-core once in the tree${PACT_JS ? ", beside the project's pact-js" : " (pact-js linked: the package's own)"}`, () => {
    expect(installed.pactCores, JSON.stringify(installed)).to.have.length(1);
  });

  it("the consumer kit under the project's pact-js: a plain-fetch client keeps every interaction", async () => {
    const written = await kit;
    expect(written.code, written.stdout + written.stderr).to.equal(0);
    const { statuses } = JSON.parse(written.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(statuses).to.deep.equal([200, 200, 404, 401]);
  });

  it("proxy -- COMMAND as one CI step, against an upstream that breaks the contract: exit 1, the report written", async () => {
    const broken = createProvider({ fixtures: seed, mutation: wrongSid });
    const upstream: TestServer = await serve((req, res) => broken.emit("request", req, res));
    try {
      const path = `/v1/Services/${seed.phone.serviceSid}/Sessions/${seed.phone.sessionSid}/Participants/${seed.phone.participantSid}`;
      const authorization = `Basic ${Buffer.from(`${seed.accountSid}:${seed.authToken}`).toString("base64")}`;
      const junit = join(root, "reports", "proxy.xml");
      const step = await run(
        npx,
        [
          "participant-contract",
          "proxy",
          "--upstream",
          upstream.url,
          "--junit",
          junit,
          "--",
          process.execPath,
          "client.mjs",
          path,
          authorization,
        ],
        project,
      );
      expect(step.code, step.stdout + step.stderr).to.equal(1);
      expect(step.stdout).to.include("integration test: got 200");
      expect(step.stdout).to.match(/FAIL {2}traffic +GET \/v1\/Services\//);
      expect(step.stdout).to.match(/exited 0/);
      expect(readFileSync(junit, "utf8")).to.include("<failure");
      expect(step.stdout + step.stderr).not.to.include(seed.authToken);
    } finally {
      await upstream.close();
    }
  });

  it("the tarball: dist/ with .d.ts, schemas, contracts; no tests, benches, CI files or sources", () => {
    const paths = pack.files.map((f) => f.path);
    const stray = paths.filter((p) => /^(tests|bench|scripts|src|\.github|\.ci)\//.test(p) || p.startsWith("tsconfig"));
    expect(stray).to.deep.equal([]);
    for (const needed of [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/bin/participant-contract.js",
      "dist/verify/pact/worker.mjs",
      "tls/trusts-nothing.pem",
    ])
      expect(paths).to.include(needed);
    expect(paths.filter((p) => p.startsWith("schemas/") && p.endsWith(".schema.json"))).to.have.length.greaterThan(5);
    expect(paths.filter((p) => p.startsWith("contracts/"))).to.have.length(2);
    const js = paths.filter((p) => p.startsWith("dist/") && p.endsWith(".js"));
    const untyped = js.filter((p) => !paths.includes(p.replace(/\.js$/, ".d.ts")));
    expect(untyped, "compiled modules without a .d.ts").to.deep.equal([]);
    console.log(`      tarball ${pack.filename}: ${(pack.size / 1024).toFixed(1)} kB, ${pack.entryCount} files`);
  });

  it("the manifest: publishable, described, no TypeScript loader among the dependencies", () => {
    expect(manifest).not.to.have.property("private");
    for (const field of ["files", "license", "repository", "keywords", "engines", "exports", "bin"])
      expect(manifest, field).to.have.property(field);
    const dependencies = Object.keys(manifest.dependencies as Record<string, string>);
    expect(dependencies).not.to.include.members(["tsx", "typescript", "ts-node"]);
    expect(dependencies).to.include("@pact-foundation/pact-cli");
    expect(existsSync(join(project, "node_modules", "tsx")), "tsx installed").to.equal(false);
  });

  it("npm publish --dry-run accepts the tarball", async () => {
    const published = await dryRun;
    expect(published.code, published.stderr).to.equal(0);
    expect(published.stdout + published.stderr).to.include(`${OWN.name}@${OWN.version}`);
  });

  it("participant-contract --version prints the version; --help lists the subcommands", async () => {
    const version = await run(bin, ["--version"], project);
    expect(version).to.deep.include({ code: 0, stdout: `${OWN.version}\n` });
    const help = await run(bin, ["--help"], project);
    expect(help.code).to.equal(0);
    for (const command of ["verify", "provider", "check", "proxy", "publish", "can-i-deploy", "record-deployment"])
      expect(help.stdout).to.match(new RegExp(`^  ${command} `, "m"));
  });

  it("provider writes a new fixtures file and serves; verify passes it: the package's contracts and the pact the kit wrote", async () => {
    const { url } = await provider;
    const { file } = JSON.parse((await kit).stdout.trim().split("\n").at(-1) ?? "{}");
    const pacts = join(root, "pacts");
    cpSync(join(project, "node_modules", OWN.name, "contracts"), pacts, { recursive: true });
    cpSync(file, join(pacts, "scratch-app-kit.json"));
    const junit = join(root, "junit.xml");
    const verified = await run(
      bin,
      ["verify", "--base-url", url, "--fixtures", providerFixtures, "--pacts", pacts, "--junit", junit],
      project,
    );
    expect(verified.code, verified.stdout + verified.stderr).to.equal(0);
    // The package's two pacts (7 interactions) and the kit's (4).
    expect(verified.stdout).to.match(/PASS {2}pact: 11 passed/);
    expect(verified.stdout).to.match(/\d+ checks: \d+ passed, 0 failed/);
    expect(readFileSync(junit, "utf8")).to.include("<testsuites ");
  });

  it("proxy forwards to the provider and judges what passes; check judges a HAR of it", async () => {
    const served = await provider;
    const proxy = await startCommand(bin, ["proxy", "--upstream", served.url, "--port", "0"], project);
    try {
      const { accountSid, authToken, phone } = JSON.parse(readFileSync(providerFixtures, "utf8"));
      const path = `/v1/Services/${phone.serviceSid}/Sessions/${phone.sessionSid}/Participants/${phone.participantSid}`;
      const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
      const answer = await fetch(`${proxy.url}${path}`, { headers: { authorization } });
      const text = await answer.text();
      expect(answer.status, text).to.equal(200);
      const entry = {
        startedDateTime: new Date().toISOString(),
        request: {
          method: "GET",
          url: `${served.url}${path}`,
          headers: [{ name: "Authorization", value: authorization }],
        },
        response: {
          status: 200,
          headers: [...answer.headers].map(([name, value]) => ({ name, value })),
          content: { text },
        },
      };
      const har = join(root, "traffic.har");
      writeFileSync(har, JSON.stringify({ log: { version: "1.2", entries: [entry] } }));
      const checked = await run(bin, ["check", har], project);
      expect(checked.code, checked.stdout + checked.stderr).to.equal(0);
      expect(checked.stdout).to.match(/1 check: 1 passed, 0 failed/);
      expect(checked.stdout + checked.stderr).not.to.include(authToken);
    } finally {
      proxy.child.kill("SIGINT");
    }
    const [code] = await once(proxy.child, "exit");
    expect(code, proxy.output()).to.equal(0);
    expect(proxy.output()).to.match(/PASS {2}traffic +GET \/v1\/Services\//);
  });

  it("the provider stops on SIGTERM: exit 0", async () => {
    const { child } = await provider;
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).to.equal(0);
  });

  it("a broker command against a broker it cannot reach: exit 2, one line naming that broker", async () => {
    const result = await broker;
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^error: [^\n]*http:\/\/127\.0\.0\.1:9[^\n]*\n$/);
  });

  it("an ES module imports the library and the schemas in plain Node", async () => {
    const result = await esm;
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      sid: true,
      valid: true,
      schema: "https://twilio-proxy-contract.example/schemas/participant.schema.json",
      verify: "function",
      loaders: 0,
    });
  });

  it("a CommonJS file requires the library and resolves the contracts", async () => {
    const result = await cjs;
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      names: ["function", "function", "function", "function", "function"],
      invalid: true,
      contract: true,
    });
  });

  it("a TypeScript module type-checks against the shipped .d.ts (nodenext, strict, exactOptionalPropertyTypes)", async () => {
    const result = await typecheck;
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });
});
