/**
 * The long-running sync worker (`correspondent worker`; several share one MariaDB): it polls for
 * mailboxes that are due and whose lease is free, so the instances split the mailboxes between
 * them, and a dead instance's mailboxes are taken over as soon as its lease heartbeat goes stale.
 *
 * It outlives every fault (issue 20): a cycle that fails - the database stopped or its
 * connections dropped, Graph down, consent revoked, a full disk - puts the worker in that state
 * (worker-health.ts), logged once when it begins and once when it ends rather than on every
 * poll; the next attempt waits with capped exponential backoff and jitter, reset by the first
 * cycle that works. stop() (SIGTERM/SIGINT) aborts the running cycle at its next page boundary
 * (the page being decided is not committed; leases are released) and ends the loop. The poll
 * never keeps the process alive on its own.
 */
import type { CycleSummary } from '../../src-shared/domain.js';
import type { Logger } from '../logging/logger.js';
import { defaultMaxBackoffMs, nextWaitMs, verdictOfCycle, verdictOfError, type CycleVerdict, type WorkerState } from './worker-health.js';

/** The worker as `status` and the health page show it. */
export type WorkerHealth = {
  state: WorkerState;
  /** What the state is about (the error sentence, "2 mailboxes failed; 3 synced"), or null. */
  detail: string | null;
  /** When this state began. */
  since: string;
  /** Failed cycles in a row (0 while healthy). */
  consecutiveFailures: number;
  /** When the next cycle starts, while waiting; null while one runs. */
  nextAttemptAt: string | null;
  lastCycleAt: string | null;
};

export type WorkerLoop = { stop(): Promise<void>; cycles(): number; health(): WorkerHealth };

export type WorkerLoopOptions = {
  /** A scheduled cycle: null when paused. `signal` aborts when the worker stops. */
  runCycle: (signal: AbortSignal) => Promise<CycleSummary | null>;
  pollMs: number;
  /** The longest wait between failed attempts (default: ten polls, from 30 s to 5 minutes). */
  maxBackoffMs?: number;
  logger: Logger;
  onCycle?: (summary: CycleSummary) => void;
  /**
   * Called before each retry while the worker waits out a fault (e.g. to start the data
   * directory's private MariaDB again after it was killed); its failure is only logged.
   */
  beforeRetry?: (state: WorkerState) => Promise<void>;
  /** Every change of health, and each wait (for the status file). */
  onHealth?: (health: WorkerHealth) => void;
  /** Injected wait (default: an unref'd timer); resolves early when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => Date;
  random?: () => number;
};

/** A wait that ends early when `signal` aborts; its timer never keeps the process alive. */
export const abortableSleep = (ms: number, signal: AbortSignal) =>
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
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? (() => new Date());
  const maxBackoffMs = options.maxBackoffMs ?? defaultMaxBackoffMs(options.pollMs);
  let count = 0;
  let health: WorkerHealth = { state: 'starting', detail: null, since: now().toISOString(), consecutiveFailures: 0, nextAttemptAt: null, lastCycleAt: null };
  const publish = (next: WorkerHealth) => {
    health = next;
    options.onHealth?.(health);
  };

  /** Logs a change of state once; the same state again is only counted. */
  const enter = (verdict: CycleVerdict, failures: number) => {
    const changed = verdict.state !== health.state;
    if (changed && verdict.fault) options.logger.warn({ state: verdict.state, detail: verdict.detail }, `worker: ${verdict.state}; retrying with backoff until it recovers`);
    else if (changed && health.consecutiveFailures > 0) options.logger.warn({ state: verdict.state, after: health.state, failures: health.consecutiveFailures }, `worker: recovered from ${health.state}`);
    else if (changed) options.logger.info({ state: verdict.state }, `worker: ${verdict.state}`);
    publish({ ...health, state: verdict.state, detail: verdict.detail, since: changed ? now().toISOString() : health.since, consecutiveFailures: failures, lastCycleAt: now().toISOString() });
  };

  const done = (async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      publish({ ...health, nextAttemptAt: null });
      let verdict: CycleVerdict;
      try {
        const summary = await options.runCycle(controller.signal);
        count += 1;
        if (summary) options.onCycle?.(summary);
        verdict = verdictOfCycle(summary);
      } catch (error) {
        verdict = verdictOfError(error);
      }
      // A cycle cut short by stop() is not a fault of its own.
      if (controller.signal.aborted) break;
      failures = verdict.fault ? failures + 1 : 0;
      enter(verdict, failures);
      const wait = nextWaitMs(failures, options.pollMs, maxBackoffMs, options.random);
      publish({ ...health, nextAttemptAt: new Date(now().getTime() + wait).toISOString() });
      await sleep(wait, controller.signal);
      if (verdict.fault && !controller.signal.aborted && options.beforeRetry) {
        await options.beforeRetry(verdict.state).catch((error: unknown) => options.logger.debug({ err: error }, 'worker: preparing the retry failed'));
      }
    }
    publish({ ...health, state: 'stopped', detail: null, since: now().toISOString(), nextAttemptAt: null });
  })();
  return {
    async stop() {
      if (!controller.signal.aborted) publish({ ...health, state: 'stopping', since: now().toISOString() });
      controller.abort();
      await done;
    },
    cycles: () => count,
    health: () => health,
  };
}
