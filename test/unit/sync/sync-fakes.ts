/**
 * In-memory doubles for the mailbox sync's unit tests: a Graph reader serving scripted pages by
 * URL, and a store that records commits and keeps cursors and round state like the real one
 * (cursor saved only by commitPage, under its cursor key).
 */
import type { Decision } from '../../../src-shared/domain.js';
import { AppError } from '../../../src-shared/errors.js';
import type { FolderInfo } from '../../../src-main/graph/graph-message.js';
import type { DeltaPage, GraphMailReader, ListPage } from '../../../src-main/graph/graph-mail-reader.js';
import type { CommitPageInput, MailStore } from '../../../src-main/store/mail-store.js';
import type { FolderRound, FolderRun, LateMatchJob, SyncStateStore } from '../../../src-main/store/sync-state-store.js';
import type { PageRules } from '../../../src-main/sync/mailbox-sync.js';
import type { MessageView } from '../../../src-main/rules/pipeline.js';

export const mailbox = { address: 'ann@contoso.example', displayName: 'Ann', graphUserId: 'u1', optedIn: true };
export const since = new Date('2026-01-01T00:00:00Z');
export const initial = (folder = 'inbox-id') => `initial:${folder}:${since.toISOString()}`;

export function message(id: string, subject: string, extra: Record<string, unknown> = {}) {
  return { id, subject, from: { emailAddress: { address: 'x@customer.example' } }, toRecipients: [], internetMessageId: `<${id}@x>`, ...extra };
}

type Scripted = DeltaPage | ListPage | AppError | AppError[];

/** `messages`: what a look-up by id finds (readMessages); absent ids are gone (404). */
export function fakeReader(
  pages: Record<string, Scripted>,
  folders: FolderInfo[] = [{ id: 'inbox-id', wellKnownName: 'inbox', displayName: 'Inbox' }],
  messages: Record<string, unknown> = {},
): GraphMailReader & { reads: string[] } {
  const reads: string[] = [];
  const serve = (url: string) => {
    reads.push(url);
    const page = pages[url];
    if (!page) throw new Error(`unexpected url ${url}`);
    if (Array.isArray(page)) {
      const next = page.shift();
      if (next) throw next;
      throw new Error(`no more scripted failures for ${url}`);
    }
    if (page instanceof AppError) throw page;
    return page;
  };
  return {
    reads,
    listUsers: async () => [],
    forgetFolders: () => undefined,
    listSyncableFolders: async () => folders.map((f) => ({ ...f })),
    initialDeltaUrl: (_u, folder, start) => `initial:${folder}:${start.toISOString()}`,
    readDeltaPage: async (url) => serve(url) as DeltaPage,
    initialListUrl: (_u, folder, start, before) => `list:${folder}:${start.toISOString()}:${before?.toISOString() ?? 'now'}`,
    readListPage: async (url) => serve(url) as ListPage,
    readMessages: async (_u, ids) => new Map(ids.map((id) => [id, messages[id] ?? null])),
    archiveMailboxOf: async () => null,
    counters: () => ({ requests: 0, retries: 0, throttled: 0, timeouts: 0 }),
    // Scripted items are whole already; one without a body has none to fetch (an empty content).
    fetchMode: 'header-first',
    readContents: async (_u, ids) => new Map(ids.map((id) => [id, {}])),
    bytesReceived: () => 0,
  };
}

export class FakeSyncState implements Partial<SyncStateStore> {
  cursors = new Map<string, { url: string; roundComplete: boolean }>();
  rounds = new Map<string, FolderRound>();
  folderRuns: FolderRun[] = [];
  jobs: LateMatchJob[] = [];
  finished: number[] = [];

