/**
 * One Graph GET with everything production throws at it (microsoft-graph.md 6.2-6.4): 429 and
 * 503 honour Retry-After (seconds, fractional, HTTP date) and fence the whole mailbox; 5xx,
 * network failures, requests held past the time-out (aborted by graph-client.ts) and 200s whose
 * body is not JSON (cut off, or an HTML error page from a proxy) are retried with capped
 * exponential backoff and jitter, then fail with a named error; a 401 refreshes the token once.
 * Counters per mailbox feed the health page (retries, throttling events, time-outs).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../../src-shared/errors.js';
import type { AccessTokenProvider } from '../auth/app-token-provider.js';
import type { Logger } from '../logging/logger.js';
import { grantsTenantWideMail, rolesOfToken } from '../auth/app-permissions.js';
import { graphBackoffMs, graphFailureOf, isRetryableStatus, isUnlicensed401, toAppError, type TokenMailAccess } from './graph-errors.js';
import { mailboxOfUrl, type MailboxGate } from './mailbox-gate.js';

export type RequestCounters = { requests: number; retries: number; throttled: number; timeouts: number };

export type GraphRequestOptions = {
  client: Client;
  tokens: AccessTokenProvider;
  logger: Logger;
  /** `odata.maxpagesize` asked for; a mailbox whose pages time out (504) gets smaller ones. */
  pageSize: number;
  maxAttempts: number;
  gate: MailboxGate;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random?: () => number;
  /** Reported in the time-out message (the client enforces it). */
  requestTimeoutMs: number;
};

/** A JSON batch (`POST /$batch`) to one mailbox: its members count as requests and hold gate slots. */
export type BatchPost = { mailbox: string; members: number; body: unknown };

export type GraphRequester = {
  /** With `missingIsNull`, a 404 for a folder or item that does not exist answers null. */
  get<T>(url: string, what: string, missingIsNull?: boolean): Promise<T | null>;
  /** POSTs a JSON batch with the retries of `get` for the batch itself; members are the caller's to read. */
  postBatch<T>(url: string, what: string, batch: BatchPost): Promise<T>;
  /** Counts member-level retries and throttling (a 429 inside a 200 batch) for the health page. */
  noteMemberRetries(mailbox: string, retries: number, throttled: number): void;
  /** Waits `ms` before members are asked again; with `fence`, every request to the mailbox waits too (a member's Retry-After). */
  backOff(mailbox: string, ms: number, fence: boolean): Promise<void>;
  counters(mailbox: string): RequestCounters;
  /** The page size this mailbox is read with now (lowered after gateway time-outs). */
  pageSizeOf(mailbox: string): number;
  /**
   * Asks Entra for a fresh app token. Graph can answer 401 per member inside a 200 batch
   * (msgraph-sdk-dotnet issue 2660), which `send`'s own refresh never sees: the batch's reader
   * renews once and asks those members again.
   */
  renewToken(): Promise<void>;
};

/** Pages are never made smaller than this: Graph's own default page. */
const MIN_PAGE_SIZE = 10;

type Transient = { kind: 'timeout' | 'unreadable' | 'network' };

/** Failures that are not Graph answering with an error status: no answer, or an unusable one. */
function transientOf(error: unknown): Transient | null {
  const e = error as { statusCode?: unknown; code?: unknown; name?: unknown } | null;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : -1;
  const name = String(e?.code ?? e?.name ?? '');
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
  if (status >= 200 && status < 300) return { kind: 'unreadable' };
  if (status < 0) return { kind: 'network' };
  return null;
}

