/**
 * Drains the search outbox into Elasticsearch in the background. A service in the house style:
 * start/stop, an AbortSignal for everything in flight, one drain at a time (a second request
 * joins the running one), capped exponential backoff with jitter while Elasticsearch fails,
 * reset only after it proved reachable again, and timers that never keep the process alive.
 * Nothing is lost while Elasticsearch is down: rows leave the outbox only once acknowledged, and
 * `searchBacklog()` shows how many wait.
 */
import { setTimeout as sleepTimer } from 'node:timers/promises';
import type { DrainOutcome, SearchSend } from '../store/mail-store.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import type { SearchSink } from './search-sink.js';

/** The part of the MailStore the indexer needs. */
export interface SearchOutbox {
  drainSearchOutbox(limit: number, send: SearchSend): Promise<DrainOutcome>;
  searchBacklog(): Promise<number>;
}

export interface IndexerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type SearchIndexerOptions = {
  /** Outbox rows per _bulk request; default 500. */
  batchSize?: number;
  /** Pause between drains when idle; default 2 s (notify() wakes it early). */
  idleMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Injected by tests so the loop runs without real time. Must reject (or resolve) when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  logger?: IndexerLogger;
};

export type DrainPass = { sent: number; failed: number; busy: boolean };

export type IndexerState = { running: boolean; consecutiveFailures: number; lastError: string | null };

export class SearchIndexer {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private templateReady = false;
  private inFlight: Promise<DrainPass> | null = null;
  private loop: Promise<void> | null = null;
  private controller: AbortController | null = null;
  private wake: AbortController | null = null;
  /** notify() arrived while a drain was running: skip the next pause. */
  private notified = false;
  private failures = 0;
  private lastError: string | null = null;

  constructor(
    private readonly outbox: SearchOutbox,
    private readonly sink: SearchSink,
    private readonly options: SearchIndexerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 2_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms, signal) => sleepTimer(ms, undefined, { signal, ref: false }));
  }

  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loop = this.run(signal);
  }

  /** Stops the loop and waits for the drain in flight to finish or abort. */
  async stop(): Promise<void> {
    this.controller?.abort();
    this.wake?.abort();
    await this.loop;
    this.loop = null;
    this.controller = null;
  }

  /** New outbox rows were written: drain now instead of after the idle pause. */
  notify(): void {
    if (this.wake) this.wake.abort();
    else this.notified = true;
  }

  state(): IndexerState {
    return { running: this.loop !== null, consecutiveFailures: this.failures, lastError: this.lastError };
  }

  /** One pass: drains until the outbox has nothing due. Concurrent callers share the pass in flight. */
  drainOnce(signal?: AbortSignal): Promise<DrainPass> {
    if (!this.inFlight) {
      this.inFlight = this.pass(signal).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async pass(signal?: AbortSignal): Promise<DrainPass> {
    const total: DrainPass = { sent: 0, failed: 0, busy: false };
    const send: SearchSend = (changes) => this.sink.send(changes, signal);
    for (;;) {
      signal?.throwIfAborted();
      if (!this.templateReady) {
        await this.sink.ensureTemplate(signal);
        this.templateReady = true;
        this.proven();
      }
      const outcome = await this.outbox.drainSearchOutbox(this.batchSize, send);
      if (outcome.sent > 0) this.proven();
      total.sent += outcome.sent;
      total.failed += outcome.failed;
      if (outcome.busy) return { ...total, busy: true };
      if (outcome.sent + outcome.failed === 0) return total;
    }
  }

  /** Elasticsearch answered: the backoff starts from the beginning next time. */
  private proven(): void {
    this.failures = 0;
    this.lastError = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let delay = this.idleMs;
      try {
        const pass = await this.drainOnce(signal);
        if (pass.sent > 0 || pass.failed > 0) this.options.logger?.info({ sent: pass.sent, failed: pass.failed }, 'search index updated');
      } catch (error) {
        if (signal.aborted) break;
        this.failures += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
        delay = backoffDelay(this.failures, this.backoff, this.random);
        const backlog = await this.outbox.searchBacklog().catch(() => null);
        this.options.logger?.warn({ failures: this.failures, retryInMs: delay, backlog, error: this.lastError }, 'search index unreachable; will retry');
      }
      await this.pause(delay, signal);
    }
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return;
    }
    this.wake = new AbortController();
    const both = AbortSignal.any([signal, this.wake.signal]);
    try {
      await this.sleep(ms, both);
    } catch {
      // aborted: stop() or notify()
    } finally {
      this.wake = null;
    }
  }
}
