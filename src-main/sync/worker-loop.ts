/**
 * The long-running sync worker (`correspondent worker`; several share one MariaDB): it polls for
 * mailboxes that are due and whose lease is free, so the instances split the mailboxes between
 * them, and a dead instance's mailboxes are taken over within a poll of its leases expiring. A
 * cycle that fails is logged and the loop goes on; stop() lets the running cycle finish (its
 * leases are then released) and the poll never keeps the process alive on its own.
 */
import type { CycleSummary } from '../../src-shared/domain.js';
import type { Logger } from '../logging/logger.js';

export type WorkerLoop = { stop(): Promise<void>; cycles(): number };

export type WorkerLoopOptions = {
  /** A scheduled cycle: null when paused. */
  runCycle: () => Promise<CycleSummary | null>;
  pollMs: number;
  logger: Logger;
  onCycle?: (summary: CycleSummary) => void;
  /** Injected wait (default: an unref'd timer); resolves early when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export function startWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
  const controller = new AbortController();
  const sleep = options.sleep ?? defaultSleep;
  let count = 0;
  const done = (async () => {
    while (!controller.signal.aborted) {
      try {
        const summary = await options.runCycle();
        count += 1;
        if (summary) options.onCycle?.(summary);
      } catch (error) {
        options.logger.error({ err: error }, 'worker cycle failed');
      }
      if (!controller.signal.aborted) await sleep(options.pollMs, controller.signal);
    }
  })();
  return {
    async stop() {
      controller.abort();
      await done;
    },
    cycles: () => count,
  };
}
