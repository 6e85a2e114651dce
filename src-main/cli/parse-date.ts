/**
 * Dates given on the command line (`preview --since`, `audit export --from/--to`, `audit trim
 * --before`), checked strictly. `Date.parse` is not enough: it answers NaN for `2026-13-45`
 * (which the preview then reported as a missing flag) and silently moves `2026-02-31` to 3 March.
 * A value is an ISO 8601 calendar date (`2026-03-01`, midnight UTC) or date-time with seconds
 * optional and an offset (`2026-03-01T09:30:00Z`, `...+01:00`); anything else is refused as
 * invalid with the value and the rule, through commander (exit 2, docs/cli.md).
 */
import { InvalidArgumentError } from 'commander';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Why `value` is not a date we accept, or null when it is one. */
function problemOf(match: RegExpExecArray | null): string | null {
  if (!match) return 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (or an offset such as +01:00)';
  const [, y, mo, d, h, mi, s, , offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return `there is no month ${mo}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${y}-${mo} has no day ${d}`;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59)) return `${h}:${mi}${s ? `:${s}` : ''} is not a time of day`;
  if (offset && offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59)) return `${offset} is not a UTC offset`;
  return null;
}

/** Parses a date option's value; throws commander's InvalidArgumentError naming what is wrong. */
export function parseDateOption(value: string): Date {
  const match = ISO.exec(value.trim());
  const problem = problemOf(match);
  if (problem !== null) throw new InvalidArgumentError(`not a valid date (${problem})`);
  const text = value.trim();
  return new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
}
