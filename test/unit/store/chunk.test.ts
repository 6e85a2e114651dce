import { describe, expect, it } from 'vitest';
import { chunk } from '../../../src-main/store/transaction.js';

describe('chunk', () => {
  it('splits by row count', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('splits by weight, giving a row heavier than the limit a chunk of its own', () => {
    expect(chunk([5, 1, 1, 9, 1], 10, (n) => n, 6)).toEqual([[5, 1], [1], [9], [1]]);
  });

  it('returns nothing for nothing', () => {
    expect(chunk([], 3)).toEqual([]);
  });
});
