import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const NOW = new Date('2024-05-05T12:00:00.000Z');

describe('MariaDbMailStore reads', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness({ clock: () => NOW });
    await h.store.upsertMailboxes([
      { address: 'alice@ours.example', displayName: 'Alice', graphUserId: 'u-alice', optedIn: true },
      { address: 'bob@ours.example', displayName: 'Bob', graphUserId: 'u-bob', optedIn: false },
    ]);
    const older = capturedEmail({ messageKey: 'older@x', sentAt: '2024-01-01T00:00:00.000Z', cc: [{ address: 'cc@customer.example', name: '' }] });
    const newer = capturedEmail({ messageKey: 'newer@x', sentAt: '2024-02-01T00:00:00.000Z' });
    const other = capturedEmail({ messageKey: 'other@x', sentAt: '2024-01-15T00:00:00.000Z', from: { address: 'ceo@other.example', name: 'CEO' } });
    await h.store.commitPage(page('alice@ours.example', [pageImport('a1', older, ['acc-1']), pageImport('a2', newer, ['acc-1'])]));
    await h.store.commitPage(page('bob@ours.example', [pageImport('b1', newer, ['acc-1']), pageImport('b2', other, ['acc-2'])]));
  });
  afterAll(async () => {
    await h.close();
  });

  it('gives every known mailbox a lease row, once, for the sync to lock', async () => {
    await h.store.upsertMailboxes([{ address: 'alice@ours.example', displayName: 'Alice', graphUserId: 'u-alice', optedIn: null }]);
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT mailbox, holder, expires_at FROM mailbox_leases ORDER BY mailbox');
    expect(rows).toEqual([
      { mailbox: 'alice@ours.example', holder: null, expires_at: null },
      { mailbox: 'bob@ours.example', holder: null, expires_at: null },
    ]);
  });

  it('lists emails newest first with recipients, accounts and every mailbox that saw them', async () => {
    const { items, total } = await h.store.listEmails({ limit: 10, offset: 0 });
    expect(total).toBe(3);
    expect(items.map((i) => i.internetMessageId)).toEqual(['newer@x', 'other@x', 'older@x']);
    expect(items[0]).toMatchObject({
      subject: 'Subject of newer@x',
      from: 'buyer@customer.example',
      to: ['seller@ours.example'],
      cc: [],
      sentAt: '2024-02-01T00:00:00.000Z',
      accountIds: ['acc-1'],
      opportunityId: null,
      assignedTo: 'alice@ours.example',
      mailboxes: ['alice@ours.example', 'bob@ours.example'],
    });
    expect(items[2]?.cc).toEqual(['cc@customer.example']);
  });

  it('filters by mailbox and by account, and pages with a stable total', async () => {
    const byBob = await h.store.listEmails({ mailbox: 'bob@ours.example', limit: 10, offset: 0 });
    expect(byBob.items.map((i) => i.internetMessageId)).toEqual(['newer@x', 'other@x']);
    const byAccount = await h.store.listEmails({ accountId: 'acc-2', limit: 10, offset: 0 });
    expect(byAccount).toMatchObject({ total: 1, items: [{ internetMessageId: 'other@x' }] });
    const both = await h.store.listEmails({ mailbox: 'alice@ours.example', accountId: 'acc-2', limit: 10, offset: 0 });
    expect(both).toEqual({ items: [], total: 0 });
    const second = await h.store.listEmails({ limit: 1, offset: 1 });
    expect(second.total).toBe(3);
    expect(second.items.map((i) => i.internetMessageId)).toEqual(['other@x']);
  });

  it('lists mailboxes with their state and imported count, and keeps the opt-in when an upsert leaves it open', async () => {
    await h.store.upsertMailboxes([
      { address: 'alice@ours.example', displayName: 'Alice A.', graphUserId: 'u-alice', optedIn: null },
      { address: 'carol@ours.example', displayName: 'Carol', graphUserId: 'u-carol', optedIn: null },
    ]);
    await h.store.setMailboxState('alice@ours.example', 'ok', null);
    await h.store.setMailboxState('bob@ours.example', 'error', 'mailbox not found');
    expect(await h.store.listMailboxes()).toEqual([
      // "newer" was stored from alice first: bob saw it too (already stored); the imported column sums to the 3 emails.
      { address: 'alice@ours.example', displayName: 'Alice A.', optedIn: true, state: 'ok', lastSuccessAt: NOW.toISOString(), lastError: null, imported: 2, alreadyStored: 0 },
      { address: 'bob@ours.example', displayName: 'Bob', optedIn: false, state: 'error', lastSuccessAt: null, lastError: 'mailbox not found', imported: 1, alreadyStored: 1 },
      { address: 'carol@ours.example', displayName: 'Carol', optedIn: false, state: 'never-synced', lastSuccessAt: null, lastError: null, imported: 0, alreadyStored: 0 },
    ]);
    expect(await h.store.mailboxRecords(['bob@ours.example', 'nobody@ours.example'])).toEqual([
      { address: 'bob@ours.example', displayName: 'Bob', graphUserId: 'u-bob', optedIn: false },
    ]);
  });

  it('summarises mailboxes as the listing does, without the counts and without reading the stored mail (issue 17: the sync cycle asks for this)', async () => {
    const listed = await h.store.listMailboxes();
    expect(await h.store.mailboxSummaries()).toEqual(listed.map(({ imported: _imported, alreadyStored: _alreadyStored, ...rest }) => rest));
    // The plan of the summaries' statement touches neither emails nor email_sightings: its cost does not grow with the mail.
    const statements: string[] = [];
    const storePool = (h.store as unknown as { pool: Pool }).pool; // the store's own pool (h.pool is a separate one)
    const query = storePool.query.bind(storePool);
    storePool.query = ((...args: Parameters<typeof query>) => {
      statements.push(String(args[0]));
      return query(...args);
    }) as typeof query;
    try {
      await h.store.mailboxSummaries();
    } finally {
      storePool.query = query;
    }
    expect(statements).toHaveLength(1);
    const [plan] = await h.pool.query<RowDataPacket[]>(`EXPLAIN FORMAT=JSON ${statements[0] ?? ''}`);
    const tables = [...String(Object.values(plan[0] ?? {})[0]).matchAll(/"table_name": "([^"]+)"/g)].map((m) => m[1]);
    expect(tables).not.toContain('emails');
    expect(tables).not.toContain('es');
    expect(tables).toEqual(expect.arrayContaining(['m', 'l']));
  });

  it('records sync cycles and returns the last one', async () => {
    expect(await h.store.lastCycle()).toBeNull();
    const none = { failed: [], held: [], outcome: 'all-synced' as const, decidedAtEnvelope: 0, decidedAtContent: 0, bytesReceived: 0 };
    await h.store.recordCycle({ mailboxes: 1, read: 5, imported: 1, skipped: { automated: 4 }, alreadyStored: 0, unchanged: 0, durationMs: 12, ...none }, new Date('2024-05-01T00:00:00Z'));
    await h.store.recordCycle({ mailboxes: 2, read: 9, imported: 3, skipped: {}, alreadyStored: 3, unchanged: 3, durationMs: 40, ...none }, new Date('2024-05-02T00:00:00Z'));
    expect(await h.store.lastCycle()).toEqual({
      cycle: { mailboxes: 2, read: 9, imported: 3, skipped: {}, alreadyStored: 3, unchanged: 3, durationMs: 40, ...none },
      finishedAt: '2024-05-02T00:00:00.000Z',
    });
  });

  it('replaces the CRM snapshot as a whole and reads it back', async () => {
    const first: CrmSnapshot = {
      accounts: [{ id: 'A-1', name: 'Acme GmbH', domains: ['acme.example', 'acme-group.example'] }],
      contacts: [{ id: 'C-1', email: 'anna@acme.example', accountId: 'A-1', name: 'Anna Ärger' }],
      leads: [{ id: 'L-1', email: 'lee@startup.example', company: 'Startup 🚀', name: 'Lee' }],
      opportunities: [
        { id: 'O-1', accountId: 'A-1', ownerUserId: 'U-1', stage: 'Proposal', isClosed: false, createdAt: '2024-01-10T09:00:00.000Z', closeDate: '2024-06-30', amount: 12500.5 },
      ],
      users: [{ id: 'U-1', email: 'alice@ours.example', name: 'Alice', signedUpAt: '2023-12-01T00:00:00.000Z', optedIn: true }],
    };
    await h.store.replaceCrm(first);
    expect(await h.store.loadCrm()).toEqual(first);

    // Case-sensitive CRM ids (Salesforce 15-character ids) stay distinct.
    const second: CrmSnapshot = {
      accounts: [
        { id: '001aa', name: 'Lower', domains: ['lower.example'] },
        { id: '001AA', name: 'Upper', domains: [] },
      ],
      contacts: [],
      leads: [],
      opportunities: [],
      users: [{ id: 'U-2', email: 'bob@ours.example', name: 'Bob', signedUpAt: null, optedIn: false }],
    };
    await h.store.replaceCrm(second);
    const loaded = await h.store.loadCrm();
    expect(loaded.accounts).toHaveLength(2);
    expect(new Set(loaded.accounts.map((a) => a.id))).toEqual(new Set(['001aa', '001AA']));
    expect(loaded).toMatchObject({ contacts: [], leads: [], opportunities: [], users: second.users });
  });

  it('refuses a snapshot with a duplicate id before touching the tables', async () => {
    const before = await h.store.loadCrm();
    const revision = await h.store.crmRevision();
    const broken: CrmSnapshot = { ...before, contacts: [{ id: 'C-1', email: 'a@x', accountId: null, name: '' }, { id: 'C-1', email: 'b@x', accountId: null, name: '' }] };
    await expect(h.store.replaceCrm(broken)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/duplicate id/) });
    expect(await h.store.loadCrm()).toEqual(before);
    expect(await h.store.crmRevision()).toBe(revision);
  });

  it('leaves the previous CRM snapshot and revision in place when a replacement fails half way', async () => {
    const before = await h.store.loadCrm();
    const revision = await h.store.crmRevision();
    // A real failure inside the transaction: the last table written refuses a row.
    await h.pool.query(
      "CREATE TRIGGER refuse_user BEFORE INSERT ON crm_users FOR EACH ROW BEGIN IF NEW.id = 'U-refused' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test'; END IF; END",
    );
    try {
      const next: CrmSnapshot = { ...before, accounts: [], users: [{ id: 'U-refused', email: 'x@ours.example', name: '', signedUpAt: null, optedIn: true }] };
      await expect(h.store.replaceCrm(next)).rejects.toThrow(/refused by test/);
    } finally {
      await h.pool.query('DROP TRIGGER refuse_user');
    }
    expect(await h.store.loadCrm()).toEqual(before);
    expect(await h.store.crmRevision()).toBe(revision);
  });

  it('bumps the CRM revision on every replacement, and when an ETL follows the documented contract', async () => {
    const start = await h.store.crmRevision();
    await h.store.replaceCrm(await h.store.loadCrm());
    expect(await h.store.crmRevision()).toBe(start + 1);
    await h.pool.query('UPDATE crm_revision SET revision = revision + 1, changed_at = CURRENT_TIMESTAMP(3) WHERE id = 1');
    expect(await h.store.crmRevision()).toBe(start + 2);
  });
});
