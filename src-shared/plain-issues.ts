/**
 * Validation messages an administrator can act on. zod's defaults ("Too small: expected number
 * to be >=5", "expected number, received NaN") are written for developers; this error map, given
 * to every Api parse (api-dispatch.ts), says what is wrong and what to enter instead. A schema's
 * own message (e.g. "must be a domain name such as example.com") still wins: zod applies a
 * per-parse map only where the schema names none.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const count = (n: unknown) => (typeof n === 'bigint' || typeof n === 'number' ? Number(n).toLocaleString('en') : String(n));

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string | undefined {
  const least = issue.inclusive === false ? 'more than' : 'at least';
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `Enter a number ${least} ${count(issue.minimum)}.`;
  if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'This cannot be empty.' : `Enter ${least} ${count(issue.minimum)} characters.`;
  if (issue.origin === 'array' || issue.origin === 'set') return Number(issue.minimum) <= 1 ? 'Choose at least one.' : `Choose ${least} ${count(issue.minimum)}.`;
  if (issue.origin === 'date') return 'Choose a later date.';
  return undefined;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string | undefined {
  const most = issue.inclusive === false ? 'less than' : 'at most';
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `Enter a number ${most} ${count(issue.maximum)}.`;
  if (issue.origin === 'string') return `Use ${most} ${count(issue.maximum)} characters.`;
  if (issue.origin === 'array' || issue.origin === 'set') return `Give ${most} ${count(issue.maximum)} entries.`;
  if (issue.origin === 'date') return 'Choose an earlier date.';
  return undefined;
}

const FORMATS: Record<string, string> = {
  url: 'Enter a full URL such as https://proxy.example.com:8080.',
  email: 'Enter an email address such as name@example.com.',
  datetime: 'Enter a date and time such as 2024-03-01T09:00:00Z.',
  date: 'Enter a date such as 2024-03-01.',
  uuid: 'Enter an ID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.',
  guid: 'Enter an ID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.',
};

/** The plain sentence for a zod issue, or undefined to keep zod's own. */
export function plainIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'This is required.';
      if (issue.expected === 'number' || issue.expected === 'int') return 'Enter a whole number, such as 15.';
      if (issue.expected === 'string') return 'Enter text here.';
      if (issue.expected === 'boolean') return 'Choose yes or no.';
      if (issue.expected === 'array') return 'Give a list here.';
      return 'This value has the wrong form.';
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'This value has the wrong form.';
    case 'invalid_value':
      return issue.values.length <= 6 ? `Choose one of: ${issue.values.map(String).join(', ')}.` : 'Choose one of the listed values.';
    case 'unrecognized_keys':
      return `Not a setting here: ${issue.keys.join(', ')}.`;
    case 'not_multiple_of':
      return `Enter a multiple of ${count(issue.divisor)}.`;
    default:
      return undefined;
  }
}

/** The parse options that apply plainIssueMessage. */
export const PLAIN_ISSUES = { error: (issue: Issue) => plainIssueMessage(issue) } as const;
