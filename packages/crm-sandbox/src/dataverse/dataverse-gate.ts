/**
 * What every Web API request passes first: a bearer token from the simulated Entra (an expired or
 * unknown one is a 401 with the WWW-Authenticate challenge naming the authority and resource, as
 * Dataverse sends it) and the service protection limits: a 429 with Retry-After in seconds and
 * the limit's error code. Limits are evaluated per user over a sliding window on the simulator's
 * clock (optional; tests can also force the next answers to be 429s).
 */
import { dataverseError, SERVICE_PROTECTION, type ServiceProtectionKind } from './dataverse-errors.js';
import type { DataverseEntra } from './dataverse-entra.js';
import { headerOf, type SimRequest, type SimResponse } from '@correspondent/crm-sandbox/hubspot/simulator-https.js';

export type ServiceProtection = { requests: number; windowMs: number; enforce: boolean };
export const DEFAULT_SERVICE_PROTECTION: ServiceProtection = { requests: 6000, windowMs: 300_000, enforce: false };

export class DataverseGate {
  private window: number[] = [];
  private forced: { count: number; retryAfterSeconds: number; kind: ServiceProtectionKind } = { count: 0, retryAfterSeconds: 0, kind: 'requests' };

  constructor(
    private readonly entra: DataverseEntra,
    private readonly limits: ServiceProtection,
    private readonly clock: () => number,
    private readonly challenge: { authority: string; resource: string },
  ) {}

  throttleNext(count: number, retryAfterSeconds: number, kind: ServiceProtectionKind): void {
    this.forced = { count, retryAfterSeconds, kind };
  }

  check(request: SimRequest): SimResponse | null {
    if (!request.url.pathname.toLowerCase().startsWith('/api/data/')) return null;
    const token = /^Bearer\s+(.+)$/i.exec(headerOf(request, 'authorization') ?? '')?.[1];
    const state = token ? this.entra.check(token) : 'unknown';
    if (state !== 'valid') {
      const detail = state === 'expired' ? ', error="invalid_token", error_description="Error identified in Payload provided by the user. Error Details: The token is expired"' : '';
      return {
        status: 401,
        headers: { 'www-authenticate': `Bearer authorization_uri=${this.challenge.authority}/oauth2/authorize, resource_id=${this.challenge.resource}/${detail}` },
      };
    }
    if (this.forced.count > 0) {
      this.forced.count -= 1;
      const limit = SERVICE_PROTECTION[this.forced.kind];
      return dataverseError(429, limit.code, limit.message, { 'retry-after': String(this.forced.retryAfterSeconds) });
    }
    const now = this.clock();
    this.window = this.window.filter((t) => t > now - this.limits.windowMs);
    if (this.limits.enforce && this.window.length >= this.limits.requests) {
      const oldest = this.window[0] ?? now;
      const seconds = Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000));
      return dataverseError(429, SERVICE_PROTECTION.requests.code, `Number of requests exceeded the limit of ${this.limits.requests} over time window of ${this.limits.windowMs / 1000} seconds.`, { 'retry-after': String(seconds) });
    }
    this.window.push(now);
    return null;
  }
}
