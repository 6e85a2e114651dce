import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageImport } from '../../../src-main/store/mail-store.js';
import { capturedEmail, page, pageImport, skipDecisions } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

/** Every order of a list (small lists only). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('MariaDbMailStore threads and engagement', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  async function threadKeys(prefix: string): Promise<Record<string, string>> {
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT message_key, thread_key FROM emails WHERE message_key LIKE ?', [`${prefix}%`]);
    return Object.fromEntries(rows.map((r) => [String(r['message_key']).slice(prefix.length), String(r['thread_key']).slice(prefix.length)]));
  }

  it('groups replies with their root in every arrival order, across pages and mailboxes', async () => {
    let run = 0;
    const results: Record<string, string>[] = [];
    for (const order of permutations(['root', 'reply', 'reply-to-reply', 'parent-only'])) {
      const p = `t${run}-`;
      run += 1;
      const emails: Record<string, PageImport> = {
        root: pageImport(`${p}g1`, capturedEmail({ messageKey: `${p}root@x` })),
        reply: pageImport(`${p}g2`, capturedEmail({ messageKey: `${p}reply@x`, inReplyTo: `<${p}root@x>`, references: [`<${p}root@x>`] })),
        // In-Reply-To only, pointing at a reply: joins the root's thread through it.
        'parent-only': pageImport(`${p}g3`, capturedEmail({ messageKey: `${p}parent-only@x`, inReplyTo: `<${p}reply@x>` })),
        'reply-to-reply': pageImport(
          `${p}g4`,
          capturedEmail({ messageKey: `${p}reply-to-reply@x`, inReplyTo: `<${p}reply@x>`, references: [`<${p}root@x>`, `<${p}reply@x>`] }),
        ),
      };
      for (const [i, name] of order.entries()) {
        await h.store.commitPage(page(i % 2 === 0 ? 'alice@ours.example' : 'bob@ours.example', [emails[name] as PageImport]));
      }
      results.push(await threadKeys(p));
    }
    for (const result of results) {
      expect(result).toEqual({ 'root@x': 'root@x', 'reply@x': 'root@x', 'reply-to-reply@x': 'root@x', 'parent-only@x': 'root@x' });
    }
  });

  it('settles a thread whose members arrive in one page, child first', async () => {
    await h.store.commitPage(
      page('alice@ours.example', [
        pageImport('p-g2', capturedEmail({ messageKey: 'p-child@x', inReplyTo: '<p-mid@x>' })),
        pageImport('p-g1', capturedEmail({ messageKey: 'p-mid@x', inReplyTo: '<p-top@x>' })),
        pageImport('p-g0', capturedEmail({ messageKey: 'p-top@x' })),
      ]),
    );
    expect(await threadKeys('p-')).toEqual({ 'child@x': 'top@x', 'mid@x': 'top@x', 'top@x': 'top@x' });
    const [[top]] = await h.pool.query<RowDataPacket[]>("SELECT id FROM emails WHERE message_key = 'p-child@x'");
    const { items } = await h.store.listEmails({ threadOf: Number(top?.['id']), limit: 10, offset: 0 });
    expect(items.map((i) => i.internetMessageId).sort()).toEqual(['p-child@x', 'p-mid@x', 'p-top@x']);
  });

  const header = {
    from: { address: 'buyer@customer.example', name: '' },
    to: [{ address: 'zoe@ours.example', name: '' }, { address: 'adam@ours.example', name: '' }],
    cc: [{ address: 'carl@ours.example', name: '' }],
  };

  it('assigns by mailbox to the same user whatever order the mailboxes import the email in', async () => {
    const mailboxes = ['carl@ours.example', 'adam@ours.example', 'zoe@ours.example', 'dora@ours.example'];
    const outcomes: string[] = [];
    let run = 0;
    for (const order of permutations(mailboxes)) {
      const key = `assign-${run}@customer.example`;
      run += 1;
      const email = capturedEmail({ messageKey: key, ...header });
      for (const mailbox of order) await h.store.commitPage(page(mailbox, [pageImport(`${key}-${mailbox}`, email)]));
      const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT assigned_to FROM emails WHERE message_key = ?', [key]);
      outcomes.push(String(row?.['assigned_to']));
    }
    expect(new Set(outcomes)).toEqual(new Set(['zoe@ours.example']));
  });

  it('assigns two workers importing one email at once as either order would', async () => {
    const other = await h.openStore();
    const emails = Array.from({ length: 10 }, (_, i) => capturedEmail({ messageKey: `both-${i}@customer.example`, ...header }));
    await Promise.all([
      h.store.commitPage(page('adam@ours.example', emails.map((e, i) => pageImport(`both-adam-${i}`, e)))),
      other.commitPage(page('zoe@ours.example', emails.map((e, i) => pageImport(`both-zoe-${i}`, e)))),
    ]);
    const [rows] = await h.pool.query<RowDataPacket[]>("SELECT DISTINCT assigned_to FROM emails WHERE message_key LIKE 'both-%'");
    expect(rows.map((r) => r['assigned_to'])).toEqual(['zoe@ours.example']);
  });

  it('keeps the opportunity and its participating owner, and links contacts and leads', async () => {
    const email = capturedEmail({ messageKey: 'owned@customer.example', ...header });
    const item: PageImport = {
      graphId: 'owned-1',
      email,
      match: { accountIds: ['A1'], contactIds: ['C1', 'C2'], leadIds: ['L1'] },
      engagement: { opportunityId: 'O-7', ownerAddress: 'carl@ours.example' },
    };
    await h.store.commitPage(page('zoe@ours.example', [item]));
    await h.store.commitPage(page('adam@ours.example', [{ ...item, graphId: 'owned-2' }]));
    const { items } = await h.store.listEmails({ mailbox: 'adam@ours.example', accountId: 'A1', limit: 50, offset: 0 });
    const stored = items.find((i) => i.internetMessageId === 'owned@customer.example');
    expect(stored).toMatchObject({ opportunityId: 'O-7', assignedTo: 'carl@ours.example', accountIds: ['A1'] });
    const [links] = await h.pool.query<RowDataPacket[]>(
      `SELECT 'contact' AS kind, contact_id AS id FROM email_contacts WHERE email_id = ? UNION ALL SELECT 'lead', lead_id FROM email_leads WHERE email_id = ? ORDER BY kind, id`,
      [stored?.id, stored?.id],
    );
    expect(links.map((l) => `${l['kind']}:${l['id']}`)).toEqual(['contact:C1', 'contact:C2', 'lead:L1']);
  });

  it('counts skipped mail by reason per mailbox', async () => {
    await h.store.commitPage(page('skips@ours.example', [], { decisions: skipDecisions('p1', { automated: 3, 'internal-only': 2 }) }));
    await h.store.commitPage(page('skips@ours.example', [], { decisions: skipDecisions('p2', { automated: 1 }) }));
    expect(await h.store.skipCounts('skips@ours.example')).toEqual({ automated: 4, 'internal-only': 2 });
  });
});
