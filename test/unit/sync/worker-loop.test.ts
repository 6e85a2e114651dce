/**
 * The worker loop (issue 20): it outlives every fault the product names - each is a state it
 * waits in with capped exponential backoff and jitter, logged once when it begins and once when
 * it ends - resumes by itself, and stops only when asked, ending the running cycle through its
 * abort signal. No real time: the sleep is injected and records each wait.
 *
 * Changed from before issue 20: the first test used to assert every wait equals the poll
 * interval, even right after a failed cycle; a failed cycle now backs off.
 */
import { describe, expect, it } from 'vitest';
import { emptyCycleSummary, type CycleSummary } from '../../../src-shared/domain.js';
import { AppError } from '../../../src-shared/errors.js';
import type { Logger } from '../../../src-main/logging/logger.js';
import { startWorkerLoop, type WorkerHealth } from '../../../src-main/sync/worker-loop.js';

const synced: CycleSummary = { ...emptyCycleSummary(), mailboxes: 2, read: 4, imported: 1, outcome: 'all-synced' };
const allFailed = (code: string, reason: string): CycleSummary => ({
  ...emptyCycleSummary(),
  failed: [
    { mailbox: 'a@ours.example', state: 'error', code, reason },
    { mailbox: 'b@ours.example', state: 'error', code, reason },
  ],
});

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const logger: Logger = {
    debug: (_o, msg) => void lines.push({ level: 'debug', msg: msg ?? '' }),
    info: (_o, msg) => void lines.push({ level: 'info', msg: msg ?? '' }),
    warn: (_o, msg) => void lines.push({ level: 'warn', msg: msg ?? '' }),
    error: (_o, msg) => void lines.push({ level: 'error', msg: msg ?? '' }),
    child: () => logger,
  };
  return { logger, lines };
}

/**
 * Runs the loop over scripted cycle outcomes until they are used up; answers the waits it
 * chose, the health states it published and the log lines.
 */
async function run(outcomes: (() => Promise<CycleSummary | null>)[], options: { pollMs?: number; maxBackoffMs?: number } = {}) {
  const script = [...outcomes];
  const waits: number[] = [];
  const states: WorkerHealth['state'][] = [];
  const { logger, lines } = recordingLogger();
  let release!: () => void;
  const reachedEnd = new Promise<void>((resolve) => (release = resolve));
  const loop = startWorkerLoop({
    runCycle: async () => {
      const next = script.shift();
      if (!next) {
        release();
        return synced;
      }
      return next();
    },
    pollMs: options.pollMs ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 60_000,
    logger,
    random: () => 0.5,
    onHealth: (h) => {
      if (states.at(-1) !== h.state) states.push(h.state);
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  await reachedEnd;
  await loop.stop();
  return { waits, states, lines, loop };
}

const dbDown = async (): Promise<CycleSummary> => {
  throw new AppError('database-unavailable', 'MariaDB became unavailable (ECONNREFUSED); committed pages are kept and the next cycle resumes from them.', { retryable: true });
};

describe('the worker loop through faults', () => {
  it('waits out a database outage with growing, capped backoff, logs it once when it begins and once when it ends, and resumes', async () => {
    const { waits, states, lines } = await run([async () => synced, dbDown, dbDown, dbDown, dbDown, dbDown, dbDown, dbDown, async () => synced], { pollMs: 1000, maxBackoffMs: 20_000 });
    expect(states).toEqual(['starting', 'running', 'database-unavailable', 'running', 'stopping', 'stopped']);
    // First the poll, then one wait per failure: growing, never below the poll, never above the cap.
    const backoff = waits.slice(1, 8);
    expect(backoff).toHaveLength(7);
    for (let i = 1; i < backoff.length; i += 1) expect(backoff[i]).toBeGreaterThanOrEqual(backoff[i - 1] as number);
    expect(backoff[0]).toBeGreaterThan(1000);
    expect(Math.max(...backoff)).toBeLessThanOrEqual(20_000);
    expect(backoff.at(-1)).toBe(backoff.at(-2)); // capped
    // Back to the poll interval after the first cycle that worked.
    expect(waits[8]).toBe(1000);
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warnings).toEqual([expect.stringMatching(/^worker: database-unavailable;/), 'worker: recovered from database-unavailable']);
  });

  it('names each fault: a raw driver error, Graph down for every mailbox, consent revoked, a full disk', async () => {
    const raw = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const { states } = await run([
      async () => Promise.reject(raw),
      async () => allFailed('graph-unavailable', 'Graph is unavailable for the mailbox (HTTP 503).'),
      async () => allFailed('consent-missing', 'Graph denied access to the mailbox (Authorization_RequestDenied).'),
      async () => Promise.reject(full),
      async () => allFailed('database-unavailable', 'MariaDB cannot write (ER_RECORD_FILE_FULL): its disk is full; committed pages are kept.'),
      async () => synced,
    ]);
    expect(states).toEqual(['starting', 'database-unavailable', 'graph-unavailable', 'consent-missing', 'disk-full', 'running', 'stopping', 'stopped']);
  });

  it('keeps the poll interval when only some mailboxes failed, and while paused', async () => {
    const some: CycleSummary = { ...allFailed('graph-unavailable', 'HTTP 503'), mailboxes: 3, outcome: 'some-failed' };
    const { waits, states } = await run([async () => some, async () => null, async () => synced], { pollMs: 5000 });
    expect(waits.every((ms) => ms === 5000)).toBe(true);
    expect(states).toEqual(['starting', 'running', 'paused', 'running', 'stopping', 'stopped']);
  });

  it('stops only when asked: the running cycle sees its signal abort and ends, then the loop ends', async () => {
    let seen: AbortSignal | null = null;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const loop = startWorkerLoop({
      pollMs: 1000,
      logger: recordingLogger().logger,
      runCycle: (signal) => {
        seen = signal;
        started();
        // A cycle that ends only at its next page boundary after the stop.
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(synced), { once: true }));
      },
      sleep: async () => undefined,
    });
    await running;
    expect(loop.health().state).toBe('starting');
    await loop.stop();
    expect((seen as AbortSignal | null)?.aborted).toBe(true);
    expect(loop.health().state).toBe('stopped');
    expect(loop.cycles()).toBe(1);
  });
});
