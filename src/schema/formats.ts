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

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

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
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
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

export const uri = fullFormats.uri as FormatCheck;

/** By format name, as ajv and the generated validators look them up. */
export const formats: Record<"date-time" | "uri", FormatCheck> = { "date-time": dateTime, uri };
