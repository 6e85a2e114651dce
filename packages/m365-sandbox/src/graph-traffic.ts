/**
 * Everything between an authenticated Graph request and its handler: the per-mailbox limits of
 * Exchange (mailbox-limits.ts), injected latency and faults (graph-faults.ts), and the counters a
 * test reads back (requests per mailbox, the highest concurrency seen, throttled answers). It runs
 * after the bearer check, as in Graph: a request without a valid token is not throttled.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { graphError, graphTooManyRequests } from './graph-responses.js';
import { FaultPlan, retryAfterValue, type FaultKind } from './graph-faults.js';
import type { RouteHandler, SandboxRequest, SandboxResponse } from './http-types.js';
import { MailboxLimits, type MailboxLimitOptions } from './mailbox-limits.js';

export type TrafficStats = {
  /** Graph requests that passed the bearer check. */
  requests: number;
  /** 429 answers, from limits and from injected faults. */
  throttled: number;
  /** Per mailbox, keyed by the user's object id. */
  mailboxes: Record<string, { requests: number; maxConcurrency: number; throttled: number }>;
};

export type GraphTrafficOptions = {
  limits: MailboxLimitOptions;
  clock: () => Date;
  seed: number;
  /** Resolves the `{user}` of a path to the mailbox owner's object id (null: no such mailbox). */
  mailboxIdOf: (userRef: string) => string | null;
  /** Injected wait (default: a real, unref'd timer). */
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => delay(ms, undefined, { ref: false });

export class GraphTraffic {
  readonly faults: FaultPlan;
  private readonly limits: MailboxLimits;
  private readonly sleep: (ms: number) => Promise<void>;
  private requests = 0;
  private throttled = 0;

  constructor(private readonly options: GraphTrafficOptions) {
    this.faults = new FaultPlan(options.seed);
    this.limits = new MailboxLimits(options.limits, options.clock);
    this.sleep = options.sleep ?? defaultSleep;
  }

  async run(request: SandboxRequest, handler: RouteHandler): Promise<SandboxResponse> {
    this.requests += 1;
    const userRef = request.params['user'];
    const mailboxId = userRef === undefined ? null : this.options.mailboxIdOf(userRef);
    let release = () => {};
    if (mailboxId !== null) {
      const admission = this.limits.admit(mailboxId);
      if (!admission.ok) {
        this.throttled += 1;
        const message = admission.limit === 'concurrency' ? 'Application is over its MailboxConcurrency limit.' : 'Application is over its MailboxRequests limit.';
        return graphError(this.options, request, 429, 'ApplicationThrottled', message, { 'retry-after': String(admission.retryAfterSeconds) });
      }
      release = admission.release;
    }
    try {
      if (this.faults.latency > 0) await this.sleep(this.faults.latency);
      const fault = this.faults.next(mailboxId, request.path);
      if (fault?.kind === 'throttle' && mailboxId !== null) this.limits.countThrottled(mailboxId);
      return await this.apply(fault, request, handler);
    } finally {
      release();
    }
  }

  stats(): TrafficStats {
    return {
      requests: this.requests,
      throttled: this.throttled,
      mailboxes: Object.fromEntries(this.limits.counters()),
    };
  }

  resetStats(): void {
    this.requests = 0;
    this.throttled = 0;
    this.limits.reset();
  }

  private async apply(fault: FaultKind | null, request: SandboxRequest, handler: RouteHandler): Promise<SandboxResponse> {
    const { clock } = this.options;
    switch (fault?.kind) {
      case undefined:
        return handler(request);
      case 'throttle': {
        this.throttled += 1;
        const value = retryAfterValue(fault.retryAfter ?? 'integer', fault.seconds ?? 2, clock());
        const headers: Record<string, string> = value === null ? {} : { 'retry-after': value };
        if (fault.code === 'TooManyRequests') return graphTooManyRequests(this.options, request, headers);
        return graphError(this.options, request, 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', headers);
      }
      case 'unavailable':
        return graphError(this.options, request, 503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.', fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) });
      case 'gateway-timeout':
        return graphError(this.options, request, 504, 'UnknownError', 'The gateway timed out waiting for the mailbox server.');
      case 'hold':
        await this.sleep(fault.ms);
        return handler(request);
      case 'truncated-json': {
        const response = await handler(request);
        const text = JSON.stringify(response.json ?? {});
        return { ...response, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))), json: undefined };
      }
      case 'invalid-json': {
        const response = await handler(request);
        return { ...response, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', json: undefined };
      }
    }
  }
}
