/**
 * Behaviours of real tenants that lose or double-count mail in a client that does not expect them
 * (issue 16), each switched on in the sandbox (graph-behaviours.ts and its controls) and checked
 * against the generator's ground truth (ground-truth.ts, independent of the product's helpers):
 * capped first rounds served out of order, a rejected date filter, a message moved out of its
 * folder and back reported as removed, full updates and replayed rounds, a folder deleted while it
 * is synced, users Exchange no longer serves, gateway time-outs on large pages, and the online
 * archive (a mailbox of its own, served by Graph beta only).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CycleSummary } from '../../../src-shared/domain.js';
import { startSyncHarness, type SyncHarness } from './sync-harness.js';

let h: SyncHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Every message read is imported, skipped, already stored or unchanged - exactly one of them. */
function expectFiguresAddUp(cycle: CycleSummary): void {
  expect(cycle.read).toBe(cycle.imported + sum(cycle.skipped) + cycle.alreadyStored + cycle.unchanged);
}

/** Keys of every message the generator labels 'import' in these mailboxes, whatever its date. */
function allImportKeys(harness: SyncHarness, mailboxes: string[]): Set<string> {
  const keys = new Set<string>();
  for (const mailbox of mailboxes) {
    for (const g of harness.sandbox.groundTruthFor(mailbox)) if (g.verdict === 'import') keys.add(g.internetMessageId.replace(/^<|>$/g, '').toLowerCase());
  }
  return keys;
}

function customerMessage(harness: SyncHarness, owner: string, id: string, received = new Date()) {
  const contact = harness.sandbox.crm.contacts.find((c) => c.accountId !== null);
  if (!contact) throw new Error('generated tenant lacks contacts');
  const at = received.toISOString();
  return {
    subject: `Realism ${id}`,
    body: { contentType: 'text', content: `Body of ${id}` },
    from: { emailAddress: { name: contact.name, address: contact.email } },
    toRecipients: [{ emailAddress: { name: 'Owner', address: owner } }],
    receivedDateTime: at,
    sentDateTime: at,
    internetMessageId: `<${id}@realism.test>`,
    isDraft: false,
  };
}

function internalMessage(owner: string, colleague: string, id: string) {
  const at = new Date().toISOString();
  return {
    subject: `Internal ${id}`,
    body: { contentType: 'text', content: `Lunch? ${id}` },
    from: { emailAddress: { name: 'Colleague', address: colleague } },
    toRecipients: [{ emailAddress: { name: 'Owner', address: owner } }],
    receivedDateTime: at,
    sentDateTime: at,
    internetMessageId: `<${id}@realism.test>`,
    isDraft: false,
  };
}

const deltaRequests = (harness: SyncHarness) => harness.sandbox.requestLog().filter((r) => r.path.includes('/messages/delta'));

describe('capped first rounds', () => {
  it('asks for newest first, and still reads the whole window when Graph serves a capped round out of order', async () => {
    const cap = 3;
    h = await startSyncHarness({ seed: 31, sandbox: { fidelity: { filteredRoundCap: cap }, behaviours: { ignoreOrderBy: true } } });
    const inboxCounts = h.optedIn().map((m) => h!.sandbox.groundTruthFor(m).filter((g) => g.folder === 'inbox').length);
    expect(Math.max(...inboxCounts)).toBeGreaterThan(cap * 2); // the cap bites, and a random 3 are not the newest 3
    const cycle = await h.sync.syncNow();
    const expected = h.expectedKeys();
    expect(expected.length).toBeGreaterThan(20);
    expect(await h.storedKeys()).toEqual(expected);
    expect(cycle.imported).toBe(expected.length);
    expectFiguresAddUp(cycle);
    // Every first delta request asked for $orderby=receivedDateTime desc.
    const initial = deltaRequests(h).filter((r) => r.path.includes('%24filter') || r.path.includes('$filter'));
    expect(initial.length).toBeGreaterThan(0);
    expect(initial.every((r) => /\$orderby=receivedDateTime(%20|\+| )desc/.test(decodeURIComponent(r.path)))).toBe(true);
    // Rounds served out of order were listed over their whole window (no upper bound).
    const listings = h.sandbox.requestLog().filter((r) => /\/mailFolders\/[^/]+\/messages\?/.test(r.path) && !r.path.includes('skip'));
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.some((r) => !decodeURIComponent(r.path).includes('receivedDateTime le'))).toBe(true);
    // Nothing counted twice although the backfill re-read what the capped round had.
    expect(await h.sync.syncNow()).toMatchObject({ read: 0, imported: 0 });
  });
});

