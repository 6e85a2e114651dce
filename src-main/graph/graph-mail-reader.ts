/**
 * Reads what the sync needs from Graph: users, a mailbox's syncable folders (walked recursively:
 * the folder listing is one level deep), message delta pages, and plain listing pages of a folder
 * in a receivedDateTime window (to backfill what a capped delta round left out, and to re-read a
 * window when the CRM gains a match). Every request carries the same Prefer header (Graph encodes
 * query options in its tokens, but headers must be resent on every page) and goes through
 * graph-request.ts (retries, Retry-After, time-outs, unreadable bodies, token refresh).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../../src-shared/errors.js';
import type { AccessTokenProvider } from '../auth/app-token-provider.js';
import type { Logger } from '../logging/logger.js';
import { EXCLUDED_WELL_KNOWN_FOLDERS } from '../rules/message-rules.js';
import { DEFAULT_GRAPH_REQUEST_TIMEOUT_MS, type ByteMeter } from './graph-client.js';
import { fetchContents } from './graph-content-batch.js';
import { ENVELOPE_SELECT, MESSAGE_EXPAND, MESSAGE_SELECT, CONTENT_SELECT, type FetchMode, type FolderInfo } from './graph-message.js';
import { createGraphRequester, type RequestCounters } from './graph-request.js';
import { MailboxGate } from './mailbox-gate.js';

export type { RequestCounters } from './graph-request.js';

export type GraphUser = { id: string; displayName: string; mail: string | null; userPrincipalName: string };

export type DeltaPage = {
  messages: unknown[];
  nextLink: string | null;
  deltaLink: string | null;
};

export type ListPage = { messages: unknown[]; nextLink: string | null };

export interface GraphMailReader {
  listUsers(): Promise<GraphUser[]>;
  /**
   * Every folder of the mailbox that may hold customer mail, with well-known names resolved. Kept
   * for `folderListTtlMs` (folders change rarely; listing them costs requests every cycle).
   */
  listSyncableFolders(userId: string): Promise<FolderInfo[]>;
  /** Drops the kept folder list of a mailbox (a folder failed: it may be gone, or new ones came). */
  forgetFolders(userId: string): void;
  /**
   * The first delta request of a folder, newest first (`$orderby=receivedDateTime desc`, the only
   * order Graph supports: without it a capped round keeps an arbitrary 5,000), bounded to mail
   * received since `since` - unless `clientFilter`, for a tenant that refuses the filter: then
   * the round reads the whole folder and the caller applies the lookback itself.
   */
  initialDeltaUrl(userId: string, folderId: string, since: Date, options?: { clientFilter?: boolean }): string;
  readDeltaPage(url: string, what: string): Promise<DeltaPage>;
  /**
   * A plain listing of a folder's mail received in [since, until], newest first (graph doc 3.6);
   * `until` inclusive, so that messages sharing the oldest timestamp a capped round returned are
   * all read (dedup absorbs the ones read twice).
   */
  initialListUrl(userId: string, folderId: string, since: Date, until: Date | null): string;
  readListPage(url: string, what: string): Promise<ListPage>;
  /**
   * Messages by id, as the delta would have sent them; null for one that no longer exists (404:
   * deleted since). For a removal Graph may report wrongly (a move out and back, issue 16).
   */
  readMessages(userId: string, ids: readonly string[]): Promise<Map<string, unknown | null>>;
  /**
   * What delta and listing pages select: the envelope only (`header-first`, the default: content
   * comes from `readContents` for the messages the envelope rules leave open) or everything (`full`).
   */
  readonly fetchMode: FetchMode;
  /**
   * The body and internet headers of messages by id, in JSON batches (graph-content-batch.ts);
   * null for one deleted (or moved out of the mailbox) since its envelope was read.
   */
  readContents(userId: string, ids: readonly string[]): Promise<Map<string, Record<string, unknown> | null>>;
  /** Bytes of Graph response bodies received so far by this connection (0 without a meter). */
  bytesReceived(): number;
  /**
   * The id of the user's online archive (In-Place Archive), or null when there is none. Graph
   * serves archives in beta only (graph/archive-mailbox-mail-api): `inPlaceArchiveMailboxId` of
   * /beta/users/{id}/settings/exchange. The id is then used wherever a user id goes; URLs for it
   * are built under /beta.
   */
  archiveMailboxOf(userId: string): Promise<string | null>;
  /** Requests, retries, throttling events and time-outs so far for one mailbox (its Graph user id). */
  counters(userId: string): RequestCounters;
}

/** An online archive's id (`MBX:<guid>@<tenant>`): Graph reads it only under /beta. */
export function isArchiveMailboxId(id: string): boolean {
  return /^MBX:/i.test(id);
}

/** Well-known folders we read; the excluded ones come from the rules, the one authority on them. */
const NAMED_SYNCABLE = ['inbox', 'sentitems', 'archive'] as const;

