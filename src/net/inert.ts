/**
 * Text that others control (a provider, a pact, a broker, a state endpoint, the pact CLI's
 * output), made harmless to show. For now: the terminal colour codes the Rust tools write.
 */

/** ANSI SGR sequences (`ESC[…m`), as the pact verifier and the pact CLI colour their text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is exactly what is matched.
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;

/** The text without colour codes. */
export function withoutColour(text: string): string {
  return text.replace(ANSI_COLOUR, "");
}