describe('a rejected date filter', () => {
  it('reads the folder without the filter and applies the lookback itself', async () => {
    h = await startSyncHarness({ seed: 31, sandbox: { behaviours: { rejectDateFilter: true } } });
    const cycle = await h.sync.syncNow();
    const expected = h.expectedKeys();
    expect(expected.length).toBeGreaterThan(20);
    expect(await h.storedKeys()).toEqual(expected);
    // Mail older than the lookback exists and was not imported: the window was applied here.
    const older = [...allImportKeys(h, h.optedIn())].filter((k) => !expected.includes(k));
    expect(older.length).toBeGreaterThan(0);
    expect(cycle.imported).toBe(expected.length);
    expectFiguresAddUp(cycle);
    const refused = deltaRequests(h).filter((r) => r.status === 400);
    expect(refused.length).toBeGreaterThan(0);
    const unfiltered = deltaRequests(h).filter((r) => r.status === 200 && !decodeURIComponent(r.path).includes('$filter') && !r.path.includes('token'));
    expect(unfiltered.length).toBeGreaterThan(0);
    expect((await h.opened.store.listMailboxes()).filter((m) => m.optedIn).every((m) => m.state === 'ok')).toBe(true);
    // Later cycles follow the unfiltered stream; a new message arrives, an old one moved in does not count.
    const owner = h.optedIn()[0] as string;
    h.sandbox.addMessage(owner, 'inbox', customerMessage(h, owner, 'after-filter-1'));
    h.sandbox.addMessage(owner, 'inbox', customerMessage(h, owner, 'too-old-1', new Date(Date.now() - 900 * 86_400_000)));
    const next = await h.sync.syncNow(owner);
    expect(next).toMatchObject({ imported: 1, read: 1 });
    expect(await h.storedKeys()).toEqual([...expected, 'after-filter-1@realism.test'].sort());
  });
});

describe('moves with immutable ids', () => {
  it('imports exactly once a message moved out of its folder and back that Graph reports only as removed', async () => {
    h = await startSyncHarness({ seed: 31, sandbox: { behaviours: { moveBackReportedAsRemoved: true } } });
    await h.sync.syncNow();
    const before = await h.storedKeys();
    expect(before).toEqual(h.expectedKeys());
    const owner = h.optedIn()[0] as string;
    // New since the last cycle, moved to Deleted Items and back before the next one.
    const fresh = h.sandbox.addMessage(owner, 'inbox', customerMessage(h, owner, 'out-and-back'));
    h.sandbox.moveMessage(owner, h.sandbox.moveMessage(owner, fresh, 'deleteditems'), 'inbox');
    // Already imported, moved out and back too: must stay stored once and count as nothing new.
    const known = h.sandbox.groundTruthFor(owner).find((g) => g.verdict === 'import' && g.folder === 'inbox' && before.includes(g.internetMessageId.replace(/^<|>$/g, '').toLowerCase()));
    if (!known) throw new Error('owner has no imported inbox message');
    h.sandbox.moveMessage(owner, h.sandbox.moveMessage(owner, known.messageId, 'deleteditems'), 'inbox');

    const cycle = await h.sync.syncNow(owner);
    // Graph sent two removals and no message: the unknown one was looked up and decided.
    expect(cycle).toMatchObject({ read: 1, imported: 1, unchanged: 0 });
    expect(await h.storedKeys()).toEqual([...before, 'out-and-back@realism.test'].sort());
    const lookups = h.sandbox.requestLog().filter((r) => /\/users\/[^/]+\/messages\/[^/?]+\?/.test(r.path));
    expect(lookups).toHaveLength(1);
    const { items } = await h.opened.store.listEmails({ mailbox: owner, limit: 500, offset: 0 });
    expect(items.filter((e) => e.internetMessageId === '<out-and-back@realism.test>')).toHaveLength(1);
    expect(await h.sync.syncNow(owner)).toMatchObject({ read: 0, imported: 0 });
  });
});

describe('moves Graph reports only as a removal', () => {
  it('imports a new message moved to another folder whose stream does not report it', async () => {
    h = await startSyncHarness({ seed: 31, sandbox: { behaviours: { moveNotReportedInDestination: true } } });
    await h.sync.syncNow();
    const before = await h.storedKeys();
    const owner = h.optedIn()[0] as string;
    const fresh = h.sandbox.addMessage(owner, 'inbox', customerMessage(h, owner, 'moved-unreported'));
    h.sandbox.moveMessage(owner, fresh, 'archive');
    const cycle = await h.sync.syncNow(owner);
    expect(cycle).toMatchObject({ read: 1, imported: 1 });
    expect(await h.storedKeys()).toEqual([...before, 'moved-unreported@realism.test'].sort());
    // Decided by the rules of the folder it is in, and only once.
    expect(await h.sync.syncNow(owner)).toMatchObject({ read: 0, imported: 0 });
  });
});