export function createGraphRequester(options: GraphRequestOptions): GraphRequester {
  const { client, logger, gate, sleep, now } = options;
  const random = options.random ?? Math.random;
  const byMailbox = new Map<string, RequestCounters>();
  // 504s come with large pages (full bodies, graph doc 3.6): a mailbox that times out is read in
  // smaller pages from then on. The page size is a header, not part of the delta state, so it
  // may change between pages of a round.
  const pageSizes = new Map<string, number>();
  const pageSizeOf = (mailbox: string) => pageSizes.get(mailbox) ?? options.pageSize;
  const prefer = (mailbox: string) => `odata.maxpagesize=${pageSizeOf(mailbox)}, IdType="ImmutableId"`;
  const countersOf = (mailbox: string) => {
    let c = byMailbox.get(mailbox);
    if (!c) byMailbox.set(mailbox, (c = { requests: 0, retries: 0, throttled: 0, timeouts: 0 }));
    return c;
  };

  function exhausted(transient: Transient, what: string, attempts: number, cause: unknown): AppError {
    const message =
      transient.kind === 'timeout'
        ? `Graph did not answer within ${Math.round(options.requestTimeoutMs / 1000)} s for ${what} (${attempts} attempts).`
        : transient.kind === 'unreadable'
          ? `Graph returned an unreadable response (invalid or truncated JSON) for ${what} (${attempts} attempts).`
          : `Could not reach Graph for ${what} (${attempts} attempts).`;
    return new AppError('graph-unavailable', message, { retryable: true, cause });
  }

  /** What the current app token grants for mail (tokens are kept in memory: no request). */
  async function tokenMailAccess(): Promise<TokenMailAccess> {
    try {
      const roles = rolesOfToken(await options.tokens.getAccessToken());
      return grantsTenantWideMail(roles) ? 'tenant-wide' : roles.length > 0 ? 'exchange-only' : 'none';
    } catch {
      return 'unknown';
    }
  }

  type Send = { missingIsNull: boolean; batch?: BatchPost };

  async function send<T>(url: string, what: string, how: Send): Promise<T | null> {
    const { missingIsNull, batch } = how;
    let refreshedToken = false;
    const mailbox = batch ? batch.mailbox.toLowerCase() : (mailboxOfUrl(url) ?? '(tenant)');
    const counters = countersOf(mailbox);
    // Graph's throttling counts every member of a batch as a request (json-batching).
    const weight = batch ? Math.max(1, batch.members) : 1;
    const call = () => (batch ? client.api(url).post(batch.body) : client.api(url).header('Prefer', prefer(mailbox)).get());
    for (let attempt = 1; ; attempt += 1) {
      counters.requests += weight;
      try {
        return (await gate.run(mailbox, call, weight)) as T;
      } catch (error) {
        const transient = transientOf(error);
        if (transient) {
          if (transient.kind === 'timeout') counters.timeouts += 1;
          if (attempt >= options.maxAttempts) throw exhausted(transient, what, attempt, error);
          const wait = graphBackoffMs(attempt, random);
          counters.retries += 1;
          logger.warn({ kind: transient.kind, attempt, waitMs: wait }, `Graph ${what}: retrying`);
          await sleep(wait);
          continue;
        }
        const failure = graphFailureOf(error, now());
        if (!failure) throw new AppError('graph-unavailable', `Could not reach Graph for ${what}.`, { retryable: true, cause: error });
        if (missingIsNull && failure.status === 404 && /^Error(Folder|Item)NotFound$/.test(failure.code ?? '')) return null;
        if (failure.status === 504 && pageSizeOf(mailbox) > MIN_PAGE_SIZE) {
          const smaller = Math.max(MIN_PAGE_SIZE, Math.floor(pageSizeOf(mailbox) / 2));
          pageSizes.set(mailbox, smaller);
          logger.warn({ status: 504, pageSize: smaller }, `Graph ${what}: gateway time-out; reading this mailbox in pages of ${smaller}`);
        }
        if (failure.status === 401 && !refreshedToken && !isUnlicensed401(failure)) {
          // Tokens revoked or expired between cycles: one fresh token, then a second 401 is fatal.
          refreshedToken = true;
          await options.tokens.getAccessToken({ forceRefresh: true });
          continue;
        }
        if (isRetryableStatus(failure.status) && attempt < options.maxAttempts) {
          const wait = failure.retryAfterMs ?? graphBackoffMs(attempt, random);
          counters.retries += 1;
          if (failure.status === 429) counters.throttled += 1;
          // A throttled mailbox is paused as a whole, not just this request.
          if (failure.status === 429 || failure.retryAfterMs !== null) gate.fence(mailbox, now() + wait);
          logger.warn({ status: failure.status, code: failure.code, attempt, waitMs: wait }, `Graph ${what}: retrying`);
          await sleep(wait);
          continue;
        }
        if (failure.status === 429) counters.throttled += 1;
        throw toAppError(failure, what, error, failure.status === 403 ? await tokenMailAccess() : 'unknown');
      }
    }
  }

  return {
    get: <T>(url: string, what: string, missingIsNull = false) => send<T>(url, what, { missingIsNull }),
    postBatch: async <T>(url: string, what: string, batch: BatchPost) => (await send<T>(url, what, { missingIsNull: false, batch })) as T,
    noteMemberRetries(mailbox, retries, throttled) {
      const counters = countersOf(mailbox.toLowerCase());
      counters.retries += retries;
      counters.throttled += throttled;
    },
    async backOff(mailbox, ms, fence) {
      if (fence) gate.fence(mailbox.toLowerCase(), now() + ms);
      await sleep(ms);
    },
    counters: (mailbox) => ({ ...countersOf(mailbox.toLowerCase()) }),
    pageSizeOf: (mailbox) => pageSizeOf(mailbox.toLowerCase()),
    async renewToken() {
      await options.tokens.getAccessToken({ forceRefresh: true });
    },
  };
}
