import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { engagementHandlers } from '../../../src-main/app/handlers/engagement-handlers.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const crm: CrmSnapshot = {
  accounts: [
    { id: 'acc-1', name: 'Fabrikam Ltd', domains: ['customer.example'] },
    { id: 'acc-2', name: 'Northwind Traders', domains: ['northwind.example'] },
  ],
  contacts: [{ id: 'c-1', email: 'buyer@customer.example', accountId: 'acc-1', name: 'Bea Buyer' }],
  leads: [],
  opportunities: [
    { id: 'opp-1', accountId: 'acc-1', ownerUserId: 'u-1', stage: 'Proposal', isClosed: false, createdAt: '2024-01-01T00:00:00.000Z', closeDate: '2024-06-30', amount: 1000 },
    { id: 'opp-2', accountId: 'acc-1', ownerUserId: 'u-2', stage: 'Won', isClosed: true, createdAt: '2023-01-01T00:00:00.000Z', closeDate: '2023-06-30', amount: 10 },
  ],
  users: [
    { id: 'u-1', email: 'seller@ours.example', name: 'Sam Seller', signedUpAt: null, optedIn: true },
    { id: 'u-2', email: 'dora@ours.example', name: 'Dora Deals', signedUpAt: null, optedIn: true },
  ],
};

