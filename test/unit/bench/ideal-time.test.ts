import { describe, expect, it } from 'vitest';
import { GRAPH_MAILBOX_CONCURRENCY, GRAPH_MAX_DELTA_PAGE_SIZE, graphIdealTime } from '../../bench/support/ideal-time.js';

const at40 = { latencyMs: 40, mailboxesInFlight: 8 };

describe('the ideal time of a sync from Graph limits (the yardstick of sync efficiency)', () => {
  it('uses Graph limits: 4 requests per mailbox, pages of 1,000', () => {
    expect(GRAPH_MAILBOX_CONCURRENCY).toBe(4);
    expect(GRAPH_MAX_DELTA_PAGE_SIZE).toBe(1000);
  });

  it('reads a folder in pages of 1,000, each page after the previous one', () => {
    // 2,500 messages in one folder: 3 pages in a chain, 3 latencies, whatever the slots.
    expect(graphIdealTime([[2500]], at40)).toMatchObject({ requests: 3, latencies: 3, messages: 2500 });
    expect(graphIdealTime([[2500]], at40).seconds).toBeCloseTo(0.12);
  });

  it('costs an empty folder one request, and spreads a mailbox over 4 slots', () => {
    // 4 folders of one page each: one latency; 5 folders: two.
    expect(graphIdealTime([[0, 0, 10, 999]], at40)).toMatchObject({ requests: 4, latencies: 1 });
    expect(graphIdealTime([[0, 0, 0, 0, 0]], at40)).toMatchObject({ requests: 5, latencies: 2 });
    // a 2-page chain beside 3 single pages: 5 requests fit in 2 latencies.
    expect(graphIdealTime([[1300, 600, 100, 0]], at40)).toMatchObject({ requests: 5, latencies: 2 });
  });

  it('spreads mailboxes over the mailboxes in flight, never below the slowest', () => {
    const sixteen = Array.from({ length: 16 }, () => [500]);
    expect(graphIdealTime(sixteen, at40).latencies).toBe(2);
    expect(graphIdealTime(sixteen, { latencyMs: 40, mailboxesInFlight: 100 }).latencies).toBe(1);
    expect(graphIdealTime([[5000], [10]], { latencyMs: 40, mailboxesInFlight: 1 }).latencies).toBe(6);
    expect(graphIdealTime([[5000], [10]], { latencyMs: 40, mailboxesInFlight: 8 }).latencies).toBe(5);
  });

  it('does not depend on how an app reads: same workload, same ideal', () => {
    expect(graphIdealTime([[2000, 800]], at40)).toEqual(graphIdealTime([[800, 2000]], at40));
    expect(graphIdealTime([], at40)).toMatchObject({ seconds: 0, requests: 0, mailboxes: 0 });
  });
});
