import { describe, expect, it } from 'vitest';
import { followThread, resolveThreads, threadPointerOf } from '../../../src-main/store/thread-key.js';

describe('threadPointerOf', () => {
  it('points at the first References entry, else In-Reply-To, else the email itself, normalised', () => {
    expect(threadPointerOf({ messageKey: 'c@x', references: ['<Root@X>', '<b@x>'], inReplyTo: '<b@x>' })).toBe('root@x');
    expect(threadPointerOf({ messageKey: 'c@x', references: [], inReplyTo: '<B@x>' })).toBe('b@x');
    expect(threadPointerOf({ messageKey: 'c@x', references: [], inReplyTo: null })).toBe('c@x');
  });
});

describe('resolveThreads', () => {
  it('follows pointers through the page and into stored threads', () => {
    const pointers = new Map([
      ['c', 'b'],
      ['b', 'a'],
      ['d', 'd'],
    ]);
    expect(resolveThreads(pointers, new Map([['a', 'root']]))).toEqual(new Map([['c', 'root'], ['b', 'root'], ['d', 'd']]));
    expect(resolveThreads(pointers, new Map())).toEqual(new Map([['c', 'a'], ['b', 'a'], ['d', 'd']]));
  });

  it('stops at a cycle of malformed headers instead of looping', () => {
    const result = resolveThreads(new Map([['a', 'b'], ['b', 'a']]), new Map());
    expect([...result.keys()].sort()).toEqual(['a', 'b']);
  });
});

describe('followThread', () => {
  const known = new Map<string, string | null>([
    ['root', 'root'],
    ['mid', 'root'],
    ['leaf', 'mid'],
    ['gone', null],
    ['x', 'y'],
    ['y', 'x'],
  ]);

  it('follows stored thread keys to a root or to a key that is not stored', () => {
    expect(followThread('leaf', known)).toEqual({ thread: 'root' });
    expect(followThread('root', known)).toEqual({ thread: 'root' });
    expect(followThread('gone', known)).toEqual({ thread: 'gone' });
  });

  it('names the first key it has not read yet', () => {
    expect(followThread('unread', known)).toEqual({ missing: 'unread' });
    expect(followThread('a', new Map([['a', 'b']]))).toEqual({ missing: 'b' });
  });

  it('stops at a cycle of malformed headers instead of looping', () => {
    expect(followThread('x', known)).toEqual({ thread: 'x' });
  });
});
