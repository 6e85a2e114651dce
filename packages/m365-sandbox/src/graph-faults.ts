/**
 * Scripted failures for Graph requests (control API): what a client must survive in production -
 * throttling with every Retry-After form Graph and the SDKs use (integer, fractional, HTTP-date,
 * absent; graph doc 6.2), 503 and 504, responses held longer than a client's time-out, bodies cut
 * off mid-JSON or not JSON at all. A rule applies to the next N requests or to a fraction of them;
 * fractions are drawn from a seeded generator, so a run replays exactly.
 */
import { createRng, type Rng } from './prng.js';

export type RetryAfterForm = 'integer' | 'fractional' | 'http-date' | 'absent';

export type FaultKind =
  /**
   * 429 with the given Retry-After form (default integer 2 s): Outlook's ApplicationThrottled
   * (default) or Graph's generic TooManyRequests body of the throttling guidance's sample.
   */
  | { kind: 'throttle'; retryAfter?: RetryAfterForm; seconds?: number; code?: 'ApplicationThrottled' | 'TooManyRequests' }
  /** 503 ServiceUnavailable, with Retry-After seconds when given. */
  | { kind: 'unavailable'; retryAfterSeconds?: number }
  /** 504 gateway time-out (as for large pages). */
  | { kind: 'gateway-timeout' }
  /** Holds the response this long before answering normally: longer than a client's time-out. */
  | { kind: 'hold'; ms: number }
  /** 200 with the real JSON body cut off halfway. */
  | { kind: 'truncated-json' }
  /** 200 whose body claims to be JSON and is not. */
  | { kind: 'invalid-json' };

export type FaultRule = FaultKind & {
  /** Applies to this many requests, then lapses (default 1 unless `fraction` is given). */
  count?: number;
  /** Applies to this fraction of requests (seeded) until cleared. */
  fraction?: number;
  /** Only requests to this mailbox (address or user id); default every Graph request. */
  mailbox?: string;
  /**
   * Only requests whose path (as routed, no query) matches this regular expression, e.g.
   * `/users/[^/]+/messages/(?!delta$)[^/]+$` for single-message reads (a `$batch`'s content
   * members), not delta pages.
   */
  path?: string;
};

type ActiveRule = { rule: FaultRule; remaining: number | null; mailboxId: string | null };

export class FaultPlan {
  private rules: ActiveRule[] = [];
  private latencyMs = 0;
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed ^ 0xfa017);
  }

  /** Adds a rule; `mailboxId` is the resolved user id of `rule.mailbox`, if any. */
  add(rule: FaultRule, mailboxId: string | null): void {
    const remaining = rule.fraction !== undefined && rule.count === undefined ? null : Math.max(1, rule.count ?? 1);
    this.rules.push({ rule, remaining, mailboxId });
  }

  /** Delay added to every Graph request (0: none). */
  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  get latency(): number {
    return this.latencyMs;
  }

  clear(): void {
    this.rules = [];
    this.latencyMs = 0;
  }

  /** The fault for this request, if any rule fires; counted rules are consumed. */
  next(mailboxId: string | null, path = ''): FaultKind | null {
    for (const active of this.rules) {
      if (active.mailboxId !== null && active.mailboxId !== mailboxId) continue;
      if (active.rule.path !== undefined && !new RegExp(active.rule.path, 'i').test(path)) continue;
      if (active.rule.fraction !== undefined && this.rng.next() >= active.rule.fraction) continue;
      if (active.remaining !== null) {
        active.remaining -= 1;
        if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
      }
      return active.rule;
    }
    return null;
  }
}

/** The Retry-After header value for a throttle fault, or null when it is to be absent. */
export function retryAfterValue(form: RetryAfterForm, seconds: number, now: Date): string | null {
  switch (form) {
    case 'integer':
      return String(Math.max(0, Math.round(seconds)));
    case 'fractional':
      return seconds.toFixed(3);
    case 'http-date':
      return new Date(now.getTime() + seconds * 1000).toUTCString();
    case 'absent':
      return null;
  }
}
