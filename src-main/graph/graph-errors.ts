/**
 * Graph failures mapped to our closed error set, branching on HTTP status + Graph error code
 * (microsoft-graph.md 6.3). `retryAfterMs` carries the server's Retry-After (seconds, fractional
 * seconds or an HTTP date) so callers wait exactly as long as asked.
 * One exception reads the message: a mailbox excluded by an Exchange application access policy
 * answers 403 ErrorAccessDenied like a missing permission, and Microsoft documents the message
 * "Access to OData is disabled." as what tells them apart (Graph docs, auth-limit-mailbox-access).
 * A mailbox outside an RBAC for Applications scope has no such marker: it is recognised by the
 * token holding app roles but no tenant-wide mail role (the mail access then comes from Exchange).
 */
import { AppError } from '../../src-shared/errors.js';

export type GraphFailure = {
  status: number;
  code: string | null;
  /** Graph's error message (read only to recognise an application access policy). */
  message?: string;
  retryAfterMs: number | null;
};

/** What the app's access token says about its mail access, for a 403. */
export type TokenMailAccess = 'tenant-wide' | 'exchange-only' | 'none' | 'unknown';

const ACCESS_POLICY_MESSAGE = /^Access to OData is disabled/i;

const DELTA_RESET_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);
const NO_MAILBOX_CODES = new Set(['mailboxnotenabledforrestapi', 'resourcenotfound', 'request_resourcenotfound']);
/** A user Exchange does not serve: no licence (any more), or not a mailbox user (microsoft-graph.md 5.3). */
const UNLICENSED_CODES = new Set(['errorinvaliduser', 'authenticationerror']);
const FOLDER_GONE_CODES = new Set(['errorsyncfoldernotfound', 'errorfoldernotfound']);

/** Why a mailbox cannot be read: each its own health state (the admin's action differs). */
export type MailboxUnavailableState = 'no-mailbox' | 'unlicensed';

/** The mailbox as a whole cannot be read; `state` says why. */
export class MailboxUnavailableError extends AppError {
  constructor(
    readonly state: MailboxUnavailableState,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('mailbox-unavailable', message, options);
  }
}

/** A folder deleted (or moved out of reach) while it was synced: its state is dropped, not an error. */
export class FolderGoneError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('graph-unavailable', message, options);
  }
}

/** Graph refused a query option the app relies on (a rejected receivedDateTime filter). */
export class QueryRejectedError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('graph-unavailable', message, options);
  }
}

/**
 * A 401 that is not about the token: Exchange's AuthenticationError for a user it does not serve
 * (no licence). Refreshing the token would not help.
 */
export function isUnlicensed401(failure: GraphFailure): boolean {
  return failure.status === 401 && UNLICENSED_CODES.has((failure.code ?? '').toLowerCase());
}

export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function graphFailureOf(error: unknown, now: number): GraphFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { statusCode?: unknown; code?: unknown; message?: unknown; headers?: { get?(name: string): string | null } };
  if (typeof e.statusCode !== 'number' || e.statusCode < 0) return null;
  const retryAfter = typeof e.headers?.get === 'function' ? e.headers.get('retry-after') : null;
  return {
    status: e.statusCode,
    code: typeof e.code === 'string' ? e.code : null,
    ...(typeof e.message === 'string' ? { message: e.message } : {}),
    retryAfterMs: parseRetryAfter(retryAfter, now),
  };
}

/** Exponential backoff with jitter (half to all of 1 s, 2 s, 4 s ... up to `capMs`) between Graph retries. */
export function graphBackoffMs(attempt: number, random: () => number, capMs = 60_000): number {
  const base = Math.min(capMs, 1000 * 2 ** (attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504 || status === 502 || status === 500;
}

export function toAppError(failure: GraphFailure, what: string, cause: unknown, mailAccess: TokenMailAccess = 'unknown'): AppError {
  const code = (failure.code ?? '').toLowerCase();
  if (failure.status === 410 || DELTA_RESET_CODES.has(code)) {
    return new AppError('delta-expired', `Graph no longer knows the sync state of ${what}; it will be read again.`, { cause });
  }
  if ((failure.status === 404 || failure.status === 403) && NO_MAILBOX_CODES.has(code)) {
    return new MailboxUnavailableError('no-mailbox', `No usable Exchange Online mailbox for ${what} (${failure.code}).`, { cause });
  }
  if (UNLICENSED_CODES.has(code) && (failure.status === 404 || failure.status === 401 || failure.status === 403)) {
    return new MailboxUnavailableError('unlicensed', `Exchange Online does not serve ${what} (${failure.code}): the user has no Exchange licence, or is not a mailbox user.`, { cause });
  }
  if (failure.status === 404 && FOLDER_GONE_CODES.has(code)) {
    return new FolderGoneError(`The folder of ${what} no longer exists (${failure.code}).`, { cause });
  }
  if (failure.status === 400 && (code === 'errorinvalidurlquery' || code === 'errorinvalidurlqueryfilter')) {
    return new QueryRejectedError(`Graph refused the query for ${what} (${failure.code}).`, { cause });
  }
  if (failure.status === 403 && code === 'erroraccessdenied' && ACCESS_POLICY_MESSAGE.test(failure.message ?? '')) {
    return new AppError('outside-access-scope', `${what} is outside the app's access scope: an Exchange application access policy excludes this mailbox (add it to the policy's mail-enabled security group if it should be read).`, { cause });
  }
  if (failure.status === 403 && code === 'erroraccessdenied' && mailAccess === 'exchange-only') {
    return new AppError(
      'outside-access-scope',
      `${what} is outside the app's access scope: with no Mail.Read granted in Entra ID, the app reads mail only through Exchange RBAC for Applications, whose management scope excludes this mailbox (or, if Mail.Read was meant to be granted in Entra ID, see the consent health).`,
      { cause },
    );
  }
  if (failure.status === 403) {
    // The mailbox exists; the app lost its permission (consent revoked): an admin must act.
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
