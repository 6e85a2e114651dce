/** Command-line dates (issue 20): calendar-exact, or refused as invalid with the reason. */
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDateOption } from '../../../src-main/cli/parse-date.js';

describe('parseDateOption', () => {
  it('reads a calendar date as midnight UTC, and date-times with Z or an offset', () => {
    expect(parseDateOption('2026-03-01').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseDateOption('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z'); // a leap day
    expect(parseDateOption('2026-03-01T09:30Z').toISOString()).toBe('2026-03-01T09:30:00.000Z');
    expect(parseDateOption('2026-03-01T09:30:15.250+01:00').toISOString()).toBe('2026-03-01T08:30:15.250Z');
  });

  it('refuses what Date.parse would move or reject silently', () => {
    for (const value of ['2026-02-29', '2026-04-31', '2026-00-10', '2026-13-45', '2026-03-01T24:00Z', '2026-03-01T10:00+15:00', '2026-03-01 10:00', '1 March 2026', '']) {
      expect(() => parseDateOption(value), value).toThrow(InvalidArgumentError);
    }
  });
});
