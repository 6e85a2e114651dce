/**
 * The mailbox sync's contract with the store: each page is committed with the cursor that follows
 * it, partial updates and removals are not decided on, an expired delta token restarts the folder
 * from the lookback (at the saved deltaLink or mid-chain, backing off when it repeats), a first
 * round that reaches the filtered-round cap is backfilled through the listing endpoint, and
 * late-match jobs re-read only mail with a participant matching a new key.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { LeaseLostError, syncMailbox } from '../../../src-main/sync/mailbox-sync.js';
import type { MailboxSyncDeps } from '../../../src-main/sync/mailbox-sync.js';
import { fakeReader, fakeStore, initial, mailbox, message, ownMessageIds, rules, since } from './sync-fakes.js';

function deps(reader: MailboxSyncDeps['reader'], store: ReturnType<typeof fakeStore>['store'], extra: Partial<MailboxSyncDeps> = {}): MailboxSyncDeps {
  return { reader, pages: store, folderState: store.syncState, rules, ownMessageIds, logger: silentLogger(), sleep: async () => undefined, random: () => 0.5, ...extra };
}

const expired = () => new AppError('delta-expired', 'gone');

describe('syncMailbox', () => {
  it('commits every page with the cursor that follows it, from the lookback on first sync', async () => {
    const reader = fakeReader({
      [initial()]: { messages: [message('m1', 'customer'), message('m2', 'internal')], nextLink: 'next-1', deltaLink: null },
      'next-1': { messages: [message('m3', 'customer')], nextLink: null, deltaLink: 'delta-1' },
    });
    const { store, state } = fakeStore();
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(store.commits[0]?.imports[0]?.engagement).toEqual({ opportunityId: 'O-1', ownerAddress: 'ann@contoso.example' });
    const skipRules = (c: (typeof store.commits)[number]) => c.decisions.filter((d) => d.verdict === 'skip').map((d) => d.rule);
    expect(store.commits.map((c) => [c.nextCursor, c.roundComplete, c.imports.map((i) => i.graphId), skipRules(c)])).toEqual([
      ['next-1', false, ['m1'], ['internal-only']],
      ['delta-1', true, ['m3'], []],
    ]);
    expect(store.commits.map((c) => c.decisions.map((d) => d.itemId))).toEqual([['m1', 'm2'], ['m3']]);
    expect(result).toMatchObject({ read: 3, imported: 2, skipped: { 'internal-only': 1 }, pages: 2, error: null });
    expect(state.rounds.get('inbox-id')).toMatchObject({ phase: 'done', createdItems: 3 });
    expect(state.folderRuns).toEqual([expect.objectContaining({ folderId: 'inbox-id', state: 'ok', pages: 2, read: 3, imported: 2 })]);
  });

  it('continues from the saved cursor, and neither decides nor counts removals and partial updates', async () => {
    const reader = fakeReader({
      'delta-1': {
        messages: [{ id: 'm1', '@removed': { reason: 'deleted' } }, { id: 'm3', isRead: true, parentFolderId: 'inbox-id' }, message('m4', 'customer')],
        nextLink: null,
        deltaLink: 'delta-2',
      },
    });
    const { store } = fakeStore({ 'inbox-id': 'delta-1' });
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(reader.reads).toEqual(['delta-1']);
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]?.imports.map((i) => i.graphId)).toEqual(['m4']);
    expect(result.read).toBe(1);
  });

  it('restarts a folder from the lookback when its saved delta token expired', async () => {
    const reader = fakeReader({ 'stale-delta': expired(), [initial()]: { messages: [message('m1', 'customer')], nextLink: null, deltaLink: 'delta-new' } });
    const { store } = fakeStore({ 'inbox-id': 'stale-delta' });
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(reader.reads).toEqual(['stale-delta', initial()]);
    expect(store.commits.map((c) => c.nextCursor)).toEqual(['delta-new']);
    expect(result.restarts).toBe(1);
  });

  it('restarts from the lookback when a nextLink expires mid-chain, keeping what was committed', async () => {
    let firstRound = true;
    const reader = fakeReader({ 'next-1': expired(), 'next-b': { messages: [message('m2', 'customer')], nextLink: null, deltaLink: 'delta-b' } });
    const read = reader.readDeltaPage;
    reader.readDeltaPage = async (url, what) => {
      if (url === initial()) {
        reader.reads.push(url);
        const page = firstRound ? { messages: [message('m1', 'customer')], nextLink: 'next-1', deltaLink: null } : { messages: [message('m1', 'customer')], nextLink: 'next-b', deltaLink: null };
        firstRound = false;
        return page;
      }
      return read(url, what);
    };
    const { store, state } = fakeStore();
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(reader.reads).toEqual([initial(), 'next-1', initial(), 'next-b']);
    expect(store.commits.map((c) => c.nextCursor)).toEqual(['next-1', 'next-b', 'delta-b']);
    expect(result).toMatchObject({ restarts: 1, error: null });
    // The restarted round was counted afresh (m1 once, not twice).
    expect(state.rounds.get('inbox-id')).toMatchObject({ createdItems: 2, phase: 'done' });
  });

  it('backs off when the reset repeats, then gives the folder up for this cycle with a named error', async () => {
    const waits: number[] = [];
    const reader = fakeReader({ [initial()]: [expired(), expired(), expired(), expired(), expired()] });
    const { store, state } = fakeStore({ 'inbox-id': { url: initial(), roundComplete: false } });
    // The saved cursor itself is rejected, then every fresh start is too.
    const result = await syncMailbox(mailbox, since, deps(reader, store, { sleep: async (ms) => void waits.push(ms) }));
    expect(waits).toEqual([750, 1500, 3000]); // doubling, with the injected jitter
    expect(result.error).toMatchObject({ code: 'delta-expired' });
    expect(result.failedFolders).toBe(1);
    expect(state.folderRuns[0]).toMatchObject({ state: 'error', restarts: 5 });
    expect(store.commits).toHaveLength(0);
  });

  it('backfills the older part of a first round that reached the cap, page by page under its own cursor', async () => {
    const received = (day: number) => ({ receivedDateTime: `2026-01-${String(day).padStart(2, '0')}T10:00:00Z` });
    const oldest = new Date('2026-01-08T10:00:00Z');
    const listStart = `list:inbox-id:${since.toISOString()}:${oldest.toISOString()}`;
    const reader = fakeReader({
      [initial()]: { messages: [message('m10', 'customer', received(10)), message('m9', 'internal', received(9))], nextLink: 'next-1', deltaLink: null },
      'next-1': { messages: [message('m8', 'customer', received(8))], nextLink: null, deltaLink: 'delta-1' },
      [listStart]: { messages: [message('m7', 'customer', received(7)), message('m6', 'unknown', received(6))], nextLink: 'list-2' },
      'list-2': { messages: [message('m5', 'customer', received(5))], nextLink: null },
    });
    const { store, state } = fakeStore();
    const result = await syncMailbox(mailbox, since, deps(reader, store, { filteredRoundCap: 3 }));
    expect(reader.reads).toEqual([initial(), 'next-1', listStart, 'list-2']);
    const key = `inbox-id~backfill~${since.getTime()}~${oldest.getTime()}`;
    expect(store.commits.slice(2).map((c) => [c.cursorKey, c.nextCursor, c.roundComplete, c.imports.map((i) => i.graphId)])).toEqual([
      [key, 'list-2', false, ['m7']],
      [key, 'list-2', true, ['m5']],
    ]);
    expect(store.commits[2]?.decisions.flatMap((d) => d.externalDomains ?? [])).toEqual(['customer.example']);
    expect(state.cursors.get('inbox-id')).toEqual({ url: 'delta-1', roundComplete: true });
    expect(state.rounds.get('inbox-id')?.phase).toBe('done');
    expect(result).toMatchObject({ read: 6, imported: 4 });
  });

  it('does not backfill a first round below the cap', async () => {
    const reader = fakeReader({ [initial()]: { messages: [message('m1', 'customer', { receivedDateTime: '2026-01-03T00:00:00Z' })], nextLink: null, deltaLink: 'd' } });
    const { store, state } = fakeStore();
    await syncMailbox(mailbox, since, deps(reader, store, { filteredRoundCap: 2 }));
    expect(reader.reads).toEqual([initial()]);
    expect(state.rounds.get('inbox-id')?.phase).toBe('done');
  });

  it('gives a capped round its verdict after a crash between its last commit and the verdict', async () => {
    const oldest = new Date('2026-01-05T00:00:00Z');
    const listStart = `list:inbox-id:${since.toISOString()}:${oldest.toISOString()}`;
    const reader = fakeReader({ 'delta-1': { messages: [], nextLink: null, deltaLink: 'delta-1' }, [listStart]: { messages: [message('m1', 'customer')], nextLink: null } });
    const { store, state } = fakeStore({ 'inbox-id': 'delta-1' });
    state.rounds.set('inbox-id', { since, createdItems: 5000, oldestReceivedAt: oldest, phase: 'counting', unordered: false, clientFilter: false });
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(reader.reads).toEqual(['delta-1', listStart]);
    expect(result.imported).toBe(1);
  });

  it('late match: re-reads the window and decides only mail with a participant matching a new key', async () => {
    const listStart = `list:inbox-id:${since.toISOString()}:now`;
    const to = (address: string) => ({ toRecipients: [{ emailAddress: { address } }] });
    const reader = fakeReader({
      'delta-1': { messages: [], nextLink: null, deltaLink: 'delta-1' },
      [listStart]: {
        messages: [
          message('a', 'customer', { from: { emailAddress: { address: 'x@old.example' } } }),
          message('b', 'customer', { from: { emailAddress: { address: 'ceo@sub.newco.example' } } }),
          message('c', 'customer', { from: { emailAddress: { address: 'ann@contoso.example' } }, ...to('Lead@Freemail.example') }),
        ],
        nextLink: null,
      },
    });
    const { store, state } = fakeStore({ 'inbox-id': 'delta-1' });
    state.jobs = [{ id: 7, keys: { domains: ['newco.example'], addresses: ['lead@freemail.example'] } }];
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(store.commits[1]).toMatchObject({ cursorKey: 'inbox-id~late~7', roundComplete: true });
    expect(store.commits[1]?.imports.map((i) => i.graphId)).toEqual(['b', 'c']);
    expect(result.read).toBe(2);
    expect(state.finished).toEqual([7]);
  });

  it('leaves a late-match job pending when a folder failed', async () => {
    const reader = fakeReader({ 'delta-1': new AppError('graph-unavailable', 'HTTP 503', { retryable: true }) });
    const { store, state } = fakeStore({ 'inbox-id': 'delta-1' });
    state.jobs = [{ id: 1, keys: { domains: ['newco.example'], addresses: [] } }];
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(result.error).toMatchObject({ code: 'graph-unavailable' });
    expect(state.finished).toEqual([]);
  });

  it('does not commit a page whose successor failed, so the cursor never passes unstored mail', async () => {
    const reader = fakeReader({
      [initial()]: { messages: [message('m1', 'customer')], nextLink: 'next-1', deltaLink: null },
      'next-1': new AppError('graph-unavailable', 'HTTP 503', { retryable: true }),
    });
    const { store } = fakeStore();
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(result.error).toMatchObject({ code: 'graph-unavailable' });
    expect(store.commits.map((c) => c.nextCursor)).toEqual(['next-1']);
  });

  it('keeps syncing the other folders when one fails, and starts no folder after a mailbox-wide failure', async () => {
    const folders = [
      { id: 'f1', wellKnownName: null, displayName: 'Projects' },
      { id: 'inbox-id', wellKnownName: 'inbox', displayName: 'Inbox' },
    ];
    const reader = fakeReader({ [initial('f1')]: new AppError('graph-unavailable', 'HTTP 504', { retryable: true }), [initial()]: { messages: [message('m1', 'customer')], nextLink: null, deltaLink: 'd' } }, folders);
    const { store } = fakeStore();
    const result = await syncMailbox(mailbox, since, deps(reader, store));
    expect(result).toMatchObject({ imported: 1, failedFolders: 1 });

    // Sent Items runs alone first: its mailbox-wide failure leaves every other folder unread.
    const withSent = [{ id: 'sent-id', wellKnownName: 'sentitems', displayName: 'Sent Items' }, ...folders];
    const gone = fakeReader({ [initial('sent-id')]: new AppError('mailbox-unavailable', 'no mailbox') }, withSent);
    await expect(syncMailbox(mailbox, since, deps(gone, fakeStore().store))).rejects.toMatchObject({ code: 'mailbox-unavailable' });
    expect(gone.reads).toEqual([initial('sent-id')]);

    // The others run 4 at once: those already started finish, no further one starts.
    const many = Array.from({ length: 7 }, (_, i) => ({ id: `f${i}`, wellKnownName: null, displayName: `F${i}` }));
    const revoked = fakeReader({ [initial('f0')]: new AppError('consent-missing', 'consent revoked') }, many);
    await expect(syncMailbox(mailbox, since, deps(revoked, fakeStore().store))).rejects.toMatchObject({ code: 'consent-missing' });
    expect(revoked.reads.slice().sort()).toEqual(['f0', 'f1', 'f2', 'f3'].map((f) => initial(f)).sort());
  });

  it('reads Sent Items before any other folder, then the others side by side', async () => {
    const folders = [
      { id: 'inbox-id', wellKnownName: 'inbox', displayName: 'Inbox' },
      { id: 'f1', wellKnownName: null, displayName: 'Projects' },
      { id: 'sent-id', wellKnownName: 'sentitems', displayName: 'Sent Items' },
    ];
    const empty = { messages: [], nextLink: null, deltaLink: 'd' };
    const reader = fakeReader({ [initial('sent-id')]: empty, [initial('f1')]: empty, [initial()]: empty }, folders);
    let inFlight = 0;
    let most = 0;
    const read = reader.readDeltaPage.bind(reader);
    reader.readDeltaPage = async (url, what) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return read(url, what);
    };
    await syncMailbox(mailbox, since, deps(reader, fakeStore().store));
    expect(reader.reads[0]).toBe(initial('sent-id'));
    expect(most).toBe(2); // inbox and Projects together, after Sent Items alone
  });

  it('reports a lost lease over a mailbox-wide failure of another folder (this instance must not write the mailbox state)', async () => {
    const folders = [
      { id: 'f0', wellKnownName: null, displayName: 'F0' },
      { id: 'inbox-id', wellKnownName: 'inbox', displayName: 'Inbox' },
    ];
    const reader = fakeReader({ [initial('f0')]: new AppError('consent-missing', 'consent revoked'), [initial()]: { messages: [message('m1', 'customer')], nextLink: null, deltaLink: 'd' } }, folders);
    const beforeCommit = async () => {
      throw new LeaseLostError(mailbox.address);
    };
    await expect(syncMailbox(mailbox, since, deps(reader, fakeStore().store, { beforeCommit }))).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('commits nothing once the lease is lost', async () => {
    const reader = fakeReader({ [initial()]: { messages: [message('m1', 'customer')], nextLink: null, deltaLink: 'd' } });
    const { store } = fakeStore();
    const beforeCommit = async () => {
      throw new LeaseLostError(mailbox.address);
    };
    await expect(syncMailbox(mailbox, since, deps(reader, store, { beforeCommit }))).rejects.toBeInstanceOf(LeaseLostError);
    expect(store.commits).toHaveLength(0);
  });

  it('counts a payload that is not a Graph message as unreadable, and reports progress per page', async () => {
    const reader = fakeReader({ [initial()]: { messages: [{ id: 42, subject: 'x' }, 'garbage', message('m1', 'unknown')], nextLink: null, deltaLink: 'd' } });
    const { store } = fakeStore();
    const progress: unknown[] = [];
    const result = await syncMailbox(mailbox, since, deps(reader, store, { onPage: (p) => progress.push(p) }));
    expect(result.skipped).toEqual({ unreadable: 2, 'no-crm-match': 1 });
    expect(store.commits[0]?.decisions.flatMap((d) => d.externalDomains ?? [])).toEqual(['customer.example']);
    expect(progress).toEqual([{ mailbox: mailbox.address, folder: 'Inbox', pages: 1, read: 3, imported: 0 }]);
  });
});
