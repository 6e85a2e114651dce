import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src-main/search/backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles the ceiling per failure up to the cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 7, 8, 50].map((n) => backoffDelay(n, policy, top))).toEqual([999, 1999, 3999, 7999, 59_999, 59_999, 59_999]);
    expect(backoffDelay(0, policy, top)).toBe(0);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2000);
  });
});
