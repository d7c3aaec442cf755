/**
 * The Rust verifier's mismatches read into the one finding vocabulary: a subject (the
 * status, a header, a body field), the rule in the schema's words, and what was there.
 * The verifier quotes the pact's regular expression; each regex the pact kit writes
 * (src/pact/patterns.ts, from schemas/) is looked up to find the words its schema gives
 * it, so that the pact layer and the schema layer say one defect alike. The regex stays
 * in `expected` as data; a regex nobody wrote (another team's pact) is never put in prose.
 */

import { oneLine } from "../../core/errors.js";
import type { Finding } from "../../core/findings.js";
import { boundedActual, pointerOf } from "../../core/violation.js";
import { withoutColour } from "../../net/inert.js";
import {
  anchoredAlternation,
  anyStringPattern,
  BASIC_AUTH_PATTERN,
  CONTENT_TYPE_PATTERN,
  MESSAGE_INTERACTIONS_URL_PATTERN,
  PARTICIPANT_PATH_PATTERN,
  PARTICIPANT_URL_PATTERN,
  withLengthLimits,
} from "../../pact/patterns.js";
import { allLengthLimits, lengthWords, NAMED_PATTERNS, patternWords } from "../../schema/words.js";

export interface VerifierMismatch {
  type?: string;
  path?: string;
  key?: string;
  mismatch?: string;
  message?: string;
  actual?: unknown;
  expected?: unknown;
}

/** Words for the regexes the kit builds that no single schema pattern is: URL and path shapes. */
const KIT_REGEX_WORDS: [string, string][] = [
  [PARTICIPANT_URL_PATTERN, "an http(s) URL of a participant's own path"],
  [MESSAGE_INTERACTIONS_URL_PATTERN, "an http(s) URL of a participant's MessageInteractions"],
  [PARTICIPANT_PATH_PATTERN, "a participant's path"],
  [BASIC_AUTH_PATTERN, "Basic credentials in base64"],
];

/**
 * Every regex the kit can write for a field, with its words: each named pattern as it
 * stands, with a length limit folded in (withLengthLimits, as the kit does for any limit
 * schemas/ states), two of them as alternatives, and a bare length limit.
 */
const PACT_REGEX_WORDS: ReadonlyMap<string, string> = (() => {
  const table = new Map<string, string>(KIT_REGEX_WORDS);
  const limits = allLengthLimits();
  for (const named of NAMED_PATTERNS) {
    if (!table.has(named.pattern)) table.set(named.pattern, named.words);
    for (const maxLength of limits) {
      try {
        const folded = withLengthLimits(named.pattern, { maxLength });
        if (!table.has(folded)) table.set(folded, `${named.words}, ${lengthWords({ maxLength })}`);
      } catch {
        // A limit that cannot be folded into this pattern is never one the kit wrote for it.
      }
    }
    for (const other of NAMED_PATTERNS) {
      if (other === named) continue;
      const either = anchoredAlternation([named.pattern, other.pattern]);
      if (!table.has(either)) table.set(either, `${named.words} or ${other.words}`);
    }
  }
  for (const maxLength of limits) table.set(anyStringPattern(maxLength), lengthWords({ maxLength }) ?? "");
  return table;
})();

/** The words for a regex a pact quotes, or undefined when the kit never writes it. */
export function pactRegexWords(regex: string): string | undefined {
  return PACT_REGEX_WORDS.get(regex);
}

/** `must be <words>`, or a rule that says a pattern without quoting it. */
function regexRule(regex: string): string {
  const words = pactRegexWords(regex);
  return `must be ${words ?? "in the form the pact's pattern gives"}`;
}

/** The verifier's text with every quoted regex it holds put in words. */
function withoutRegexes(text: string): string {
  // A regex may hold quotes itself (the URL patterns do): it ends at `$'` before a break.
  return text.replace(
    /'(\^.*?\$)'(?=$|[\s,.;)])/g,
    (_all, regex: string) => `'${pactRegexWords(regex) ?? "the pact's pattern"}'`,
  );
}

/** The verifier writes an actual body value as JSON text; a finding carries it bounded (boundedActual). */
function parsedValue(actual: unknown): unknown {
  if (typeof actual !== "string") return boundedActual(actual);
  try {
    return boundedActual(JSON.parse(actual));
  } catch {
    return actual;
  }
}

/** `$.links.message_interactions` → `links.message_interactions`; `$` → `(body)`. */
function bodyField(path: string): string {
  if (path === "$" || path === "") return "(body)";
  return path
    .replace(/^\$\.?/, "")
    .replace(/\['([^']*)'\]/g, ".$1")
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/^\./, "");
}

const quotedRegex = (text: string) => /to match '(\^[\s\S]*\$)'\s*$/.exec(text)?.[1];

const CONTENT_TYPE_RULE = `must be ${patternWords(CONTENT_TYPE_PATTERN) ?? "JSON"}`;

