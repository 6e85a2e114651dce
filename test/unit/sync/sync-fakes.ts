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

export function fakeReader(pages: Record<string, Scripted>, folders: FolderInfo[] = [{ id: 'inbox-id', wellKnownName: 'inbox', displayName: 'Inbox' }]): GraphMailReader & { reads: string[] } {
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
    counters: () => ({ requests: 0, retries: 0, throttled: 0, timeouts: 0 }),
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
    this.rounds.set(folderId, { since: start, createdItems: 0, oldestReceivedAt: null, phase: 'counting' });
  }
  async noteRoundPage(_mailbox: string, folderId: string, items: number, oldest: Date | null) {
    const round = this.rounds.get(folderId);
    if (!round || round.phase !== 'counting') return;
    round.createdItems += items;
    if (oldest && (!round.oldestReceivedAt || oldest < round.oldestReceivedAt)) round.oldestReceivedAt = oldest;
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
    commitPage: async (input: CommitPageInput) => {
      commits.push(input);
      syncState.cursors.set(input.cursorKey ?? input.folderId, { url: input.nextCursor, roundComplete: input.roundComplete });
      return { inserted: input.imports.length, sightings: 0 };
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
  forPage: () => ({ decide: (read) => (read.ok ? decideBySubject(read.message) : { verdict: 'skip', reasons: [{ code: 'unreadable', detail: read.detail }] }) }),
  engage,
};
