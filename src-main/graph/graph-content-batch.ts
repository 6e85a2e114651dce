/**
 * The content stage's download (issue 21): the body and internet headers of the messages the
 * envelope rules left open, fetched with JSON batching (microsoft-graph.md 6.5; graph
 * json-batching.md): at most 20 `GET /users/{id}/messages/{id}` per `POST /$batch`, one batch of a
 * mailbox at a time through the mailbox gate (a batch holds as many slots as Graph runs of it at
 * once, so batches and delta pages of one mailbox stay within Outlook's 4 concurrent requests).
 * A batch answers 200 whatever its members did, so each member is read on its own: 200 is the
 * content; 404 ErrorItemNotFound is a message deleted (or moved out of the mailbox) between the
 * delta page and this fetch - answered as null, never decided, so nothing is stored from it, and
 * the next delta round reports the change; 429 and 503 are retried after their own Retry-After,
 * which fences the whole mailbox as a top-level 429 does; other 5xx are retried with backoff;
 * a member's 401 (a token that expired or was revoked between the delta page and this batch;
 * Graph answers it per member, msgraph-sdk-dotnet issue 2660) renews the token once per fetch and
 * asks those members again at once, and a second 401 fails as a top-level one does;
 * anything else fails the page (its cursor does not move, so it is read again).
 * Responses come in any order: they are matched by id, never by position.
 */
import { AppError } from '../../src-shared/errors.js';
import { graphBackoffMs, isRetryableStatus, isUnlicensed401, parseRetryAfter, toAppError } from './graph-errors.js';
import { CONTENT_SELECT } from './graph-message.js';
import type { GraphRequester } from './graph-request.js';

/** Graph's limit on requests per JSON batch. */
export const MAX_BATCH_MEMBERS = 20;

export type ContentFetchOptions = {
  requester: GraphRequester;
  /** The version root the batch goes to (`/$batch` under v1.0, or an absolute /beta URL for archives). */
  batchUrl: string;
  /** A member's URL relative to that root. */
  memberPath: (messageId: string) => string;
  mailbox: string;
  maxAttempts: number;
  now: () => number;
  random: () => number;
};

type MemberResponse = { id?: unknown; status?: unknown; headers?: Record<string, unknown>; body?: unknown };

/** A member's retries are capped lower than a request's: the whole batch waits for the slowest. */
const MEMBER_BACKOFF_CAP_MS = 30_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only the content fields (and the id), so a member answer can never overwrite envelope fields. */
function contentOf(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of CONTENT_SELECT) if (field in body) out[field] = body[field];
  return out;
}

function headerOf(headers: Record<string, unknown> | undefined, name: string): string | null {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name && typeof value === 'string') return value;
  return null;
}

/** Content per message id; null for a message Graph no longer has. */
export async function fetchContents(ids: readonly string[], what: string, options: ContentFetchOptions): Promise<Map<string, Record<string, unknown> | null>> {
  const { requester, mailbox } = options;
  const found = new Map<string, Record<string, unknown> | null>();
  let pending = [...new Set(ids)];
  let renewedToken = false;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const again: string[] = [];
    const unauthorized: string[] = [];
    let waitMs = 0;
    let throttled = 0;
    let fenced = false;
    for (let start = 0; start < pending.length; start += MAX_BATCH_MEMBERS) {
      const chunk = pending.slice(start, start + MAX_BATCH_MEMBERS);
      const requests = chunk.map((id, i) => ({ id: String(i + 1), method: 'GET', url: options.memberPath(id), headers: { Prefer: 'IdType="ImmutableId"' } }));
      const answer = await requester.postBatch<{ responses?: unknown }>(options.batchUrl, `the content of ${chunk.length} messages of ${what}`, { mailbox, members: chunk.length, body: { requests } });
      const responses = Array.isArray(answer?.responses) ? (answer.responses as MemberResponse[]) : [];
      const byId = new Map(responses.map((r) => [String(r?.id), r]));
      chunk.forEach((messageId, i) => {
        const response = byId.get(String(i + 1));
        const status = typeof response?.status === 'number' ? response.status : -1;
        if (status === 200 && isRecord(response?.body)) {
          found.set(messageId, contentOf(response.body));
          return;
        }
        const error = isRecord(response?.body) && isRecord(response.body['error']) ? response.body['error'] : {};
        const code = typeof error['code'] === 'string' ? error['code'] : null;
        if (status === 404 && (code === null || /^Error(Item|Folder)NotFound$/i.test(code))) {
          found.set(messageId, null);
          return;
        }
        if (status === -1 || isRetryableStatus(status)) {
          // A member missing from the answer is asked again too: never decided without content.
          again.push(messageId);
          if (status === 429) throttled += 1;
          const retryAfter = parseRetryAfter(headerOf(response?.headers, 'retry-after'), options.now());
          if (status === 429 || retryAfter !== null) fenced = true;
          waitMs = Math.max(waitMs, retryAfter ?? graphBackoffMs(attempt, options.random, MEMBER_BACKOFF_CAP_MS));
          return;
        }
        const failure = { status, code, ...(typeof error['message'] === 'string' ? { message: error['message'] } : {}), retryAfterMs: null };
        if (status === 401 && !renewedToken && !isUnlicensed401(failure)) {
          unauthorized.push(messageId);
          return;
        }
        throw toAppError(failure, `message ${messageId} of ${what}`, response);
      });
    }
    if (unauthorized.length > 0) {
      renewedToken = true;
      await requester.renewToken();
      again.push(...unauthorized);
    }
    if (again.length === 0) break;
    pending = again;
    // Only members refused for the token: asked again at once with the new one, not backed off.
    if (again.length === unauthorized.length) continue;
    requester.noteMemberRetries(mailbox, again.length, throttled);
    if (attempt >= options.maxAttempts) {
      throw new AppError(throttled > 0 ? 'graph-throttled' : 'graph-unavailable', `Graph kept refusing the content of ${again.length} messages of ${what} (${attempt} attempts).`, { retryable: true });
    }
    // A member's Retry-After pauses the whole mailbox, as a top-level 429's does.
    await requester.backOff(mailbox, waitMs, fenced);
  }
  return found;
}