describe('engagement search, detail and reassignment on MariaDB', () => {
  let h: StoreHarness;
  let ids: Record<string, number>;
  let handlers: ReturnType<typeof engagementHandlers>;

  beforeAll(async () => {
    h = await createStoreHarness({ searchOutbox: true });
    await h.store.upsertMailboxes([{ address: 'seller@ours.example', displayName: 'Sam Seller', graphUserId: 'g-1', optedIn: true }]);
    await h.store.commitPage(
      page('seller@ours.example', [
        { ...pageImport('g1', capturedEmail({ messageKey: 'quote@x', subject: 'Quote for 100% of the widgets', bodyText: 'Price list attached' })), engagement: { opportunityId: 'opp-1', ownerAddress: 'seller@ours.example' } },
        pageImport('g2', capturedEmail({ messageKey: 'hello@x', subject: 'Hello', bodyText: 'Nice to meet you', from: { address: 'ann@sub.northwind.example', name: 'Ann' } }), ['acc-2']),
        pageImport('g3', capturedEmail({ messageKey: 'under@x', subject: 'Widgets_v2 and more', bodyText: 'no match here' })),
      ]),
    );
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT id, message_key FROM emails');
    ids = Object.fromEntries(rows.map((r) => [String(r['message_key']), Number(r['id'])]));
    await h.pool.query('DELETE FROM search_outbox');
    handlers = engagementHandlers({
      store: h.store,
      crm: { snapshot: () => crm, refreshIfChanged: async () => undefined },
      actor: () => ({ actor: 'headless:tester', source: 'headless' }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const keys = (items: { internetMessageId: string | null }[]) => items.map((i) => i.internetMessageId).sort();

  it('matches every word in subject or body, case-insensitively, and treats % and _ literally', async () => {
    expect(keys((await h.store.searchEmails({ text: 'quote PRICE', limit: 10, offset: 0 })).items)).toEqual(['quote@x']);
    expect(keys((await h.store.searchEmails({ text: '100%', limit: 10, offset: 0 })).items)).toEqual(['quote@x']);
    expect(keys((await h.store.searchEmails({ text: 'widgets_', limit: 10, offset: 0 })).items)).toEqual(['under@x']);
    expect((await h.store.searchEmails({ text: 'quote missing-word', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('finds by participant address, by domain including subdomains, by opportunity and by owner', async () => {
    expect(keys((await h.store.searchEmails({ participant: { domain: 'northwind.example' }, limit: 10, offset: 0 })).items)).toEqual(['hello@x']);
    expect(keys((await h.store.searchEmails({ participant: { address: 'buyer@customer.example' }, limit: 10, offset: 0 })).items)).toEqual(['quote@x', 'under@x']);
    expect(keys((await h.store.searchEmails({ opportunityIds: ['opp-1'], limit: 10, offset: 0 })).items)).toEqual(['quote@x']);
    expect((await h.store.searchEmails({ accountIds: [], limit: 10, offset: 0 })).total).toBe(0);
  });

  it('resolves account and owner names through the CRM in emails.search', async () => {
    const byName = await handlers['emails.search']({ account: 'northwind', limit: 10, offset: 0 });
    expect(byName.engine).toBe('mariadb');
    expect(keys(byName.items)).toEqual(['hello@x']);
    expect(keys((await handlers['emails.search']({ owner: 'sam', limit: 10, offset: 0 })).items)).toEqual(['hello@x', 'quote@x', 'under@x']);
    expect((await handlers['emails.search']({ account: 'no such account', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('shows everything captured with CRM names and why the owner was chosen', async () => {
    const detail = await handlers['emails.get']({ id: ids['quote@x']! });
    expect(detail).toMatchObject({
      subject: 'Quote for 100% of the widgets',
      bodyText: 'Price list attached',
      from: { address: 'buyer@customer.example', name: 'Bea Buyer' },
      to: [{ address: 'seller@ours.example', name: 'Sam Seller' }],
      accounts: [{ id: 'acc-1', name: 'Fabrikam Ltd' }],
      opportunity: { id: 'opp-1', known: true, accountName: 'Fabrikam Ltd', ownerEmail: 'seller@ours.example' },
      assignedTo: 'seller@ours.example',
      assignedBy: 'opportunity-owner',
      firstMailbox: 'seller@ours.example',
      reassignments: [],
    });
    expect(detail.sightings.map((s) => s.mailbox)).toEqual(['seller@ours.example']);
    expect(detail.assignmentExplanation).toContain('opp-1');
    const byMailbox = await handlers['emails.get']({ id: ids['hello@x']! });
    expect(byMailbox.assignedBy).toBe('mailbox');
    expect(byMailbox.assignmentExplanation).toContain('mailbox');
    await expect(handlers['emails.get']({ id: 999_999 })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('offers the accounts opportunities, open first, and every CRM user and mailbox as owners', async () => {
    const options = await handlers['emails.reassignOptions']({ id: ids['quote@x']! });
    expect(options.opportunities.map((o) => o.id)).toEqual(['opp-1', 'opp-2']);
    expect(options.owners.map((o) => o.address)).toEqual(['dora@ours.example', 'seller@ours.example']);
  });

  it('reassigns, pins the owner against later sightings, queues search and records who and when', async () => {
    const id = ids['under@x']!;
    const updated = await handlers['emails.reassign']({ id, opportunityId: 'opp-2', assignedTo: 'dora@ours.example' });
    expect(updated).toMatchObject({ opportunity: { id: 'opp-2' }, assignedTo: 'dora@ours.example', assignedBy: 'admin' });
    expect(updated.reassignments).toEqual([
      expect.objectContaining({ actor: 'headless:tester', opportunityBefore: null, opportunityAfter: 'opp-2', assignedToBefore: 'seller@ours.example', assignedToAfter: 'dora@ours.example' }),
    ]);
    expect(updated.assignmentExplanation).toContain('headless:tester');
    const [audit] = await h.pool.query<RowDataPacket[]>("SELECT actor, source, action FROM audit_log WHERE action = 'emails.reassign'");
    expect(audit).toEqual([expect.objectContaining({ actor: 'headless:tester', source: 'headless', action: 'emails.reassign' })]);
    const [outbox] = await h.pool.query<RowDataPacket[]>('SELECT email_id FROM search_outbox');
    expect(outbox.map((r) => Number(r['email_id']))).toEqual([id]);

    // A new sighting re-applies the mailbox rule to mailbox-assigned emails only: this one stays Dora's.
    await h.store.commitPage(page('zed@ours.example', [pageImport('g9', capturedEmail({ messageKey: 'under@x', subject: 'Widgets_v2 and more', bodyText: 'no match here' }))]));
    expect((await handlers['emails.get']({ id })).assignedTo).toBe('dora@ours.example');
  });

  it('refuses an opportunity or owner that does not exist, and changes nothing', async () => {
    const id = ids['hello@x']!;
    await expect(handlers['emails.reassign']({ id, opportunityId: 'opp-404' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(handlers['emails.reassign']({ id, assignedTo: 'stranger@else.example' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(handlers['emails.reassign']({ id: 999_999, assignedTo: 'dora@ours.example' })).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await handlers['emails.get']({ id })).reassignments).toEqual([]);
  });
});
