/**
 * The mailbox sync's contract with the store: each page is committed with the cursor that follows
 * it, partial updates and removals are not decided on, and an expired delta token restarts the
 * folder from the lookback once.
 */
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../src-shared/domain.js';
import { AppError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../../src-main/app/logger.js';
import type { DeltaPage, GraphMailReader } from '../../../src-main/graph/graph-mail-reader.js';
import type { CommitPageInput, MailStore } from '../../../src-main/store/mail-store.js';
import { syncMailbox, type EvaluateFn } from '../../../src-main/sync/mailbox-sync.js';

const mailbox = { address: 'ann@contoso.example', displayName: 'Ann', graphUserId: 'u1', optedIn: true };
const since = new Date('2026-01-01T00:00:00Z');

function message(id: string, subject: string) {
  return { id, subject, from: { emailAddress: { address: 'x@customer.example' } }, toRecipients: [], internetMessageId: `<${id}@x>` };
}

function fakeReader(pages: Record<string, DeltaPage | AppError>): GraphMailReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    listUsers: async () => [],
    listSyncableFolders: async () => [{ id: 'inbox-id', wellKnownName: 'inbox', displayName: 'Inbox' }],
    initialDeltaUrl: (_u, folder, start) => `initial:${folder}:${start.toISOString()}`,
    readDeltaPage: async (url) => {
      reads.push(url);
      const page = pages[url];
      if (!page) throw new Error(`unexpected url ${url}`);
      if (page instanceof AppError) throw page;
      return page;
    },
  };
}

function fakeStore(savedCursor: string | null) {
  const commits: CommitPageInput[] = [];
  const store = {
    commits,
    getFolderCursor: async () => savedCursor,
    commitPage: async (input: CommitPageInput) => {
      commits.push(input);
      return { inserted: input.imports.length, sightings: 0 };
    },
  };
  return store as unknown as MailStore & { commits: CommitPageInput[] };
}

const evaluate: EvaluateFn = (m): Decision =>
  m.subject === 'customer'
    ? {
        verdict: 'import',
        reasons: [{ code: 'crm-contact', detail: 'known' }],
        email: { messageKey: m.id, internetMessageId: null, from: { address: 'x', name: '' }, to: [], cc: [], subject: 's', bodyText: '', sentAt: '2026-01-02T00:00:00.000Z', inReplyTo: null, references: [] },
        match: { accountIds: ['A'], contactIds: ['C'], leadIds: [] },
      }
    : { verdict: 'skip', reasons: [{ code: 'internal-only', detail: 'internal' }] };

const ownMessageIds = async () => new Set<string>();
const engage = () => ({ opportunityId: 'O-1', ownerAddress: 'ann@contoso.example' });

describe('syncMailbox', () => {
  it('commits every page with the cursor that follows it, from the lookback on first sync', async () => {
    const initial = `initial:inbox-id:${since.toISOString()}`;
    const reader = fakeReader({
      [initial]: { messages: [message('m1', 'customer'), message('m2', 'internal')], nextLink: 'next-1', deltaLink: null },
      'next-1': { messages: [message('m3', 'customer')], nextLink: null, deltaLink: 'delta-1' },
    });
    const store = fakeStore(null);
    const result = await syncMailbox(mailbox, since, { reader, store, evaluate, engage, ownMessageIds, logger: silentLogger() });
    expect(store.commits[0]?.imports[0]?.engagement).toEqual({ opportunityId: 'O-1', ownerAddress: 'ann@contoso.example' });
    expect(store.commits.map((c) => [c.nextCursor, c.roundComplete, c.imports.map((i) => i.graphId), c.skipped])).toEqual([
      ['next-1', false, ['m1'], { 'internal-only': 1 }],
      ['delta-1', true, ['m3'], {}],
    ]);
    expect(result).toEqual({ read: 3, imported: 2, skipped: { 'internal-only': 1 } });
  });

  it('continues from the saved cursor, and neither decides nor counts removals and partial updates', async () => {
    const reader = fakeReader({
      'delta-1': {
        messages: [{ id: 'm1', '@removed': { reason: 'deleted' } }, { id: 'm3', isRead: true, parentFolderId: 'inbox-id' }, message('m4', 'customer')],
        nextLink: null,
        deltaLink: 'delta-2',
      },
    });
    const store = fakeStore('delta-1');
    const result = await syncMailbox(mailbox, since, { reader, store, evaluate, engage, ownMessageIds, logger: silentLogger() });
    expect(reader.reads).toEqual(['delta-1']);
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]?.imports.map((i) => i.graphId)).toEqual(['m4']);
    expect(result.read).toBe(1);
  });

  it('restarts a folder from the lookback when its delta token expired', async () => {
    const initial = `initial:inbox-id:${since.toISOString()}`;
    const reader = fakeReader({
      'stale-delta': new AppError('delta-expired', 'gone'),
      [initial]: { messages: [message('m1', 'customer')], nextLink: null, deltaLink: 'delta-new' },
    });
    const store = fakeStore('stale-delta');
    await syncMailbox(mailbox, since, { reader, store, evaluate, engage, ownMessageIds, logger: silentLogger() });
    expect(reader.reads).toEqual(['stale-delta', initial]);
    expect(store.commits.map((c) => c.nextCursor)).toEqual(['delta-new']);
  });

  it('does not commit a page whose successor failed, so the cursor never passes unstored mail', async () => {
    const initial = `initial:inbox-id:${since.toISOString()}`;
    const reader = fakeReader({
      [initial]: { messages: [message('m1', 'customer')], nextLink: 'next-1', deltaLink: null },
      'next-1': new AppError('graph-unavailable', 'HTTP 503', { retryable: true }),
    });
    const store = fakeStore(null);
    await expect(syncMailbox(mailbox, since, { reader, store, evaluate, engage, ownMessageIds, logger: silentLogger() })).rejects.toMatchObject({ code: 'graph-unavailable' });
    expect(store.commits.map((c) => c.nextCursor)).toEqual(['next-1']);
  });

  it('counts a payload that is not a Graph message as unreadable instead of throwing', async () => {
    const initial = `initial:inbox-id:${since.toISOString()}`;
    const reader = fakeReader({ [initial]: { messages: [{ id: 42, subject: 'x' }, 'garbage'], nextLink: null, deltaLink: 'd' } });
    const store = fakeStore(null);
    const result = await syncMailbox(mailbox, since, { reader, store, evaluate, engage, ownMessageIds, logger: silentLogger() });
    expect(result.skipped).toEqual({ unreadable: 2 });
  });
});
