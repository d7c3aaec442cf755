/**
 * The formats schemas/ uses, as ajv and the generated validators (src/validators.generated.ts)
 * look them up by name. `date-time` is our own: ajv-formats' accepts any whitespace
 * between date and time and offsets without a colon (`+0000`, `+00`), which RFC 3339 does
 * not, and which the Pact verifier (running the schemas' date pattern) rejects. `uri` is
 * ajv-formats' full RFC 3986 check.
 */
// Not ajv-formats' package root: that loads ajv's whole compiler (about 20 modules) to offer a
// plugin, where only the format functions are needed at run time. If this file moves in an
// ajv-formats release, every test fails on import; tests/consumer/kit.test.ts checks that the
// compiler stays unloaded.
import { fullFormats } from "ajv-formats/dist/formats.js";

type FormatCheck = (value: string) => boolean;

/** Year, month, day, hour, minute, second, fraction digits, offset sign, offset hours, offset minutes. */
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * RFC 3339 section 5.6 `date-time`: `T` or `t`, `Z`, `z` or `±hh:mm`, real months and
 * days of the month (leap years included), hours 00-23, minutes 00-59. Not a leap second:
 * Twilio's dates come from Unix time, which has none, and the schemas' pattern (the form
 * the Pact verifier runs) could not place one for an offset other than Z.
 */
export const dateTime: FormatCheck = (value) => {
  const match = RFC_3339.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [
    ...match.slice(1, 7),
    ...match.slice(9, 11),
  ].map((part) => Number(part ?? 0));
  if (month === undefined || day === undefined || month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(year ?? 0) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  const within = (part: number | undefined, max: number) => part !== undefined && part <= max;
  return (
    day <= days &&
    within(hour, 23) &&
    within(minute, 59) &&
    within(second, 59) &&
    within(offsetHours, 23) &&
    within(offsetMinutes, 59)
  );
};

/** A moment in time as a pair that orders like it: whole seconds since 1970 (UTC), then the fraction's digits. */
export interface Instant {
  seconds: number;
  /** The digits after the decimal point, as written ("" when none). */
  fraction: string;
}

/**
 * The instant an RFC 3339 date-time names, offset applied, or undefined when `value` is not
 * one (see `dateTime`). Kept as whole seconds and the fraction's digits, so nanoseconds
 * compare exactly; years before 100 are kept as written (Date.UTC would read 0001 as 1901).
 */
export function instantOf(value: string): Instant | undefined {
  const match = dateTime(value) ? RFC_3339.exec(value) : null;
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const date = new Date(0);
  date.setUTCFullYear(year ?? 0, (month ?? 1) - 1, day);
  date.setUTCHours(hour ?? 0, minute, second, 0);
  const sign = match[8] === "-" ? -1 : 1;
  const offset = match[8] ? sign * (Number(match[9]) * 3600 + Number(match[10]) * 60) : 0;
  return { seconds: date.getTime() / 1000 - offset, fraction: match[7] ?? "" };
}

/** Negative when `a` is before `b`, zero when they are the same instant, positive after. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds - b.seconds;
  const width = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(width, "0");
  const fb = b.fraction.padEnd(width, "0");
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

export const uri = fullFormats.uri as FormatCheck;

/** By format name, as ajv and the generated validators look them up. */
export const formats: Record<"date-time" | "uri", FormatCheck> = { "date-time": dateTime, uri };