describe('full updates and replayed rounds', () => {
  it('neither stores a message twice nor counts its decision again', async () => {
    h = await startSyncHarness({ seed: 31, sandbox: { behaviours: { fullUpdates: true, replayPreviousRound: true } } });
    const first = await h.sync.syncNow();
    expectFiguresAddUp(first);
    const owner = h.optedIn()[0] as string;
    const colleague = h.optedIn()[1] as string;
    const skipsAfterFirst = sum(await h.opened.store.skipCounts());
    expect(skipsAfterFirst).toBe(sum(first.skipped));

    h.sandbox.addMessage(owner, 'inbox', customerMessage(h, owner, 'replayed-customer'));
    h.sandbox.addMessage(owner, 'inbox', internalMessage(owner, colleague, 'replayed-internal'));
    const second = await h.sync.syncNow(owner);
    expect(second).toMatchObject({ read: 2, imported: 1, skipped: { 'internal-only': 1 }, unchanged: 0 });

    // A read flag and categories, reported with every selected property, and the previous round replayed.
    const stored = h.sandbox.groundTruthFor(owner).find((g) => g.verdict === 'import' && g.folder === 'inbox');
    const skipped = h.sandbox.groundTruthFor(owner).find((g) => g.verdict === 'skip' && g.folder === 'inbox');
    if (!stored || !skipped) throw new Error('owner lacks an imported and a skipped inbox message');
    h.sandbox.markRead(owner, stored.messageId);
    h.sandbox.updateMessage(owner, skipped.messageId, { categories: ['Red category'] });
    const third = await h.sync.syncNow(owner);
    expect(third.read).toBeGreaterThanOrEqual(4); // two full updates + the replayed two
    expect(third).toMatchObject({ imported: 0, skipped: {}, alreadyStored: 0 });
    expect(third.unchanged).toBe(third.read);
    expectFiguresAddUp(third);

    expect(await h.storedKeys()).toEqual([...h.expectedKeys(), 'replayed-customer@realism.test'].sort());
    expect(sum(await h.opened.store.skipCounts())).toBe(skipsAfterFirst + 1);
  });
});

describe('a folder deleted while it is synced', () => {
  it('drops the folder, reports it as gone (not an error) and syncs the rest', async () => {
    h = await startSyncHarness({ seed: 31 });
    await h.sync.syncNow();
    const owner = h.optedIn().find((m) => h!.sandbox.groundTruthFor(m).some((g) => !['inbox', 'sentitems', 'archive', 'drafts', 'deleteditems', 'junkemail'].includes(g.folder)));
    if (!owner) throw new Error('no mailbox with a user folder');
    const userFolder = h.sandbox.groundTruthFor(owner).find((g) => !['inbox', 'sentitems', 'archive', 'drafts', 'deleteditems', 'junkemail'].includes(g.folder))!.folder;
    const foldersBefore = await h.opened.store.syncState.folderHealth(owner);
    const gone = foldersBefore.find((f) => f.displayName === userFolder);
    expect(gone?.state).toBe('ok');
    h.sandbox.deleteFolder(owner, userFolder);
    h.sandbox.addMessage(owner, 'inbox', customerMessage(h, owner, 'after-folder-gone'));

    const cycle = await h.sync.syncNow(owner);
    expect(cycle).toMatchObject({ imported: 1 });
    const mailbox = (await h.opened.store.listMailboxes()).find((m) => m.address === owner);
    expect(mailbox).toMatchObject({ state: 'ok', lastError: null });
    const folders = await h.opened.store.syncState.folderHealth(owner);
    expect(folders.find((f) => f.folderId === gone!.folderId)).toMatchObject({ state: 'gone', lastError: null });
    expect(await h.opened.store.syncState.cursorState(owner, gone!.folderId)).toBeNull();
    const forFolder = (path: string) => path.includes(gone!.folderId) || path.includes(encodeURIComponent(gone!.folderId));
    expect(h.sandbox.requestLog().some((r) => r.status === 404 && forFolder(r.path))).toBe(true);
    // The folder list is read afresh: the folder is no longer asked for.
    const logLength = h.sandbox.requestLog().length;
    expect(await h.sync.syncNow(owner)).toMatchObject({ read: 0 });
    expect(h.sandbox.requestLog().slice(logLength).some((r) => forFolder(r.path))).toBe(false);
  });
});

