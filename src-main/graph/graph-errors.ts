/**
 * Graph failures mapped to our closed error set, branching on HTTP status + Graph error code,
 * never on message text (microsoft-graph.md 6.3). `retryAfterMs` carries the server's Retry-After
 * (seconds, fractional seconds or an HTTP date) so callers wait exactly as long as asked.
 */
import { AppError } from '../../src-shared/errors.js';

export type GraphFailure = {
  status: number;
  code: string | null;
  retryAfterMs: number | null;
};

const DELTA_RESET_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);
const NO_MAILBOX_CODES = new Set(['mailboxnotenabledforrestapi', 'resourcenotfound', 'errorinvaliduser', 'request_resourcenotfound']);

export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function graphFailureOf(error: unknown, now: number): GraphFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { statusCode?: unknown; code?: unknown; headers?: { get?(name: string): string | null } };
  if (typeof e.statusCode !== 'number' || e.statusCode < 0) return null;
  const retryAfter = typeof e.headers?.get === 'function' ? e.headers.get('retry-after') : null;
  return {
    status: e.statusCode,
    code: typeof e.code === 'string' ? e.code : null,
    retryAfterMs: parseRetryAfter(retryAfter, now),
  };
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504 || status === 502 || status === 500;
}

export function toAppError(failure: GraphFailure, what: string, cause: unknown): AppError {
  const code = (failure.code ?? '').toLowerCase();
  if (failure.status === 410 || DELTA_RESET_CODES.has(code)) {
    return new AppError('delta-expired', `Graph no longer knows the sync state of ${what}; it will be read again.`, { cause });
  }
  if ((failure.status === 404 || failure.status === 403) && NO_MAILBOX_CODES.has(code)) {
    return new AppError('mailbox-unavailable', `No usable Exchange Online mailbox for ${what} (${failure.code}).`, { cause });
  }
  if (failure.status === 403) {
    // The mailbox exists; the app lost its permission (consent revoked, or an access policy): an admin must act.
    return new AppError('consent-missing', `Graph denied access to ${what} (${failure.code ?? 'HTTP 403'}): check Mail.Read consent and application access policies.`, { cause });
  }
  if (failure.status === 401) {
    return new AppError('graph-auth', `Graph refused the access token for ${what}.`, { cause });
  }
  if (failure.status === 429) {
    return new AppError('graph-throttled', `Graph throttled requests for ${what}.`, { retryable: true, cause });
  }
  if (isRetryableStatus(failure.status)) {
    return new AppError('graph-unavailable', `Graph is unavailable for ${what} (HTTP ${failure.status}).`, { retryable: true, cause });
  }
  return new AppError('graph-unavailable', `Graph answered HTTP ${failure.status} (${failure.code ?? 'no code'}) for ${what}.`, { cause });
}
