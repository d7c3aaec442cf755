/**
 * Text that others control (a provider, a pact, a broker, a state endpoint, the pact CLI's
 * output) made inert before anything shows it: the one function that does it, beside the
 * redactor (redact first, then make inert, then shorten). Inert text cannot move the
 * cursor, recolour the terminal, start a new line, reorder what follows it, or be read by
 * a CI system as a command.
 */

/** ANSI SGR sequences (`ESC[…m`), as the pact verifier and the pact CLI colour their text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is exactly what is matched.
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;

/** The text without colour codes: for our own tools' output, before it is parsed. */
export function withoutColour(text: string): string {
  return text.replace(ANSI_COLOUR, "");
}

/** Escapes a reader knows: `\n`, `\r`, `\t`; every other unsafe code point as `\uXXXX`. */
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * C0 and C1 controls and DEL (escape sequences start with ESC or CSI), the line and
 * paragraph separators, the bidirectional overrides and isolates (they reorder what a
 * reader sees), and lone surrogates (not characters at all).
 */
function unsafe(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff)
  );
}

/**
 * What CI systems read as commands: GitHub Actions a line starting with `::` (after
 * blanks), Azure Pipelines `##vso[` anywhere and `##[` at a line's start. The first
 * character is escaped, so the text still reads the same to a person.
 */
const CI_COMMAND = /^(\s*):(?=:)|##(?=vso\[)|^(\s*)#(?=#\[)/g;

function guardCommands(line: string): string {
  // Most text holds neither: no regular expression run for it.
  if (!line.includes("::") && !line.includes("##")) return line;
  return line.replace(CI_COMMAND, (match, lead1: string | undefined, lead2: string | undefined) => {
    if (match === "##") return "#\\x23";
    return `${lead1 ?? lead2 ?? ""}\\x${match.trim() === ":" ? "3a" : "23"}`;
  });
}

/** A code unit that may be unsafe (a surrogate is, alone): text without one is copied as it is. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
const MAYBE_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/** One line of inert text: every unsafe code point escaped, line breaks included. */
export function inert(text: string): string {
  if (!MAYBE_UNSAFE.test(text)) return guardCommands(text);
  let out = "";
  for (const ch of text) {
    const codePoint = ch.codePointAt(0) ?? 0;
    out += unsafe(codePoint) ? (NAMED[ch] ?? `\\u${codePoint.toString(16).padStart(4, "0")}`) : ch;
  }
  return guardCommands(out);
}

/** Several lines of inert text (a body shown as evidence): each line made inert on its own. */
export function inertLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/).map(inert);
}

/**
 * One line of the suite's own output made inert, its colour codes (SGR, which the console
 * reporter adds on a terminal) kept: the text between them is made inert piece by piece.
 */
export function inertKeepingColour(line: string): string {
  let out = "";
  let at = 0;
  for (const match of line.matchAll(ANSI_COLOUR)) {
    out += inert(line.slice(at, match.index)) + match[0];
    at = match.index + match[0].length;
  }
  return out + inert(line.slice(at));
}