function bodyFinding(m: VerifierMismatch, text: string): Finding[] {
  const field = bodyField(m.path ?? "$");
  const base = { kind: "body" as const, field, pointer: pointerOf(field) };
  const missing = /^Actual map is missing the following keys: (.*)$/s.exec(text)?.[1];
  if (missing !== undefined) {
    return missing
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean)
      .map((key) => {
        const inner = field === "(body)" ? key : `${field}.${key}`;
        return { kind: "body", field: inner, pointer: pointerOf(inner), rule: "is required" };
      });
  }
  const actual = "actual" in m ? { actual: parsedValue(m.actual) } : {};
  const regex = quotedRegex(text);
  if (regex !== undefined)
    return [{ ...base, rule: regexRule(regex), ...actual, expected: { keyword: "pattern", value: regex } }];
  const type = /to be the same type as .*\((\w+)\)\s*$/s.exec(text)?.[1];
  if (type !== undefined)
    return [{ ...base, rule: `must be ${type.toLowerCase()}`, ...actual, expected: { keyword: "type", value: type } }];
  if (/to be equal to/.test(text))
    return [
      {
        ...base,
        rule: `must be ${JSON.stringify(parsedValue(m.expected))}`,
        ...actual,
        expected: { keyword: "equal", value: parsedValue(m.expected) },
      },
    ];
  return [{ ...base, rule: withoutRegexes(text), ...actual }];
}

/** One verifier mismatch as findings (a missing-keys mismatch names several). */
export function mismatchFindings(m: VerifierMismatch): Finding[] {
  const text = oneLine(withoutColour(m.mismatch ?? m.message ?? m.type ?? "mismatch"));
  switch (m.type) {
    case "StatusMismatch": {
      const actual = typeof m.actual === "number" ? m.actual : Number(/but was (\d+)/.exec(text)?.[1] ?? Number.NaN);
      const expected = typeof m.expected === "number" ? m.expected : /expected (\d+)/.exec(text)?.[1];
      return [
        {
          kind: "status",
          field: "status",
          rule: `must be ${String(expected)}`,
          ...(Number.isNaN(actual) ? {} : { actual }),
          expected: { keyword: "status", value: Number(expected) },
        },
      ];
    }
    case "HeaderMismatch": {
      const field = (m.key ?? "header").toLowerCase();
      const regex = quotedRegex(text);
      const actual = "actual" in m ? { actual: m.actual } : {};
      if (regex !== undefined)
        return [
          { kind: "header", field, rule: regexRule(regex), ...actual, expected: { keyword: "pattern", value: regex } },
        ];
      return [
        {
          kind: "header",
          field,
          rule: `must be ${JSON.stringify(m.expected)}`,
          ...actual,
          expected: { keyword: "equal", value: m.expected },
        },
      ];
    }
    case "BodyTypeMismatch":
      // The body's type is the Content-Type header's: the same finding as the header's mismatch.
      return [
        {
          kind: "header",
          field: "content-type",
          rule:
            String(m.expected).toLowerCase() === "application/json"
              ? CONTENT_TYPE_RULE
              : `must be ${String(m.expected)}`,
          ...("actual" in m ? { actual: m.actual } : {}),
          expected:
            String(m.expected).toLowerCase() === "application/json"
              ? { keyword: "pattern", value: CONTENT_TYPE_PATTERN }
              : { keyword: "equal", value: m.expected },
        },
      ];
    case "BodyMismatch":
      return bodyFinding(m, text);
    default:
      return [{ kind: "pact", field: "(response)", rule: withoutRegexes(text) }];
  }
}

const sameFinding = (a: Finding, b: Finding) =>
  a.kind === b.kind &&
  a.field === b.field &&
  a.rule === b.rule &&
  JSON.stringify(a.actual) === JSON.stringify(b.actual);

/**
 * An interaction's mismatches as findings: an "X or null" rule that failed says so twice,
 * and the null alternative adds nothing when the other speaks; one finding said twice (the
 * body type and the Content-Type header) is kept once.
 */
export function mismatchesToFindings(mismatches: readonly VerifierMismatch[]): Finding[] {
  const isNullAlternative = (m: VerifierMismatch) => /to be a null value\s*$/.test(m.mismatch ?? "");
  const kept = mismatches.filter(
    (m) => !isNullAlternative(m) || !mismatches.some((o) => o.path === m.path && !isNullAlternative(o)),
  );
  const findings: Finding[] = [];
  for (const finding of kept.flatMap(mismatchFindings)) {
    if (!findings.some((f) => sameFinding(f, finding))) findings.push(finding);
  }
  return findings;
}

/** A verifier error with no mismatch list (the request could not be made): its message, regexes in words. */
export function verifierMessageFinding(message: string): Finding {
  return { kind: "pact", field: "(request)", rule: withoutRegexes(oneLine(withoutColour(message))) };
}
