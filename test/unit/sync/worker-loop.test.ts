/** The worker loop: polls on, survives a failed cycle, skips paused polls, and stops cleanly. */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { startWorkerLoop } from '../../../src-main/sync/worker-loop.js';

const summary = { mailboxes: 1, read: 1, imported: 1, skipped: {}, alreadyStored: 0, unchanged: 0, durationMs: 1 };

describe('startWorkerLoop', () => {
  it('keeps polling after a failed cycle, reports only cycles that ran, and stops after the running one', async () => {
    const outcomes: (() => Promise<typeof summary | null>)[] = [
      async () => {
        throw new Error('database away');
      },
      async () => null, // paused
      async () => summary,
    ];
    const reported: unknown[] = [];
    const polls: number[] = [];
    let release!: () => void;
    const reachedEnd = new Promise<void>((resolve) => (release = resolve));
    const loop = startWorkerLoop({
      runCycle: async () => {
        const next = outcomes.shift();
        if (!next) {
          release();
          return null;
        }
        return next();
      },
      pollMs: 30_000,
      logger: silentLogger(),
      onCycle: (s) => reported.push(s),
      sleep: async (ms, signal) => {
        polls.push(ms);
        if (signal.aborted) return;
      },
    });
    await reachedEnd;
    await loop.stop();
    expect(reported).toEqual([summary]);
    expect(polls.every((ms) => ms === 30_000)).toBe(true);
    expect(loop.cycles()).toBeGreaterThanOrEqual(3);
  });
});