type RawFolder = { id: string; displayName?: string; childFolderCount?: number };

export type GraphMailReaderOptions = {
  client: Client;
  graphBaseUrl: string;
  tokens: AccessTokenProvider;
  logger: Logger;
  pageSize?: number;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Shared across readers of one process so the per-mailbox limit holds process-wide. */
  gate?: MailboxGate;
  /** What the client aborts at (graph-client.ts), for messages; default 60 s. */
  requestTimeoutMs?: number;
  /** How long a mailbox's folder list is reused (default 1 hour, 0: list every time). */
  folderListTtlMs?: number;
  random?: () => number;
  /** Default `header-first`. */
  fetchMode?: FetchMode;
  /** The meter the Graph client counts response bytes into (graph-client.ts). */
  meter?: ByteMeter;
};

export const DEFAULT_FOLDER_LIST_TTL_MS = 60 * 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createGraphMailReader(options: GraphMailReaderOptions): GraphMailReader {
  const { client, logger } = options;
  const pageSize = options.pageSize ?? 100;
  const maxAttempts = options.maxAttempts ?? 6;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const gate = options.gate ?? new MailboxGate({ now, sleep });
  // Well-known folder ids never change for a mailbox: look them up once per process.
  const wellKnownCache = new Map<string, Map<string, string>>();
  // A folder created since is picked up when the list is next read; its first delta round reaches
  // back to the lookback start, so its mail arrives late (at most the TTL), never lost.
  const folderListTtlMs = options.folderListTtlMs ?? DEFAULT_FOLDER_LIST_TTL_MS;
  const folderLists = new Map<string, { at: number; folders: FolderInfo[] }>();

  const requester = createGraphRequester({
    client,
    tokens: options.tokens,
    logger,
    pageSize,
    maxAttempts,
    gate,
    sleep,
    now,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_GRAPH_REQUEST_TIMEOUT_MS,
    ...(options.random ? { random: options.random } : {}),
  });
  const request = async <T>(url: string, what: string): Promise<T> => (await requester.get<T>(url, what)) as T;
  const requestOrMissing = <T>(url: string, what: string, missingIsNull: boolean) => requester.get<T>(url, what, missingIsNull);
  const base = options.graphBaseUrl.replace(/\/+$/, '');
  const betaBase = base.replace(/\/v1\.0$/i, '/beta');
  /** Where a user's (or an archive's) resources live: relative to v1.0, or absolute under /beta. */
  const userRoot = (userId: string) => `${isArchiveMailboxId(userId) ? betaBase : ''}/users/${encodeURIComponent(userId)}`;
  const fetchMode: FetchMode = options.fetchMode ?? 'header-first';
  const pageSelect = (fetchMode === 'full' ? MESSAGE_SELECT : ENVELOPE_SELECT).join(',');
  const random = options.random ?? Math.random;
  const folderUrl = (userId: string, folderId: string) => `${isArchiveMailboxId(userId) ? betaBase : base}/users/${encodeURIComponent(userId)}/mailFolders/${encodeURIComponent(folderId)}`;

  async function listAll<T>(url: string, what: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = url;
    while (next) {
      const page: { value?: T[]; '@odata.nextLink'?: string } = await request(next, what);
      items.push(...(page.value ?? []));
      next = page['@odata.nextLink'] ?? null;
    }
    return items;
  }

  async function wellKnownIds(userId: string, names: readonly string[]): Promise<Map<string, string>> {
    const cached = wellKnownCache.get(userId);
    if (cached) return cached;
    const ids = new Map<string, string>();
    for (const name of names) {
      // A mailbox need not have every well-known folder (Archive is created on first use).
      const folder = await requestOrMissing<RawFolder>(`${userRoot(userId)}/mailFolders/${name}?$select=id`, `${name} of ${userId}`, true);
      if (folder) ids.set(folder.id, name);
    }
    wellKnownCache.set(userId, ids);
    return ids;
  }

  /** The folder tree walked level by level (the listing is one level deep), excluded subtrees skipped. */
  async function readSyncableFolders(userId: string): Promise<FolderInfo[]> {
    const known = await wellKnownIds(userId, [...NAMED_SYNCABLE, ...EXCLUDED_WELL_KNOWN_FOLDERS]);
    const excluded = EXCLUDED_WELL_KNOWN_FOLDERS;
    const result: FolderInfo[] = [];
    const select = '$select=id,displayName,childFolderCount&$top=100&includeHiddenFolders=true';
    const walk = async (url: string) => {
      const folders = await listAll<RawFolder>(url, `folders of ${userId}`);
      for (const folder of folders) {
        const wellKnownName = known.get(folder.id) ?? null;
        if (wellKnownName && excluded.has(wellKnownName)) continue; // and never its subfolders
        result.push({ id: folder.id, wellKnownName, displayName: folder.displayName ?? '' });
        if ((folder.childFolderCount ?? 0) > 0) {
          await walk(`${userRoot(userId)}/mailFolders/${encodeURIComponent(folder.id)}/childFolders?${select}`);
        }
      }
    };
    await walk(`${userRoot(userId)}/mailFolders?${select}`);
    return result;
  }

  return {
    async listUsers() {
      const users = await listAll<GraphUser>('/users?$select=id,displayName,mail,userPrincipalName&$top=999', 'the user list');
      return users.map((u) => ({ id: u.id, displayName: u.displayName ?? '', mail: u.mail ?? null, userPrincipalName: u.userPrincipalName ?? '' }));
    },

    async listSyncableFolders(userId) {
      const kept = folderLists.get(userId);
      if (kept && now() - kept.at < folderListTtlMs) return [...kept.folders]; // a copy: callers sort it
      const folders = await readSyncableFolders(userId);
      folderLists.set(userId, { at: now(), folders });
      return [...folders];
    },

    forgetFolders(userId) {
      folderLists.delete(userId);
    },

    initialDeltaUrl(userId, folderId, since, deltaOptions = {}) {
      const orderBy = `$orderby=${encodeURIComponent('receivedDateTime desc')}`;
      const filter = deltaOptions.clientFilter ? '' : `&$filter=${encodeURIComponent(`receivedDateTime ge ${since.toISOString()}`)}`;
      return `${folderUrl(userId, folderId)}/messages/delta?$select=${pageSelect}&$expand=${encodeURIComponent(MESSAGE_EXPAND)}${filter}&${orderBy}`;
    },

    initialListUrl(userId, folderId, since, until) {
      // $orderby's property must lead the $filter (graph doc 3.6), else 400 InefficientFilter.
      const window = `receivedDateTime ge ${since.toISOString()}${until ? ` and receivedDateTime le ${until.toISOString()}` : ''}`;
      const orderBy = encodeURIComponent('receivedDateTime desc');
      return `${folderUrl(userId, folderId)}/messages?$select=${pageSelect}&$expand=${encodeURIComponent(MESSAGE_EXPAND)}&$filter=${encodeURIComponent(window)}&$orderby=${orderBy}&$top=${pageSize}`;
    },

    async readListPage(url, what) {
      const page = await request<{ value?: unknown[]; '@odata.nextLink'?: string }>(url, what);
      if (!Array.isArray(page?.value)) throw new AppError('graph-unavailable', `Graph returned a message list without a value array for ${what}.`, { retryable: true });
      return { messages: page.value, nextLink: page['@odata.nextLink'] ?? null };
    },

    counters: (userId) => requester.counters(userId),

    async archiveMailboxOf(userId) {
      const settings = await requestOrMissing<{ inPlaceArchiveMailboxId?: unknown }>(
        `${betaBase}/users/${encodeURIComponent(userId)}/settings/exchange?$select=inPlaceArchiveMailboxId`,
        `the online archive of ${userId}`,
        true,
      );
      const id = settings?.inPlaceArchiveMailboxId;
      return typeof id === 'string' && id.length > 0 ? id : null;
    },

    async readMessages(userId, ids) {
      const found = new Map<string, unknown | null>();
      for (const id of ids) {
        // Decided by the same rules as a page item: the sensitivity property expanded too.
        const url = `${userRoot(userId)}/messages/${encodeURIComponent(id)}?$select=${MESSAGE_SELECT.join(',')}&$expand=${encodeURIComponent(MESSAGE_EXPAND)}`;
        found.set(id, await requestOrMissing<unknown>(url, `message ${id} of ${userId}`, true));
      }
      return found;
    },

    fetchMode,

    bytesReceived: () => options.meter?.total() ?? 0,

    async readContents(userId, ids) {
      if (ids.length === 0) return new Map();
      const archive = isArchiveMailboxId(userId);
      return fetchContents(ids, `mailbox ${userId}`, {
        requester,
        batchUrl: archive ? `${betaBase}/$batch` : '/$batch',
        memberPath: (id) => `/users/${encodeURIComponent(userId)}/messages/${encodeURIComponent(id)}?$select=${CONTENT_SELECT.join(',')}`,
        mailbox: userId,
        maxAttempts,
        now,
        random,
      });
    },

    async readDeltaPage(url, what) {
      const page = await request<{ value?: unknown[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }>(url, what);
      const nextLink = page['@odata.nextLink'] ?? null;
      const deltaLink = page['@odata.deltaLink'] ?? null;
      if (!nextLink && !deltaLink) throw new AppError('graph-unavailable', `Graph returned a delta page without a next or delta link for ${what}.`);
      return { messages: page.value ?? [], nextLink, deltaLink };
    },
  };
}
