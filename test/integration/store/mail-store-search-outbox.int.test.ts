import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchChange } from '../../../src-main/store/mail-store.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

describe('MariaDbMailStore search outbox', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness({ searchOutbox: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('queues new emails and new sightings in the page transaction, and nothing when the page rolls back', async () => {
    await h.store.commitPage(page('alice@ours.example', [pageImport('o1', capturedEmail({ messageKey: 'o1@x' }))]));
    expect(await h.store.searchBacklog()).toBe(1);
    await h.store.commitPage(page('bob@ours.example', [pageImport('o1b', capturedEmail({ messageKey: 'o1@x' }))]));
    expect(await h.store.searchBacklog()).toBe(2);
    await h.store.commitPage(page('bob@ours.example', [pageImport('o1b', capturedEmail({ messageKey: 'o1@x' }))]));
    expect(await h.store.searchBacklog()).toBe(2); // nothing changed, nothing queued

    await h.pool.query(
      "CREATE TRIGGER refuse_cursor BEFORE INSERT ON folder_cursors FOR EACH ROW BEGIN IF NEW.mailbox = 'erin@ours.example' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'; END IF; END",
    );
    try {
      await expect(h.store.commitPage(page('erin@ours.example', [pageImport('o2', capturedEmail({ messageKey: 'o2@x' }))]))).rejects.toThrow(/refused/);
    } finally {
      await h.pool.query('DROP TRIGGER refuse_cursor');
    }
    expect(await h.store.searchBacklog()).toBe(2);
  });

  it('sends each queued email once with its current document, and deletes rows only when acknowledged', async () => {
    const batches: SearchChange[][] = [];
    await expect(
      h.store.drainSearchOutbox(100, async () => {
        throw new Error('connect ECONNREFUSED');
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(await h.store.searchBacklog()).toBe(2);

    const outcome = await h.store.drainSearchOutbox(100, async (changes) => {
      batches.push(changes);
      return new Map();
    });
    expect(outcome).toEqual({ busy: false, sent: 1, failed: 0 });
    expect(batches).toHaveLength(1);
    expect(batches[0]?.[0]?.document).toMatchObject({
      messageKey: 'o1@x',
      subject: 'Subject of o1@x',
      body: 'Hello',
      from: { address: 'buyer@customer.example', name: 'Bea Buyer', domain: 'customer.example' },
      to: ['seller@ours.example'],
      participants: ['buyer@customer.example', 'seller@ours.example'],
      domains: ['customer.example', 'ours.example'],
      mailboxes: ['alice@ours.example', 'bob@ours.example'],
      accountIds: ['acc-1'],
      sentAt: '2024-03-01T10:00:00.000Z',
    });
    expect(await h.store.searchBacklog()).toBe(0);
  });

  it('turns a queued email that no longer exists into a delete, and retries rejected emails later', async () => {
    await h.store.commitPage(page('alice@ours.example', [pageImport('o3', capturedEmail({ messageKey: 'o3@x' })), pageImport('o4', capturedEmail({ messageKey: 'o4@x' }))]));
    await h.store.purge({ kind: 'contact', address: 'buyer@customer.example' }, { actor: 't', source: 'test' });
    const seen: SearchChange[] = [];
    const outcome = await h.store.drainSearchOutbox(100, async (changes) => {
      seen.push(...changes);
      const first = changes[0];
      return new Map(first ? [[first.emailId, 'mapper_parsing_exception']] : []);
    });
    expect(seen.every((c) => c.document === null)).toBe(true);
    expect(outcome).toMatchObject({ failed: 1 });
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT attempts, last_error, next_attempt_at > NOW(3) AS later FROM search_outbox');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ attempts: 1, last_error: 'mapper_parsing_exception', later: 1 });
    // Not due yet: the next drain leaves it alone.
    expect(await h.store.drainSearchOutbox(100, async () => new Map())).toEqual({ busy: false, sent: 0, failed: 0 });
  });

  it('lets only one instance drain at a time', async () => {
    await h.store.commitPage(page('alice@ours.example', [pageImport('o5', capturedEmail({ messageKey: 'o5@x', from: { address: 'x@customer.example', name: '' } }))]));
    const other = await h.openStore({ searchOutbox: true });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const first = h.store.drainSearchOutbox(100, async () => {
      entered();
      await held;
      return new Map();
    });
    await inside;
    expect(await other.drainSearchOutbox(100, async () => new Map())).toEqual({ busy: true, sent: 0, failed: 0 });
    release();
    expect((await first).sent).toBe(1);
  });

  it('writes no outbox rows when Elasticsearch is not configured', async () => {
    const plain = await h.openStore({ searchOutbox: false });
    const before = await h.store.searchBacklog();
    await plain.commitPage(page('zed@ours.example', [pageImport('o6', capturedEmail({ messageKey: 'o6@x' }))]));
    expect(await h.store.searchBacklog()).toBe(before);
  });
});
