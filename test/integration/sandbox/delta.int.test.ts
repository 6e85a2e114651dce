import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '@correspondent/m365-sandbox';
import type { JsonResponse } from './sandbox-client.js';
import { busiestMailbox as busiestOf, graphErrorOf, openGraphSession, values, type GraphSession } from './graph-session.js';

let session: GraphSession;
let sandbox: SandboxHandle;

beforeAll(async () => {
  session = await openGraphSession({ seed: 42 });
  sandbox = session.sandbox;
});
afterAll(async () => {
  await session.close();
});

const graph = (pathOrUrl: string, headers: Record<string, string> = {}) => session.graph(pathOrUrl, headers);
const errorCode = (r: JsonResponse) => graphErrorOf(r).code;

/** The mailbox with the most inbox mail, so that paging has something to page. */
const busiestMailbox = () => busiestOf(sandbox);
const truthIn = (mailbox: string, folder: string) => sandbox.groundTruth.filter((g) => g.mailbox === mailbox && g.folder === folder);

const round = (url: string, headers: Record<string, string> = {}) => session.round(url, headers);

describe('sandbox Graph: message delta', () => {
  it('pages an initial round by odata.maxpagesize and ends it with a deltaLink', async () => {
    const mailbox = busiestMailbox();
    const expected = truthIn(mailbox, 'inbox');
    const prefer = 'odata.maxpagesize=3';
    const { pages, items } = await round(`/users/${mailbox}/mailFolders/inbox/messages/delta`, { prefer });
    expect(pages.length).toBe(Math.ceil(expected.length / 3));
    for (const page of pages) {
      expect(values(page).length).toBeLessThanOrEqual(3);
      expect(page.headers.get('preference-applied')).toBe('odata.maxpagesize=3');
    }
    expect(items.map((m) => m['internetMessageId']).sort()).toEqual(expected.map((g) => g.internetMessageId).sort());
    expect(new Set(items.map((m) => m.id)).size).toBe(items.length);
    for (const item of items) expect(item).toEqual(expect.objectContaining({ '@odata.type': '#microsoft.graph.message', '@odata.etag': expect.stringMatching(/^W\/"/) }));
    expect(items[0]).not.toHaveProperty('internetMessageHeaders');

    const logged = sandbox.requestLog().filter((e) => e.path.includes('/messages/delta')).slice(-pages.length);
    expect(logged.every((e) => e.prefer === prefer && e.authorization && e.status === 200)).toBe(true);
  });

  it('uses the default page of 10 without a Prefer header', async () => {
    const mailbox = busiestMailbox();
    const first = await graph(`/users/${mailbox}/mailFolders/inbox/messages/delta`);
    expect(values(first)).toHaveLength(Math.min(10, truthIn(mailbox, 'inbox').length));
    expect(first.headers.get('preference-applied')).toBeNull();
  });

  it('projects $select, with headers on received copies only, and keeps it across pages', async () => {
    const mailbox = busiestMailbox();
    const select = '$select=subject,internetMessageId,internetMessageHeaders';
    const inbox = await round(`/users/${mailbox}/mailFolders/inbox/messages/delta?${select}`, { prefer: 'odata.maxpagesize=4' });
    for (const item of inbox.items) {
      expect(Object.keys(item).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'internetMessageHeaders', 'internetMessageId', 'subject']);
    }
    const withReplyHeaders = inbox.items.filter((m) => (m['internetMessageHeaders'] as { name: string }[]).some((h) => h.name === 'In-Reply-To'));
    expect(withReplyHeaders.length).toBeGreaterThan(0);
    const sent = await round(`/users/${mailbox}/mailFolders/sentitems/messages/delta?${select}`);
    expect(sent.items.length).toBeGreaterThan(0);
    for (const item of sent.items) expect(item).not.toHaveProperty('internetMessageHeaders');

    expect((await graph(`/users/${mailbox}/mailFolders/inbox/messages/delta?$select=subject,nonsense`)).status).toBe(400);
  });

  it('converts HTML bodies to text when asked', async () => {
    const mailbox = busiestMailbox();
    const html = await graph(`/users/${mailbox}/mailFolders/inbox/messages/delta?$select=body`);
    expect((values(html)[0]!['body'] as { contentType: string }).contentType).toBe('html');
    const prefer = 'odata.maxpagesize=2, outlook.body-content-type="text"';
    const text = await graph(`/users/${mailbox}/mailFolders/inbox/messages/delta?$select=body`, { prefer });
    expect(text.headers.get('preference-applied')).toBe('odata.maxpagesize=2, outlook.body-content-type="text"');
    for (const item of values(text)) {
      const body = item['body'] as { contentType: string; content: string };
      expect(body.contentType).toBe('text');
      expect(body.content).not.toMatch(/<\/?(div|html|body)/);
      expect(body.content).toContain('Best regards');
    }
  });

  it('accepts only receivedDateTime ge|gt in $filter', async () => {
    const mailbox = busiestMailbox();
    const all = await round(`/users/${mailbox}/mailFolders/inbox/messages/delta?$select=receivedDateTime`, { prefer: 'odata.maxpagesize=100' });
    const dates = all.items.map((m) => String(m['receivedDateTime'])).sort();
    const cutoff = dates[Math.floor(dates.length / 2)]!;
    const filtered = await round(`/users/${mailbox}/mailFolders/inbox/messages/delta?$select=receivedDateTime&$filter=receivedDateTime ge ${cutoff}`, { prefer: 'odata.maxpagesize=3' });
    expect(filtered.items.length).toBe(dates.filter((d) => d >= cutoff).length);
    expect(filtered.items.every((m) => String(m['receivedDateTime']) >= cutoff)).toBe(true);
    const refused = await graph(`/users/${mailbox}/mailFolders/inbox/messages/delta?$filter=${encodeURIComponent("subject eq 'x'")}`);
    expect(refused.status).toBe(400);
  });

  it('reports only changes after the deltaLink: added in full, moved out and deleted as @removed', async () => {
    const mailbox = busiestMailbox();
    const initial = await round(`/users/${mailbox}/mailFolders/inbox/messages/delta?$select=subject,internetMessageId`, { prefer: 'odata.maxpagesize=5' });
    const [toMove, toDelete] = initial.items;
    const addedId = sandbox.addMessage(mailbox, 'inbox', {
      subject: 'Fresh customer question',
      internetMessageId: '<fresh-1@mail.example>',
      body: { contentType: 'html', content: '<p>Hello</p>' },
    });
    const movedId = sandbox.moveMessage(mailbox, toMove!.id, 'archive');
    expect(movedId).not.toBe(toMove!.id);
    sandbox.deleteMessage(mailbox, toDelete!.id);

    const next = await round(initial.deltaLink, { prefer: 'odata.maxpagesize=2' });
    expect(next.pages.length).toBe(2);
    const removed = next.items.filter((m) => m['@removed']);
    expect(removed.map((m) => m.id).sort()).toEqual([toMove!.id, toDelete!.id].sort());
    for (const r of removed) expect(Object.keys(r).sort()).toEqual(['@odata.type', '@removed', 'id']);
    const added = next.items.filter((m) => !m['@removed']);
    expect(added).toEqual([expect.objectContaining({ id: addedId, subject: 'Fresh customer question', internetMessageId: '<fresh-1@mail.example>' })]);

    const archive = await round(`/users/${mailbox}/mailFolders/archive/messages/delta?$select=internetMessageId`);
    expect(archive.items.map((m) => m.id)).toContain(movedId);

    const quiet = await round(next.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  it('keeps ids across moves with Prefer: IdType="ImmutableId"', async () => {
    const mailbox = busiestMailbox();
    const prefer = 'IdType="ImmutableId", odata.maxpagesize=50';
    const inbox = await round(`/users/${mailbox}/mailFolders/inbox/messages/delta?$select=subject`, { prefer });
    const target = inbox.items[0]!;
    sandbox.moveMessage(mailbox, target.id, 'Deleted Items');
    const deleted = await round(`/users/${mailbox}/mailFolders/deleteditems/messages/delta?$select=subject`, { prefer });
    expect(deleted.items.map((m) => m.id)).toContain(target.id);
    const after = await round(inbox.deltaLink, { prefer });
    expect(after.items).toEqual([expect.objectContaining({ id: target.id, '@removed': { reason: 'deleted' } })]);
  });

  it('answers 410 SyncStateNotFound for edited or expired tokens', async () => {
    const mailbox = busiestMailbox();
    const { deltaLink } = await round(`/users/${mailbox}/mailFolders/sentitems/messages/delta`, { prefer: 'odata.maxpagesize=50' });
    const tokenStart = deltaLink.indexOf('$deltatoken=') + '$deltatoken='.length;
    const flipped = deltaLink[tokenStart + 5] === 'A' ? 'B' : 'A';
    const edited = `${deltaLink.slice(0, tokenStart + 5)}${flipped}${deltaLink.slice(tokenStart + 6)}`;
    const refused = await graph(edited);
    expect(refused.status).toBe(410);
    expect(errorCode(refused)).toBe('SyncStateNotFound');

    const otherFolder = deltaLink.replace("mailFolders('inbox')", "mailFolders('archive')").replace(/mailFolders\('sentitems'\)/, "mailFolders('archive')");
    expect((await graph(otherFolder)).status).toBe(410);

    expect((await graph(deltaLink)).status).toBe(200);
    sandbox.expireDeltaTokens(mailbox);
    const expired = await graph(deltaLink);
    expect(expired.status).toBe(410);
    expect(errorCode(expired)).toBe('SyncStateNotFound');
  });
});
