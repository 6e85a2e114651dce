import { describe, expect, it } from 'vitest';
import { SearchIndexer, type SearchOutbox } from '../../../src-main/search/search-indexer.js';
import type { SearchSink } from '../../../src-main/search/search-sink.js';
import type { DrainOutcome, SearchChange, SearchSend } from '../../../src-main/store/mail-store.js';

/** An in-memory outbox: queued email ids, removed once the sink acknowledges them. */
class FakeOutbox implements SearchOutbox {
  queued: number[] = [];
  async drainSearchOutbox(limit: number, send: SearchSend): Promise<DrainOutcome> {
    const batch = this.queued.slice(0, limit);
    if (batch.length === 0) return { busy: false, sent: 0, failed: 0 };
    const failures = await send(batch.map((emailId): SearchChange => ({ emailId, document: null })));
    this.queued = this.queued.filter((id) => !batch.includes(id) || failures.has(id));
    return { busy: false, sent: batch.length - failures.size, failed: failures.size };
  }
  async searchBacklog(): Promise<number> {
    return this.queued.length;
  }
}

/** A sink that is unreachable for the first `outages` calls. */
class FlakySink implements SearchSink {
  calls = 0;
  sent: number[] = [];
  constructor(private outages: number) {}
  private check(): void {
    this.calls += 1;
    if (this.outages > 0) {
      this.outages -= 1;
      throw new Error('connect ECONNREFUSED');
    }
  }
  async ensureTemplate(): Promise<void> {
    this.check();
  }
  async send(changes: SearchChange[]): Promise<ReadonlyMap<number, string>> {
    this.check();
    this.sent.push(...changes.map((c) => c.emailId));
    return new Map();
  }
  async recreateIndex(): Promise<void> {}
}

/** A sleep that records each requested pause and parks the loop after `count` of them. */
function recordingSleep(count: number) {
  const delays: number[] = [];
  let reached: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const sleep = (ms: number, signal: AbortSignal) => {
    delays.push(ms);
    if (delays.length < count) return Promise.resolve();
    reached();
    return new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
  };
  return { delays, done, sleep };
}

describe('SearchIndexer loop', () => {
  it('backs off exponentially while Elasticsearch is down, then drains and resets to the idle pause', async () => {
    const outbox = new FakeOutbox();
    outbox.queued = [1, 2, 3];
    const sink = new FlakySink(4);
    const clock = recordingSleep(6);
    const indexer = new SearchIndexer(outbox, sink, {
      idleMs: 777,
      backoff: { baseMs: 100, maxMs: 500 },
      random: () => 0.5,
      sleep: clock.sleep,
      batchSize: 2,
    });
    indexer.start();
    await clock.done;
    expect(indexer.state()).toEqual({ running: true, consecutiveFailures: 0, lastError: null });
    await indexer.stop();

    expect(clock.delays).toEqual([50, 100, 200, 250, 777, 777]);
    expect(sink.sent).toEqual([1, 2, 3]);
    expect(await outbox.searchBacklog()).toBe(0);
    expect(indexer.state().running).toBe(false);
  });

  it('wakes early on notify() and stops promptly while paused', async () => {
    const outbox = new FakeOutbox();
    const sink = new FlakySink(0);
    const pauses: number[] = [];
    let wakeSeen: () => void = () => undefined;
    const woke = new Promise<void>((resolve) => {
      wakeSeen = resolve;
    });
    const indexer = new SearchIndexer(outbox, sink, {
      idleMs: 60_000,
      sleep: (ms, signal) => {
        pauses.push(ms);
        return new Promise<void>((_, reject) =>
          signal.addEventListener(
            'abort',
            () => {
              wakeSeen();
              reject(new Error('aborted'));
            },
            { once: true },
          ),
        );
      },
    });
    indexer.start();
    await new Promise((resolve) => setImmediate(resolve));
    outbox.queued = [9];
    indexer.notify();
    await woke;
    await new Promise((resolve) => setImmediate(resolve));
    await indexer.stop();
    expect(sink.sent).toEqual([9]);
  });
});

describe('SearchIndexer notify between a drain and its pause', () => {
  it('skips the next pause, so a commit that lands just after the outbox looked empty is not left waiting', async () => {
    const outbox = new FakeOutbox();
    outbox.queued = [1];
    let indexer: SearchIndexer | null = null;
    let committed = false;
    const drain = outbox.drainSearchOutbox.bind(outbox);
    outbox.drainSearchOutbox = async (limit, send) => {
      const outcome = await drain(limit, send);
      if (outcome.sent === 0 && !committed) {
        committed = true;
        outbox.queued.push(2); // another worker commits and notifies right after the empty read
        indexer?.notify();
      }
      return outcome;
    };
    const sink = new FlakySink(0);
    const clock = recordingSleep(1);
    indexer = new SearchIndexer(outbox, sink, { idleMs: 60_000, sleep: clock.sleep });
    indexer.start();
    await clock.done; // the loop's first pause
    expect(sink.sent).toEqual([1, 2]);
    await indexer.stop();
  });
});
