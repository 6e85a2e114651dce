/**
 * Exchange's per-app-per-mailbox limits (graph doc 6.1): at most 4 concurrent requests (the 5th
 * gets 429 ApplicationThrottled "...MailboxConcurrency limit.") and a budget of 10,000 requests per
 * 10 minutes (429 with Retry-After until the window has room). The window is counted in 60 buckets
 * rather than per request, so thousands of benchmark mailboxes cost a few hundred bytes each.
 * The clock is the sandbox's injected clock: a test refills a budget by advancing it.
 */

export type MailboxLimitOptions = {
  /** Concurrent requests per mailbox (Exchange: 4). */
  concurrency: number;
  /** Requests per window per mailbox (Exchange: 10,000). */
  budget: number;
  /** Window length (Exchange: 10 minutes). */
  windowMs: number;
};

export const EXCHANGE_LIMITS: MailboxLimitOptions = Object.freeze({ concurrency: 4, budget: 10_000, windowMs: 600_000 });

const BUCKETS = 60;

export type MailboxCounters = { requests: number; maxConcurrency: number; throttled: number };

export type Admission = { ok: true; release: () => void } | { ok: false; limit: 'concurrency' | 'budget'; retryAfterSeconds: number };

type MailboxState = MailboxCounters & { inFlight: number; buckets: number[]; bucketStart: number[] };

export class MailboxLimits {
  private readonly mailboxes = new Map<string, MailboxState>();

  constructor(
    private readonly options: MailboxLimitOptions,
    private readonly clock: () => Date,
  ) {}

  /** Admits a request to `mailboxId`, or says which limit refused it and for how long. */
  admit(mailboxId: string): Admission {
    const state = this.stateOf(mailboxId);
    state.requests += 1;
    if (state.inFlight >= this.options.concurrency) {
      state.throttled += 1;
      return { ok: false, limit: 'concurrency', retryAfterSeconds: 1 };
    }
    const now = this.clock().getTime();
    const used = this.used(state, now);
    if (used >= this.options.budget) {
      state.throttled += 1;
      return { ok: false, limit: 'budget', retryAfterSeconds: this.secondsUntilRoom(state, now) };
    }
    this.record(state, now);
    state.inFlight += 1;
    state.maxConcurrency = Math.max(state.maxConcurrency, state.inFlight);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        state.inFlight -= 1;
      },
    };
  }

  /** Counts a throttled answer given for another reason (an injected fault). */
  countThrottled(mailboxId: string): void {
    this.stateOf(mailboxId).throttled += 1;
  }

  counters(): Map<string, MailboxCounters> {
    return new Map([...this.mailboxes].map(([id, s]) => [id, { requests: s.requests, maxConcurrency: s.maxConcurrency, throttled: s.throttled }]));
  }

  reset(): void {
    this.mailboxes.clear();
  }

  private stateOf(mailboxId: string): MailboxState {
    let state = this.mailboxes.get(mailboxId);
    if (!state) {
      state = { requests: 0, maxConcurrency: 0, throttled: 0, inFlight: 0, buckets: new Array<number>(BUCKETS).fill(0), bucketStart: new Array<number>(BUCKETS).fill(-Infinity) };
      this.mailboxes.set(mailboxId, state);
    }
    return state;
  }

  private get bucketMs(): number {
    return Math.max(1, this.options.windowMs / BUCKETS);
  }

  private used(state: MailboxState, now: number): number {
    let total = 0;
    for (let i = 0; i < BUCKETS; i++) if ((state.bucketStart[i] ?? -Infinity) > now - this.options.windowMs) total += state.buckets[i] ?? 0;
    return total;
  }

  private record(state: MailboxState, now: number): void {
    const start = Math.floor(now / this.bucketMs) * this.bucketMs;
    const index = Math.floor(now / this.bucketMs) % BUCKETS;
    if (state.bucketStart[index] !== start) {
      state.bucketStart[index] = start;
      state.buckets[index] = 0;
    }
    state.buckets[index] = (state.buckets[index] ?? 0) + 1;
  }

  /** Seconds until enough old buckets leave the window for one more request. */
  private secondsUntilRoom(state: MailboxState, now: number): number {
    const live = state.bucketStart
      .map((start, i) => ({ start, count: state.buckets[i] ?? 0 }))
      .filter((b) => b.start > now - this.options.windowMs)
      .sort((a, b) => a.start - b.start);
    let excess = this.used(state, now) - this.options.budget + 1;
    for (const bucket of live) {
      excess -= bucket.count;
      if (excess <= 0) return Math.max(1, Math.ceil((bucket.start + this.options.windowMs - now) / 1000));
    }
    return Math.ceil(this.options.windowMs / 1000);
  }
}
