/**
 * A step summary as GitHub shows it: GitHub-flavoured Markdown rendered with raw HTML let
 * through (GitHub sanitises afterwards, keeping images, links, headings, details), by
 * micromark with its GFM extension (autolink literals, tagfilter, tables, strikethrough),
 * then parsed as a browser parses HTML (parse5), to list what a reader would see: each
 * element, its attributes, and each piece of text with the elements around it.
 */
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { parseFragment } from "parse5";

export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

export interface Rendered {
  /** Every element, in document order: its name and attributes. */
  elements: { name: string; attributes: Record<string, string>; parents: string[] }[];
  /** Every text node: its text and the names of the elements it sits in, outermost first. */
  texts: { text: string; parents: string[] }[];
}

interface Node {
  nodeName: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
}

/** What a browser builds from the HTML: walked with a stack, so no document is too deep for it. */
export function rendered(html: string): Rendered {
  const elements: Rendered["elements"] = [];
  const texts: Rendered["texts"] = [];
  const pending: [Node, string[]][] = [[parseFragment(html) as unknown as Node, []]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, parents] = next;
    if (node.nodeName === "#text") {
      texts.push({ text: node.value ?? "", parents });
      continue;
    }
    const element = !node.nodeName.startsWith("#");
    if (element)
      elements.push({
        name: node.nodeName,
        attributes: Object.fromEntries((node.attrs ?? []).map((a) => [a.name, a.value])),
        parents,
      });
    const inside = element ? [...parents, node.nodeName] : parents;
    for (const child of [...(node.childNodes ?? [])].reverse()) pending.push([child, inside]);
  }
  return { elements, texts };
}
