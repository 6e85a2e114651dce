/**
 * What every request to the simulated portal passes first: the private app's bearer token
 * (a revoked or rotated token is a 401 INVALID_AUTHENTICATION) and the rate limits. HubSpot
 * counts requests per account in a rolling ten-second window and a daily budget and reports both
 * on every response in X-HubSpot-RateLimit-* headers; tests can also force the next answers to be
 * 429s of a given policy. Time is the simulator's injected clock, so a client that waits (with an
 * injected sleep advancing that clock) is let through exactly when HubSpot would let it.
 */
import { hubspotError, hubspotRateLimitError, type RateLimitPolicy } from './hubspot-errors.js';
import { headerOf, type SimRequest, type SimResponse } from './simulator-https.js';

export type HubspotRateLimit = { max: number; intervalMs: number; daily: number; enforce: boolean };

/** Professional/Enterprise private apps: 190 requests per 10 seconds, 625,000 a day (developers.hubspot.com/docs/api/usage-details). */
export const DEFAULT_RATE_LIMIT: HubspotRateLimit = { max: 190, intervalMs: 10_000, daily: 625_000, enforce: false };

export class HubspotGate {
  private tokens = new Set<string>();
  private window: number[] = [];
  private usedToday = 0;
  private forced: { count: number; policy: RateLimitPolicy } = { count: 0, policy: 'TEN_SECONDLY_ROLLING' };

  constructor(
    token: string,
    private readonly limit: HubspotRateLimit,
    private readonly clock: () => number,
  ) {
    this.tokens.add(token);
  }

  revokeAll(): void {
    this.tokens.clear();
  }

  replaceToken(token: string): void {
    this.tokens = new Set([token]);
  }

  throttleNext(count: number, policy: RateLimitPolicy): void {
    this.forced = { count, policy };
  }

  private rateHeaders(): Record<string, string> {
    const now = this.clock();
    this.window = this.window.filter((t) => t > now - this.limit.intervalMs);
    return {
      'x-hubspot-ratelimit-interval-milliseconds': String(this.limit.intervalMs),
      'x-hubspot-ratelimit-max': String(this.limit.max),
      'x-hubspot-ratelimit-remaining': String(Math.max(0, this.limit.max - this.window.length)),
      'x-hubspot-ratelimit-daily': String(this.limit.daily),
      'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, this.limit.daily - this.usedToday)),
    };
  }

  check(request: SimRequest): SimResponse | null {
    const match = /^Bearer\s+(.+)$/i.exec(headerOf(request, 'authorization') ?? '');
    if (!match?.[1] || !this.tokens.has(match[1])) {
      return hubspotError(
        401,
        'INVALID_AUTHENTICATION',
        match?.[1]
          ? 'The access token provided is invalid, was rotated or revoked. Create or copy the current token of the private app.'
          : 'Authentication credentials not found. This API supports OAuth 2.0 authentication and private app access tokens.',
      );
    }
    if (this.forced.count > 0) {
      this.forced.count -= 1;
      return hubspotRateLimitError(this.forced.policy, { ...this.rateHeaders(), 'x-hubspot-ratelimit-remaining': '0' });
    }
    const headers = this.rateHeaders();
    if (this.limit.enforce && this.usedToday >= this.limit.daily) return hubspotRateLimitError('DAILY', headers);
    if (this.limit.enforce && this.window.length >= this.limit.max) return hubspotRateLimitError('TEN_SECONDLY_ROLLING', headers);
    this.window.push(this.clock());
    this.usedToday += 1;
    return null;
  }

  decorate(response: SimResponse): SimResponse {
    if (response.status === 429 || response.status === 401) return response;
    return { ...response, headers: { ...this.rateHeaders(), ...response.headers } };
  }
}
