/**
 * The step summary as GitHub renders it: others' text (hostile payloads, then generated
 * markup) in every field a pact, a HAR file, a proxied client, a provider or a broker
 * fills, rendered as GitHub-flavoured Markdown with raw HTML let through (tests/support/
 * gfm.ts), then parsed as a browser would. Only the reporter's own elements appear, no
 * link and no image at all, every piece of others' text sits inside <code> or <pre>, and
 * each check stays in its own <details>. The seed is in the test names; FC_SEED replays.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { main } from "../../../src/cli/main.js";
import { toMarkdown } from "../../../src/report/markdown.js";
import { rendered, renderGfm } from "../../support/gfm.js";
import { writeHar } from "../../support/har-recorder.js";
import { reportHolding } from "../../support/hostile-report.js";
import { trafficHar } from "../../support/traffic-har.js";
import { tempDir } from "../../support/verify.js";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

/** What others' text is recognised by, once rendered. */
const MARK = "attacker";

/** The elements the reporter writes itself; `code` may carry a fence's language. */
const OURS = new Set(["h3", "h4", "p", "ul", "li", "strong", "code", "pre", "details", "summary"]);

/** What GitHub would show of a summary holding others' text, judged. */
function expectOnlyOurs(markdown: string, detailsExpected: number): void {
  const { elements, texts } = rendered(renderGfm(markdown));
  for (const element of elements) {
    expect(OURS, `an element of theirs: <${element.name}>`).to.include(element.name);
    const attributes = Object.entries(element.attributes);
    const fence = element.name === "code" && attributes.length === 1 && element.attributes.class === "language-text";
    expect(fence || attributes.length === 0, `attributes on <${element.name}>: ${JSON.stringify(attributes)}`).to.equal(
      true,
    );
  }
  for (const { text, parents } of texts)
    if (text.includes(MARK))
      expect(
        parents.includes("code") || parents.includes("pre"),
        `their text outside code: ${JSON.stringify(text)} in ${parents.join(" > ")}`,
      ).to.equal(true);
  const details = elements.filter((e) => e.name === "details");
  expect(details, "one <details> per failed or pending check").to.have.length(detailsExpected);
  for (const d of details) expect(d.parents, "a <details> inside another").not.to.include("details");
  for (const s of elements.filter((e) => e.name === "summary"))
    expect(s.parents.at(-1), "a <summary> outside its <details>").to.equal("details");
}

const PAYLOADS: [name: string, text: string][] = [
  ["an image tag", `<img src="https://attacker.example/i.png">`],
  ["the summary and details closed, then a heading", "</summary></details><h1>attacker</h1>"],
  ["a script", `<script>alert("attacker")</script>`],
  ["bare URLs", "see https://attacker.example/x and www.attacker.example"],
  ["an email address", "write to someone@attacker.example"],
  ["a Markdown link and image", "[click](https://attacker.example) ![x](https://attacker.example/i.png)"],
  ["an autolink", "<https://attacker.example>"],
  ["runs of backticks around a tag", "``` ` `` attacker ```` <img src=https://attacker.example>"],
  ["an entity spelling a tag", "&lt;img src=https://attacker.example&gt; &#60;b&#62;"],
  ["a heading and a list on new lines", "# attacker\n- [x](https://attacker.example)\n\n<img src=x>"],
  ["an open HTML comment", "<!-- attacker"],
  ["CDATA and a processing instruction", "<![CDATA[ attacker <?php attacker"],
  ["a table", "| attacker | b |\n|---|---|\n| <img src=x> | y |"],
  ["a mention and references", "@attacker #1 GH-1 attacker/repo#2"],
  ["a backslash before a tag", "\\<img src=https://attacker.example>"],
  ["emphasis, strikethrough, a footnote", "**attacker** ~~x~~ [^1]\n\n[^1]: https://attacker.example"],
];

describe("step summary as GitHub renders it: only the reporter's own elements and no link", () => {
  for (const [name, payload] of PAYLOADS)
    it(`${name}, in every field`, () => expectOnlyOurs(toMarkdown(reportHolding(payload, `https://${payload}`)), 3));

  const fragment = fc.oneof(
    fc.constantFrom(
      "<",
      ">",
      "</",
      "`",
      "``",
      "\\",
      "&",
      "&lt;",
      "&#60;",
      "[",
      "](",
      ")",
      "!",
      "*",
      "_",
      "~",
      "|",
      "#",
      "\n",
      "\n\n",
      " ",
      "-->",
      "<!--",
      "<details>",
      "</details>",
      "<summary>",
      "</summary>",
      "<img src=x>",
      "<a href=https://attacker.example>",
      "https://attacker.example",
      "www.attacker.example",
      "@attacker",
      "attacker@attacker.example",
    ),
    fc.string({ maxLength: 6 }),
  );
  const hostile = fc.array(fragment, { minLength: 1, maxLength: 24 }).map((parts) => `${MARK} ${parts.join("")}`);
  it(`generated markup in every field (seed ${SEED})`, () =>
    fc.assert(
      fc.property(hostile, (text) => expectOnlyOurs(toMarkdown(reportHolding(text, `https://${text}`)), 3)),
      { seed: SEED, numRuns: 60 },
    ));

  it("a hostile HAR through check: the summary it appends holds nothing of theirs outside code", async () => {
    const dir = tempDir();
    const payload = `<img src="https://attacker.example/i.png"></summary></details><h1>attacker</h1> https://attacker.example`;
    const har = trafficHar({
      count: 3,
      origins: ["https://attacker.example"],
      answer: () => ({ status: 500, text: `${payload}\n${"`".repeat(5)}`, mimeType: `text/html; ${payload}` }),
    });
    for (const entry of har.log.entries) entry.request.url += `?q=${payload}`;
    const summary = join(dir, "summary.md");
    const code = await main(["check", writeHar(join(dir, "hostile.har"), har)], {
      stdout: () => undefined,
      stderr: () => undefined,
      env: { GITHUB_STEP_SUMMARY: summary },
      colour: false,
    });
    expect(code).to.equal(1);
    expectOnlyOurs(readFileSync(summary, "utf8"), 3);
  });
});
