/**
 * The sync against the sandbox tenant across cycles, with the generator's ground truth deciding
 * what must be stored: complete on the first cycle; moved mail not imported twice (ImmutableId and
 * dedup); partial updates (read flags, categories) never overwrite what was stored; deleted mail
 * is no error; an expired delta token (410) re-reads the folder without duplicates; health and
 * events tell the console what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src-shared/api.js';
import { startSyncHarness, type SyncHarness } from './sync-harness.js';

let h: SyncHarness;
let owner: string;

function customerMessage(id: string) {
  const contact = h.sandbox.crm.contacts.find((c) => c.accountId !== null);
  if (!contact) throw new Error('generated tenant lacks contacts');
  const now = new Date().toISOString();
  return {
    subject: `Changes ${id}`,
    body: { contentType: 'html', content: `<p>Body of ${id}</p>` },
    from: { emailAddress: { name: contact.name, address: contact.email } },
    toRecipients: [{ emailAddress: { name: 'Owner', address: owner } }],
    receivedDateTime: now,
    sentDateTime: now,
    internetMessageId: `<${id}@changes.test>`,
    isDraft: false,
  };
}

beforeAll(async () => {
  h = await startSyncHarness({ seed: 11 });
  owner = h.optedIn()[0] as string;
});

afterAll(async () => {
  await h?.close();
});

describe('sync across cycles against the sandbox tenant', () => {
  it('imports exactly the ground truth on the first cycle, pushing progress per page', async () => {
    const events: ApiEvent[] = [];
    const unsubscribe = h.events.subscribe((e) => events.push(e));
    const summary = await h.sync.syncNow();
    unsubscribe();
    const expected = h.expectedKeys();
    expect(expected.length).toBeGreaterThan(10);
    expect(await h.storedKeys()).toEqual(expected);
    expect(summary.mailboxes).toBe(h.optedIn().length);
    const progress = events.filter((e) => e.type === 'sync.progress');
    expect(new Set(progress.map((e) => (e.type === 'sync.progress' ? e.mailbox : '')))).toEqual(new Set(h.optedIn()));
    expect(events.at(-1)).toEqual({ type: 'sync.cycleFinished', cycle: summary });
  });

  it('does not import mail twice when it is moved to another folder, and reads nothing for read flags and categories', async () => {
    const id = h.sandbox.addMessage(owner, 'inbox', customerMessage('moved-1'));
    const first = await h.sync.syncNow(owner);
    expect(first).toMatchObject({ read: 1, imported: 1 });
    const before = await h.storedKeys();

    const movedId = h.sandbox.moveMessage(owner, id, 'archive');
    h.sandbox.markRead(owner, movedId);
    h.sandbox.updateMessage(owner, movedId, { categories: ['Blue category'] });
    const keep = h.sandbox.groundTruthFor(owner).find((g) => g.verdict === 'import' && g.folder === 'inbox');
    if (keep) h.sandbox.markRead(owner, keep.messageId);
    const second = await h.sync.syncNow(owner);
    // The moved copy is read again in Archive (a new item there) and deduplicated; updates are not read.
    expect(second.imported).toBe(0);
    expect(second.read).toBe(1);
    expect(await h.storedKeys()).toEqual(before);
    const { items } = await h.opened.store.listEmails({ mailbox: owner, limit: 500, offset: 0 });
    const stored = items.find((e) => e.internetMessageId === '<moved-1@changes.test>');
    expect(stored?.subject).toBe('Changes moved-1');
  });

  it('keeps stored mail when it is deleted from the mailbox, and goes on syncing', async () => {
    const id = h.sandbox.addMessage(owner, 'inbox', customerMessage('deleted-1'));
    await h.sync.syncNow(owner);
    h.sandbox.deleteMessage(owner, id);
    const after = await h.sync.syncNow(owner);
    expect(after).toMatchObject({ read: 0, imported: 0 });
    expect(await h.storedKeys()).toContain('deleted-1@changes.test');
  });

  it('re-reads every folder of a mailbox whose delta tokens expired (410), importing new mail and duplicating nothing', async () => {
    const before = await h.storedKeys();
    h.sandbox.expireDeltaTokens(owner);
    h.sandbox.addMessage(owner, 'inbox', customerMessage('after-410'));
    const summary = await h.sync.syncNow(owner);
    expect(summary.imported).toBe(1);
    expect(summary.read).toBeGreaterThan(1); // the window was read again
    expect(await h.storedKeys()).toEqual([...before, 'after-410@changes.test'].sort());
    const health = await h.opened.store.syncState.folderHealth(owner);
    expect(health.some((f) => f.restarts === 1)).toBe(true);
    expect(health.every((f) => f.state === 'ok')).toBe(true);
  });

  it('records mailbox and folder health, and the domains of skipped mail missing from the CRM', async () => {
    const [row] = await h.opened.store.syncState.mailboxHealth([owner]);
    expect(row).toMatchObject({ mailbox: owner, holder: null, errorCode: null });
    expect(row?.finishedAt).not.toBeNull();
    expect(Date.parse(row?.nextRunAt ?? '')).toBeGreaterThan(Date.now());
    const folders = await h.opened.store.syncState.folderHealth(owner);
    expect(folders.map((f) => f.displayName)).toEqual(expect.arrayContaining(['Inbox', 'Sent Items']));
    expect(folders.map((f) => f.displayName)).not.toEqual(expect.arrayContaining(['Deleted Items']));
    const skippedUnmatched = h.sandbox.groundTruth.filter((g) => g.reason === 'no-crm-match' && h.optedIn().includes(g.mailbox.toLowerCase()));
    const missing = await h.opened.store.syncState.missingFromCrm(100);
    if (skippedUnmatched.length > 0) expect(missing.length).toBeGreaterThan(0);
    const known = new Set(h.sandbox.crm.accounts.flatMap((a) => a.domains));
    expect(missing.every((m) => !known.has(m.domain) && m.skipped > 0)).toBe(true);
  });
});

describe('requests of a steady-state cycle', () => {
  it('reuses the folder list between cycles (only delta rounds are requested), and lists afresh after a folder failed', async () => {
    const folderListings = (from: number) => h.sandbox.requestLog().slice(from).filter((r) => /\/mailFolders(\?|\/[^/]+\/childFolders)/.test(r.path));
    const start = h.sandbox.requestLog().length;
    await h.sync.syncNow(owner);
    const cycle = h.sandbox.requestLog().slice(start).filter((r) => r.path.startsWith('/v1.0/'));
    expect(folderListings(start)).toEqual([]);
    expect(cycle.length).toBeGreaterThan(0);
    expect(cycle.every((r) => r.path.includes('/messages/delta'))).toBe(true);

    // A folder fails (here: its body unreadable on every attempt): the next cycle lists the folders again.
    h.sandbox.faults.inject({ kind: 'invalid-json', count: 50, mailbox: owner });
    await h.sync.syncNow(owner);
    h.sandbox.faults.clear();
    const again = h.sandbox.requestLog().length;
    await h.sync.syncNow(owner);
    expect(folderListings(again).length).toBeGreaterThan(0);
    expect((await h.opened.store.listMailboxes()).find((m) => m.address === owner)?.state).toBe('ok');
  });
});