  async cursorState(_mailbox: string, key: string) {
    return this.cursors.get(key) ?? null;
  }
  async folderRound(_mailbox: string, folderId: string) {
    return this.rounds.get(folderId) ?? null;
  }
  async startFolderRound(_mailbox: string, folderId: string, start: Date) {
    this.rounds.set(folderId, { since: start, createdItems: 0, oldestReceivedAt: null, phase: 'counting', unordered: false, clientFilter: false });
  }
  async noteRoundPage(_mailbox: string, folderId: string, page: { items: number; oldest: Date | null; newest: Date | null; ordered: boolean }) {
    const round = this.rounds.get(folderId);
    if (!round || round.phase !== 'counting') return;
    round.createdItems += page.items;
    if (!page.ordered || (page.newest && round.oldestReceivedAt && page.newest > round.oldestReceivedAt)) round.unordered = true;
    if (page.oldest && (!round.oldestReceivedAt || page.oldest < round.oldestReceivedAt)) round.oldestReceivedAt = page.oldest;
  }
  async forgetFolder(_mailbox: string, folderId: string) {
    for (const key of [...this.cursors.keys()]) if (key === folderId || key.startsWith(`${folderId}~`)) this.cursors.delete(key);
    this.rounds.delete(folderId);
  }
  async setRoundPhase(_mailbox: string, folderId: string, phase: FolderRound['phase']) {
    const round = this.rounds.get(folderId);
    if (round) round.phase = phase;
  }
  async recordFolderRun(run: FolderRun) {
    this.folderRuns.push(run);
  }
  async pendingLateMatchJobs() {
    return this.jobs.filter((j) => !this.finished.includes(j.id));
  }
  async finishLateMatchJob(id: number) {
    this.finished.push(id);
  }
}

export function fakeStore(saved: Record<string, string | { url: string; roundComplete: boolean }> = {}) {
  const commits: CommitPageInput[] = [];
  const syncState = new FakeSyncState();
  for (const [key, value] of Object.entries(saved)) syncState.cursors.set(key, typeof value === 'string' ? { url: value, roundComplete: true } : value);
  const store = {
    commits,
    syncState: syncState as unknown as SyncStateStore,
    getFolderCursor: async (_m: string, key: string) => syncState.cursors.get(key)?.url ?? null,
    knownItems: async (_m: string, ids: readonly string[]) => new Set(ids.filter((id) => commits.some((c) => c.decisions.some((d) => d.itemId === id)))),
    commitPage: async (input: CommitPageInput) => {
      commits.push(input);
      syncState.cursors.set(input.cursorKey ?? input.folderId, { url: input.nextCursor, roundComplete: input.roundComplete });
      // Like the store without its dedup: every skip decision counts.
      const skipped: Record<string, number> = {};
      for (const d of input.decisions) if (d.verdict === 'skip') skipped[d.rule] = (skipped[d.rule] ?? 0) + 1;
      return { inserted: input.imports.length, sightings: 0, skipped, unchanged: 0 };
    },
  };
  return { store: store as unknown as MailStore & { commits: CommitPageInput[] }, state: syncState };
}

const decideBySubject = (m: MessageView): Decision =>
  m.subject === 'customer'
    ? {
        verdict: 'import',
        reasons: [{ code: 'crm-contact', detail: 'known' }],
        email: { messageKey: m.id, internetMessageId: null, from: { address: 'x', name: '' }, to: [], cc: [], subject: 's', bodyText: '', sentAt: '2026-01-02T00:00:00.000Z', inReplyTo: null, references: [] },
        match: { accountIds: ['A'], contactIds: ['C'], leadIds: [] },
      }
    : m.subject === 'unknown'
      ? { verdict: 'skip', reasons: [{ code: 'no-crm-match', detail: 'no match' }], externalDomains: ['customer.example'] }
      : { verdict: 'skip', reasons: [{ code: 'internal-only', detail: 'internal' }] };

export const ownMessageIds = async () => new Set<string>();
export const engage = () => ({ opportunityId: 'O-1', ownerAddress: 'ann@contoso.example' });

/** Decides by subject ('customer' imports, 'unknown' is no-crm-match, else internal-only). */
export const rules: PageRules = {
  forPage: () => ({ decide: (read) => (read.ok ? decideBySubject(read.message) : { verdict: 'skip', reasons: [{ code: 'unreadable', detail: read.detail }] }), decideEnvelope: () => null }),
  engage,
};