describe('users Exchange does not serve', () => {
  it('names them unlicensed - for either answer Exchange gives - without refreshing the token, and syncs the others', async () => {
    h = await startSyncHarness({ seed: 31 });
    const [invalid, unauthenticated, ...others] = h.optedIn();
    h.sandbox.setUnlicensed(invalid as string, 'ErrorInvalidUser');
    h.sandbox.setUnlicensed(unauthenticated as string, 'AuthenticationError');
    const cycle = await h.sync.syncNow();
    const states = new Map((await h.opened.store.listMailboxes()).map((m) => [m.address, m]));
    expect(states.get(invalid as string)).toMatchObject({ state: 'unlicensed' });
    expect(states.get(unauthenticated as string)).toMatchObject({ state: 'unlicensed' });
    expect(states.get(unauthenticated as string)?.lastError).toContain('licence');
    for (const other of others) expect(states.get(other)?.state).toBe('ok');
    expect(await h.storedKeys()).toEqual(h.expectedKeys(others));
    expect(cycle.imported).toBe(h.expectedKeys(others).length);
    // One token for the whole cycle: a 401 AuthenticationError is not about the token.
    expect(h.sandbox.requestLog().filter((r) => r.path.includes('/oauth2/v2.0/token'))).toHaveLength(1);
    // The licence comes back: the next cycle reads the mailbox.
    h.sandbox.setUnlicensed(unauthenticated as string, null);
    await h.sync.syncNow(unauthenticated as string);
    expect((await h.opened.store.listMailboxes()).find((m) => m.address === unauthenticated)?.state).toBe('ok');
  });
});

describe('gateway time-outs on large pages', () => {
  it('reads a mailbox whose large pages time out in smaller pages, and imports everything', async () => {
    h = await startSyncHarness({ seed: 31, sandbox: { behaviours: { largePageTimeoutAbove: 40 } } });
    const cycle = await h.sync.syncNow();
    expect(await h.storedKeys()).toEqual(h.expectedKeys());
    expect(cycle.imported).toBe(h.expectedKeys().length);
    const pages = deltaRequests(h);
    expect(pages.some((r) => r.status === 504)).toBe(true);
    expect(pages.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect((await h.opened.store.listMailboxes()).filter((m) => m.optedIn).every((m) => m.state === 'ok')).toBe(true);
  });
});

describe('the online archive', () => {
  it('is read when the settings ask for it, deduplicated against the primary mailbox, and left alone otherwise', async () => {
    h = await startSyncHarness({ seed: 31, settings: { onlineArchive: false } });
    const owner = h.optedIn()[0] as string;
    const colleague = h.optedIn()[1] as string;
    h.sandbox.addArchiveMessage(owner, 'Inbox', customerMessage(h, owner, 'archived-customer'));
    h.sandbox.addArchiveMessage(owner, '2025 projects', customerMessage(h, owner, 'archived-in-subfolder'));
    h.sandbox.addArchiveMessage(owner, 'Inbox', internalMessage(owner, colleague, 'archived-internal'));
    // A message moved to the archive keeps its Message-ID and gets a new id there.
    const copied = h.sandbox.groundTruthFor(owner).find((g) => g.verdict === 'import' && g.folder === 'inbox');
    if (!copied) throw new Error('owner has no imported inbox message');
    h.sandbox.addArchiveMessage(owner, 'Inbox', { ...customerMessage(h, owner, 'x'), internetMessageId: copied.internetMessageId, subject: 'Moved to the archive' });

    await h.sync.syncNow();
    expect(await h.storedKeys()).toEqual(h.expectedKeys());
    expect(h.sandbox.requestLog().some((r) => r.path.startsWith('/beta/'))).toBe(false);

    h.settings.onlineArchive = true;
    const cycle = await h.sync.syncNow(owner);
    expect(cycle).toMatchObject({ imported: 2, skipped: { 'internal-only': 1 }, alreadyStored: 1 });
    expectFiguresAddUp(cycle);
    expect(await h.storedKeys()).toEqual([...h.expectedKeys(), 'archived-customer@realism.test', 'archived-in-subfolder@realism.test'].sort());
    expect(h.sandbox.requestLog().some((r) => r.path.includes('/settings/exchange'))).toBe(true);
    const archiveFolders = (await h.opened.store.syncState.folderHealth(owner)).filter((f) => f.displayName.startsWith('Online archive: '));
    expect(archiveFolders.map((f) => f.displayName).sort()).toEqual(expect.arrayContaining(['Online archive: 2025 projects', 'Online archive: Inbox']));
    expect(archiveFolders.every((f) => f.state === 'ok')).toBe(true);
    // Next cycle: the archive's delta links, nothing new.
    expect(await h.sync.syncNow(owner)).toMatchObject({ read: 0, imported: 0 });
  });
});
