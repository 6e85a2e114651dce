import { describe, expect, it } from 'vitest';
import { mailboxWorkload } from '../../bench/support/bench-workload.js';

describe('the workload of a bench mailbox (the Graph-limits ideal\'s input)', () => {
  const since = new Date('2026-06-01T00:00:00Z');

  it('lists every folder a sync must read, empty ones too', () => {
    // inbox, sentitems, archive and the bench tenant's Customers folder: each costs one delta request.
    expect(mailboxWorkload([], since)).toEqual([0, 0, 0, 0]);
  });

  it('counts messages received since the start, leaving out excluded folders', () => {
    const held = [
      { folder: 'inbox', receivedDateTime: '2026-06-02T00:00:00Z' },
      { folder: 'inbox', receivedDateTime: '2026-05-01T00:00:00Z' },
      { folder: 'sentitems', receivedDateTime: '2026-06-03T00:00:00Z' },
      { folder: 'Customers', receivedDateTime: '2026-06-03T00:00:00Z' },
      { folder: 'drafts', receivedDateTime: '2026-06-03T00:00:00Z' },
      { folder: 'deleteditems', receivedDateTime: '2026-06-03T00:00:00Z' },
      { folder: 'Projects', receivedDateTime: '2026-06-03T00:00:00Z' },
    ];
    const counts = mailboxWorkload(held, since);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(counts).toHaveLength(5);
  });
});
