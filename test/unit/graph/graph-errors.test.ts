import { describe, expect, it } from 'vitest';
import { graphFailureOf, parseRetryAfter, toAppError } from '../../../src-main/graph/graph-errors.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads integer seconds, fractional seconds and HTTP dates', () => {
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('2.128', now)).toBe(2_128);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  });
  it('answers null for absent or garbage values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('toAppError', () => {
  const failure = (status: number, code: string | null) => ({ status, code, retryAfterMs: null });
  it('maps delta resets to delta-expired whatever the spelling', () => {
    for (const code of ['SyncStateNotFound', 'resyncRequired', 'SyncStateInvalid']) {
      expect(toAppError(failure(400, code), 'x', null).code).toBe('delta-expired');
    }
    expect(toAppError(failure(410, null), 'x', null).code).toBe('delta-expired');
  });
  it('maps mailbox-less users to mailbox-unavailable, throttling to a retryable error', () => {
    expect(toAppError(failure(404, 'MailboxNotEnabledForRESTAPI'), 'x', null).code).toBe('mailbox-unavailable');
    const throttled = toAppError(failure(429, 'ApplicationThrottled'), 'x', null);
    expect(throttled.code).toBe('graph-throttled');
    expect(throttled.retryable).toBe(true);
  });
  it('maps a 403 on an existing mailbox (consent revoked) to consent-missing, not to a missing mailbox', () => {
    expect(toAppError(failure(403, 'ErrorAccessDenied'), 'x', null).code).toBe('consent-missing');
    expect(toAppError(failure(403, 'ErrorInvalidUser'), 'x', null).code).toBe('mailbox-unavailable');
  });
  it('reads status, code and Retry-After from an SDK GraphError-like object', () => {
    const error = { statusCode: 429, code: 'TooManyRequests', headers: new Headers({ 'Retry-After': '3' }) };
    expect(graphFailureOf(error, 0)).toEqual({ status: 429, code: 'TooManyRequests', retryAfterMs: 3000 });
    expect(graphFailureOf(new Error('socket hang up'), 0)).toBeNull();
  });
});

describe('toAppError: mailboxes outside the app access scope', () => {
  const denied = (message: string) => ({ status: 403, code: 'ErrorAccessDenied', message, retryAfterMs: null });
  it('names the documented application-access-policy answer outside-access-scope, whatever the token holds', () => {
    // Graph docs, auth-limit-mailbox-access.md: "Access to OData is disabled." (real answers may append a reason).
    for (const access of ['tenant-wide', 'unknown'] as const) {
      expect(toAppError(denied('Access to OData is disabled.'), 'mailbox x', null, access).code).toBe('outside-access-scope');
      expect(toAppError(denied('Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.'), 'x', null, access).code).toBe('outside-access-scope');
    }
  });
  it('reads a plain ErrorAccessDenied as outside an RBAC scope only when the token has roles but no tenant-wide mail role', () => {
    const plain = denied('Access is denied. Check credentials and try again.');
    expect(toAppError(plain, 'x', null, 'exchange-only').code).toBe('outside-access-scope');
    // Tenant-wide Mail.Read in the token (revoked since), or no roles at all (no consent): an admin must consent.
    expect(toAppError(plain, 'x', null, 'tenant-wide').code).toBe('consent-missing');
    expect(toAppError(plain, 'x', null, 'none').code).toBe('consent-missing');
    expect(toAppError({ status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', retryAfterMs: null }, 'x', null, 'exchange-only').code).toBe('consent-missing');
  });
});
