/**
 * Removes secrets from text before it is printed: our own messages and the pact CLI's
 * output we pass through both go through here.
 */
export const REDACTED = "[redacted]";

export type Redactor = (text: string) => string;

export function redactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret that contains another is replaced whole.
  const known = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  return (text) => {
    let clean = text;
    for (const secret of known) clean = clean.split(secret).join(REDACTED);
    // Whatever else follows an auth scheme (a secret we were not told about) goes too.
    return clean.replace(/\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`);
  };
}
