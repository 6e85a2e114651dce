import { describe, expect, it } from 'vitest';
import { requestLogIdealTime as idealTime } from '../../bench/support/request-log-ideal-time.js';

describe('the request-log ideal time of a sync (the old yardstick, kept as a schedule diagnostic)', () => {
  it('counts the folder listing before the longest chain only when the sync listed folders', () => {
    // 3 folders of 1 delta page each: with a listing, 2 latencies (listing, then the pages side by side); without, 1.
    expect(idealTime([{ mailbox: 'a', deltaChains: [1, 1, 1], discovery: 2 }], 40, 8).seconds).toBeCloseTo(0.08);
    expect(idealTime([{ mailbox: 'a', deltaChains: [1, 1, 1], discovery: 0 }], 40, 8).seconds).toBeCloseTo(0.04);
  });

  it('spreads a mailbox over 4 slots and mailboxes over the concurrent ones', () => {
    // 12 single-page folders: 12 requests over 4 slots = 3 latencies, more than the longest chain (1).
    expect(idealTime([{ mailbox: 'a', deltaChains: Array(12).fill(1), discovery: 0 }], 40, 8).seconds).toBeCloseTo(0.12);
    // 16 mailboxes of 1 latency each, 8 at once: 2 latencies.
    const many = Array.from({ length: 16 }, (_, i) => ({ mailbox: `m${i}`, deltaChains: [1], discovery: 0 }));
    expect(idealTime(many, 40, 8)).toMatchObject({ requests: 16 });
    expect(idealTime(many, 40, 8).seconds).toBeCloseTo(0.08);
  });
});
