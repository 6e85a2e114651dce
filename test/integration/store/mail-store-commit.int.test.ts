import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

describe('MariaDbMailStore.commitPage', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  async function count(sql: string, params: unknown[]): Promise<number> {
    const [[row]] = await h.pool.query<RowDataPacket[]>(sql, params);
    return Number(row?.['n']);
  }
  const emailsWithKey = (key: string) => count('SELECT COUNT(*) AS n FROM emails WHERE message_key = ?', [key]);

  it('stores a message seen in two mailboxes once, with a sighting per mailbox', async () => {
    const email = capturedEmail({
      messageKey: 'dedup@customer.example',
      cc: [{ address: 'boss@customer.example', name: 'Boss' }],
    });
    const first = await h.store.commitPage(page('alice@ours.example', [pageImport('g-alice-1', email, ['acc-1', 'acc-2'])]));
    const second = await h.store.commitPage(page('bob@ours.example', [pageImport('g-bob-1', email, ['acc-1', 'acc-2'])]));

    expect(first).toEqual({ inserted: 1, sightings: 0, skipped: {}, unchanged: 0 });
    expect(second).toEqual({ inserted: 0, sightings: 1, skipped: {}, unchanged: 0 });
    expect(await emailsWithKey('dedup@customer.example')).toBe(1);
    const [[row]] = await h.pool.query<RowDataPacket[]>(
      'SELECT id, first_mailbox, assigned_to FROM emails WHERE message_key = ?',
      ['dedup@customer.example'],
    );
    expect(row).toMatchObject({ first_mailbox: 'alice@ours.example', assigned_to: 'alice@ours.example' });
    const id = row?.['id'];
    expect(await count('SELECT COUNT(*) AS n FROM email_participants WHERE email_id = ?', [id])).toBe(3);
    expect(await count('SELECT COUNT(*) AS n FROM email_accounts WHERE email_id = ?', [id])).toBe(2);
    const [sightings] = await h.pool.query<RowDataPacket[]>('SELECT mailbox, graph_id FROM email_sightings WHERE email_id = ? ORDER BY mailbox', [id]);
    expect(sightings.map((s) => [s['mailbox'], s['graph_id']])).toEqual([
      ['alice@ours.example', 'g-alice-1'],
      ['bob@ours.example', 'g-bob-1'],
    ]);
  });

  it('changes nothing when the same page is committed twice, and saves the cursor', async () => {
    const input = page(
      'carol@ours.example',
      [
        pageImport('g-carol-1', capturedEmail({ messageKey: 'repeat-1@customer.example' })),
        pageImport('g-carol-2', capturedEmail({ messageKey: 'repeat-2@customer.example' })),
      ],
      { nextCursor: 'https://graph.example/delta?$deltatoken=abc', roundComplete: true },
    );
    expect(await h.store.commitPage(input)).toEqual({ inserted: 2, sightings: 0, skipped: {}, unchanged: 0 });
    const snapshot = async () =>
      Promise.all([
        count("SELECT COUNT(*) AS n FROM emails WHERE message_key LIKE 'repeat-%'", []),
        count("SELECT COUNT(*) AS n FROM email_participants p JOIN emails e ON e.id = p.email_id WHERE e.message_key LIKE 'repeat-%'", []),
        count("SELECT COUNT(*) AS n FROM email_sightings WHERE mailbox = 'carol@ours.example'", []),
        count("SELECT COUNT(*) AS n FROM folder_cursors WHERE mailbox = 'carol@ours.example'", []),
      ]);
    const before = await snapshot();
    expect(await h.store.commitPage(input)).toEqual({ inserted: 0, sightings: 0, skipped: {}, unchanged: 0 });
    expect(await snapshot()).toEqual(before);
    expect(before).toEqual([2, 4, 2, 1]);
    expect(await h.store.getFolderCursor('carol@ours.example', 'AAMkInbox')).toBe('https://graph.example/delta?$deltatoken=abc');
    expect(await h.store.getFolderCursor('carol@ours.example', 'aamkinbox')).toBeNull();
  });

  it('counts a second copy of a message within one page as a sighting, not a second email', async () => {
    const email = capturedEmail({ messageKey: 'copy@customer.example' });
    const result = await h.store.commitPage(page('dave@ours.example', [pageImport('g-dave-1', email), pageImport('g-dave-2', email)]));
    expect(result).toEqual({ inserted: 1, sightings: 1, skipped: {}, unchanged: 0 });
    expect(await emailsWithKey('copy@customer.example')).toBe(1);
  });

  it('rolls back the emails when a later statement of the page fails, and leaves the cursor where it was', async () => {
    await h.store.commitPage(page('erin@ours.example', [], { nextCursor: 'cursor-before' }));
    // A real failure inside the transaction: the cursor upsert, the page's last statement, is refused.
    await h.pool.query(
      "CREATE TRIGGER refuse_erin_cursor BEFORE UPDATE ON folder_cursors FOR EACH ROW BEGIN IF NEW.mailbox = 'erin@ours.example' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'; END IF; END",
    );
    try {
      const input = page('erin@ours.example', [pageImport('g-erin-1', capturedEmail({ messageKey: 'rolled-back@customer.example' }))], {
        nextCursor: 'cursor-after',
      });
      await expect(h.store.commitPage(input)).rejects.toThrow(/refused by test/);
    } finally {
      await h.pool.query('DROP TRIGGER refuse_erin_cursor');
    }
    expect(await emailsWithKey('rolled-back@customer.example')).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM email_sightings WHERE mailbox = 'erin@ours.example'", [])).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM email_participants WHERE address = 'buyer@customer.example' AND email_id NOT IN (SELECT id FROM emails)", [])).toBe(0);
    expect(await h.store.getFolderCursor('erin@ours.example', 'AAMkInbox')).toBe('cursor-before');
  });

  it('creates one row when two workers commit the same message at the same moment', async () => {
    const other = await h.openStore();
    const emails = Array.from({ length: 20 }, (_, i) => capturedEmail({ messageKey: `race-${i}@customer.example` }));
    const [a, b] = await Promise.all([
      h.store.commitPage(page('frank@ours.example', emails.map((e, i) => pageImport(`g-frank-${i}`, e)))),
      other.commitPage(page('grace@ours.example', [...emails].reverse().map((e, i) => pageImport(`g-grace-${i}`, e)))),
    ]);
    expect(a.inserted + b.inserted).toBe(20);
    expect(a.sightings + b.sightings).toBe(20);
    expect(await count("SELECT COUNT(*) AS n FROM emails WHERE message_key LIKE 'race-%'", [])).toBe(20);
    expect(
      await count("SELECT COUNT(*) AS n FROM email_participants p JOIN emails e ON e.id = p.email_id WHERE e.message_key LIKE 'race-%'", []),
    ).toBe(40);
    expect(await count("SELECT COUNT(*) AS n FROM email_sightings WHERE mailbox IN ('frank@ours.example', 'grace@ours.example')", [])).toBe(40);
  });

  it('keeps emoji and CJK text intact', async () => {
    const subject = 'Angebot 🚀 für 東京オフィス — 견적서 ✅';
    const body = '你好,\n请查收报价单 📎。\nMit freundlichen Grüßen 👋';
    await h.store.commitPage(
      page('heidi@ours.example', [
        pageImport(
          'g-heidi-1',
          capturedEmail({
            messageKey: 'utf8@customer.example',
            subject,
            bodyText: body,
            from: { address: 'buyer@customer.example', name: '山田 太郎 🎌' },
            references: ['<ref-😀@x>'],
          }),
        ),
      ]),
    );
    const [[row]] = await h.pool.query<RowDataPacket[]>(
      'SELECT subject, body_text, from_name, references_json FROM emails WHERE message_key = ?',
      ['utf8@customer.example'],
    );
    expect(row).toMatchObject({ subject, body_text: body, from_name: '山田 太郎 🎌' });
    const references: unknown = row?.['references_json'];
    expect(typeof references === 'string' ? JSON.parse(references) : references).toEqual(['<ref-😀@x>']);
    const { items } = await h.store.listEmails({ mailbox: 'heidi@ours.example', limit: 10, offset: 0 });
    expect(items[0]?.subject).toBe(subject);
  });

  it('stores sent_at with milliseconds as a UTC instant', async () => {
    await h.store.commitPage(
      page('ivan@ours.example', [pageImport('g-ivan-1', capturedEmail({ messageKey: 'time@customer.example', sentAt: '2024-07-01T23:59:58.123Z' }))]),
    );
    const { items } = await h.store.listEmails({ mailbox: 'ivan@ours.example', limit: 10, offset: 0 });
    expect(items[0]?.sentAt).toBe('2024-07-01T23:59:58.123Z');
  });
});
