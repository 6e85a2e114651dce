/**
 * Conformance of message delta to the reference (docs microsoft-graph.md; the section is named in
 * each test): behaviours a client must survive, pinned so that the sandbox cannot quietly become
 * more forgiving than Exchange.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busiestMailbox, graphErrorOf, openGraphSession, values, type GraphSession, type Message } from './graph-session.js';

let session: GraphSession;
beforeAll(async () => {
  session = await openGraphSession({ seed: 11 });
});
afterAll(async () => {
  await session.close();
});

const inboxDelta = (mailbox: string, query = '') => `/users/${mailbox}/mailFolders/inbox/messages/delta${query}`;

describe('delta conformance (microsoft-graph.md 3.4: round semantics)', () => {
  it('3.4 / 4.4(b): an updated item carries only id, the changed properties and parentFolderId, even when more was selected', async () => {
    const mailbox = busiestMailbox(session.sandbox);
    const initial = await session.round(inboxDelta(mailbox, '?$select=subject,isRead,from,internetMessageId'), { prefer: 'odata.maxpagesize=50' });
    const target = initial.items[0]!;
    session.sandbox.markRead(mailbox, target.id, true);
    session.sandbox.updateMessage(mailbox, target.id, { categories: ['Customer'] });

    const next = await session.round(initial.deltaLink, { prefer: 'odata.maxpagesize=50' });
    expect(next.items).toHaveLength(1);
    const update = next.items[0]!;
    // categories was not selected, so only isRead (selected and changed) comes back.
    expect(Object.keys(update).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'isRead', 'parentFolderId']);
    expect(update).toMatchObject({ id: target.id, isRead: true, parentFolderId: expect.any(String) });
    expect(update['@odata.etag']).not.toBe(target['@odata.etag']);
  });

  it('3.4: a message added and then updated within one window comes back whole, once', async () => {
    const mailbox = busiestMailbox(session.sandbox);
    const { deltaLink } = await session.round(inboxDelta(mailbox, '?$select=subject,isRead'), { prefer: 'odata.maxpagesize=100' });
    const id = session.sandbox.addMessage(mailbox, 'inbox', { subject: 'New and read', isRead: false });
    session.sandbox.markRead(mailbox, id);
    const next = await session.round(deltaLink);
    expect(next.items).toEqual([expect.objectContaining({ id, subject: 'New and read', isRead: true })]);
  });

  it('3.3 / 8: serves empty pages that still carry a nextLink (seeded), and still delivers every item once', async () => {
    const quirky = await openGraphSession({ seed: 11, fidelity: { emptyPageRate: 0.5 } });
    try {
      const mailbox = busiestMailbox(quirky.sandbox);
      const expected = quirky.sandbox.groundTruth.filter((g) => g.mailbox === mailbox && g.folder === 'inbox');
      const { pages, items } = await quirky.round(inboxDelta(mailbox, '?$select=internetMessageId'), { prefer: 'odata.maxpagesize=2' });
      const empty = pages.filter((p) => values(p).length === 0 && p.body['@odata.nextLink']);
      expect(empty.length).toBeGreaterThan(0);
      expect(items.map((m) => m['internetMessageId']).sort()).toEqual(expected.map((g) => g.internetMessageId).sort());
      // Never two empty pages in a row: a client that follows nextLinks always gets somewhere.
      pages.forEach((p, i) => {
        if (i > 0 && values(p).length === 0 && p.body['@odata.nextLink']) expect(values(pages[i - 1]!).length).toBeGreaterThan(0);
      });
    } finally {
      await quirky.close();
    }
  });

  it('3.4 / 8: can repeat an item on a later page of the same round (seeded), so clients must be idempotent', async () => {
    const quirky = await openGraphSession({ seed: 11, fidelity: { duplicateRate: 1 } });
    try {
      const mailbox = busiestMailbox(quirky.sandbox);
      const expected = quirky.sandbox.groundTruth.filter((g) => g.mailbox === mailbox && g.folder === 'inbox');
      const { items } = await quirky.round(inboxDelta(mailbox, '?$select=internetMessageId'), { prefer: 'odata.maxpagesize=3' });
      expect(items.length).toBeGreaterThan(new Set(items.map((m) => m.id)).size);
      expect([...new Set(items.map((m) => String(m['internetMessageId'])))].sort()).toEqual([...new Set(expected.map((g) => g.internetMessageId))].sort());
    } finally {
      await quirky.close();
    }
  });

  it('3.4: a second sandbox with the same seed serves the same quirks (deterministic)', async () => {
    const shape = async () => {
      const s = await openGraphSession({ seed: 5, fidelity: { emptyPageRate: 0.4, duplicateRate: 0.4 } });
      try {
        const { pages } = await s.round(inboxDelta(busiestMailbox(s.sandbox), '?$select=subject'), { prefer: 'odata.maxpagesize=2' });
        return pages.map((p) => values(p).length);
      } finally {
        await s.close();
      }
    };
    expect(await shape()).toEqual(await shape());
  });
});

describe('delta conformance (microsoft-graph.md 3.5: state tokens)', () => {
  it('3.5: keeps only the last 3 generations of a stream: an old nextLink gets 410 SyncStateNotFound with the generation list', async () => {
    const mailbox = busiestMailbox(session.sandbox);
    const links: string[] = [];
    let page = await session.graph(inboxDelta(mailbox, '?$select=subject'), { prefer: 'odata.maxpagesize=1' });
    for (let i = 0; i < 5; i++) {
      const next = page.body['@odata.nextLink'] as string;
      links.push(next);
      page = await session.graph(next, { prefer: 'odata.maxpagesize=1' });
      expect(page.status).toBe(200);
    }
    // Retrying the page just fetched is fine; going back past the retained generations is not.
    expect((await session.graph(links.at(-1)!, { prefer: 'odata.maxpagesize=1' })).status).toBe(200);
    const stale = await session.graph(links[0]!, { prefer: 'odata.maxpagesize=1' });
    expect(stale.status).toBe(410);
    expect(graphErrorOf(stale).code).toBe('SyncStateNotFound');
    expect(graphErrorOf(stale).message).toMatch(/^The sync state generation is not found; generation=\d+;\[highest=\d+\](\[\d+\]){3}\.$/);
  });

  it('3.5: a deltaLink replayed after later rounds moved on is refused the same way', async () => {
    const mailbox = busiestMailbox(session.sandbox);
    const first = await session.round(`/users/${mailbox}/mailFolders/sentitems/messages/delta?$select=subject`, { prefer: 'odata.maxpagesize=100' });
    let link = first.deltaLink;
    for (let i = 0; i < 3; i++) link = (await session.round(link)).deltaLink;
    const replay = await session.graph(first.deltaLink);
    expect(replay.status).toBe(410);
    expect(graphErrorOf(replay).code).toBe('SyncStateNotFound');
  });

  it('3.5: a bounded cache of streams: the least recently used stream is evicted and its token gets 410', async () => {
    const small = await openGraphSession({ seed: 2, deltaStreams: { maxStreams: 2 } });
    try {
      const mailbox = busiestMailbox(small.sandbox);
      const first = await small.round(inboxDelta(mailbox));
      await small.round(`/users/${mailbox}/mailFolders/sentitems/messages/delta`);
      await small.round(`/users/${mailbox}/mailFolders/archive/messages/delta`);
      expect((await small.graph(first.deltaLink)).status).toBe(410);
    } finally {
      await small.close();
    }
  });
});

describe('delta conformance (microsoft-graph.md 3.2: the 5,000 cap on a filtered round)', () => {
  it('3.2: with a receivedDateTime filter the round ends with a deltaLink after 5,000 items, newest first with $orderby=receivedDateTime desc and in no set order without; without a filter it does not', async () => {
    const mailbox = busiestMailbox(session.sandbox);
    const base = Date.parse('2025-01-01T00:00:00Z');
    const total = 5010;
    for (let i = 0; i < total; i++) {
      session.sandbox.addMessage(mailbox, 'Bulk import', { subject: `Bulk ${i}`, receivedDateTime: new Date(base + i * 60_000).toISOString().replace(/\.000Z$/, 'Z') });
    }
    const folders = values(await session.graph(`/users/${mailbox}/mailFolders?$top=50`));
    const bulk = folders.find((f) => f['displayName'] === 'Bulk import')!;
    const path = `/users/${mailbox}/mailFolders/${encodeURIComponent(bulk.id)}/messages/delta?$select=receivedDateTime`;
    const prefer = { prefer: 'odata.maxpagesize=1000' };

    const newest5000 = Array.from({ length: 5000 }, (_, i) => new Date(base + (total - 1 - i) * 60_000).toISOString().replace(/\.000Z$/, 'Z'));
    const filtered = await session.round(`${path}&$filter=receivedDateTime ge 2024-12-01T00:00:00Z&$orderby=receivedDateTime desc`, prefer);
    expect(filtered.items).toHaveLength(5000);
    const received = filtered.items.map((m: Message) => String(m['receivedDateTime']));
    expect(received).toEqual(newest5000);

    // Without $orderby the order is unspecified ("delta query for messages"): the cap keeps any 5,000.
    const unordered = await session.round(`${path}&$filter=receivedDateTime ge 2024-12-01T00:00:00Z`, prefer);
    expect(unordered.items).toHaveLength(5000);
    const kept = unordered.items.map((m: Message) => String(m['receivedDateTime']));
    expect(kept).not.toEqual(newest5000);
    expect(new Set(kept)).not.toEqual(new Set(newest5000));

    const unfiltered = await session.round(path, prefer);
    expect(unfiltered.items).toHaveLength(total);

    // The capped stream reports only later changes: the 10 oldest are never sent by it.
    session.sandbox.addMessage(mailbox, 'Bulk import', { subject: 'Late', receivedDateTime: '2025-02-01T00:00:00Z' });
    const later = await session.round(filtered.deltaLink, prefer);
    expect(later.items.map((m) => m['receivedDateTime'])).toEqual(['2025-02-01T00:00:00Z']);
  });
});
