/**
 * The HubSpot connector against the simulated portal over HTTPS: a full read equals the seeded
 * directory; an incremental read brings exactly the changes (upserts, archived records as
 * deletions, a contact turning lead) and nothing twice; the search API's 10,000-result ceiling is
 * worked past; rate limits are waited out as the headers say; a revoked token is 'crm-auth'; bad
 * records are rejections. Ground truth is the seeded snapshot and the mutations the test makes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { startHubspotSimulator, type HubspotSimulator } from '@correspondent/crm-sandbox/hubspot/index.js';
import { createHubspotConnector } from '../../../../src-main/crm/connectors/hubspot/index.js';
import { CrmCursorExpiredError, type CrmConnector } from '../../../../src-main/crm/connectors/crm-connector.js';
import { crmFixture, manualClock, simulatorTls, trustingDispatcher, type ManualClock } from '../../../support/crm-connector-fixture.js';

const SIZE = { accounts: 40, contacts: 120, leads: 30, opportunities: 60, users: 6 };

let sim: HubspotSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(snapshot: CrmSnapshot = crmFixture(SIZE), rateLimit = {}): Promise<{ sim: HubspotSimulator; clock: ManualClock; connector: CrmConnector }> {
  const clock = manualClock();
  sim = await startHubspotSimulator({ snapshot, tls: simulatorTls(), clock: clock.now, rateLimit });
  const connector = createHubspotConnector(
    { baseUrl: sim.baseUrl, accessToken: sim.accessToken },
    { dispatcher: trustingDispatcher(), sleep: clock.sleep, now: clock.now },
  );
  return { sim, clock, connector };
}

const sortedEmails = (rows: { email: string }[]) => rows.map((r) => r.email).sort();

describe('HubSpot connector: full read', () => {
  it('yields the seeded directory: every account, contact, lead, deal and owner, with associations and stages', async () => {
    const snapshot = crmFixture(SIZE);
    const { sim: portal, connector } = await setup(snapshot);
    const read = await connector.readAll();
    expect(read.snapshot.accounts).toHaveLength(SIZE.accounts);
    expect(read.snapshot.contacts).toHaveLength(SIZE.contacts);
    expect(read.snapshot.leads).toHaveLength(SIZE.leads);
    expect(read.snapshot.opportunities).toHaveLength(SIZE.opportunities);
    expect(read.snapshot.users).toHaveLength(SIZE.users);
    expect(read.rejected).toEqual([]);
    expect(sortedEmails(read.snapshot.contacts)).toEqual(sortedEmails(snapshot.contacts));
    expect(sortedEmails(read.snapshot.leads)).toEqual(sortedEmails(snapshot.leads));
    expect(sortedEmails(read.snapshot.users)).toEqual(sortedEmails(snapshot.users));
    // Accounts keep every domain (domain + hs_additional_domains), associations resolve to the right company.
    const accountByName = new Map(read.snapshot.accounts.map((a) => [a.name, a]));
    for (const account of snapshot.accounts) expect(accountByName.get(account.name)?.domains).toEqual(account.domains);
    const nameOfAccount = new Map(read.snapshot.accounts.map((a) => [a.id, a.name]));
    const seededAccountName = new Map(snapshot.accounts.map((a) => [a.id, a.name]));
    for (const contact of snapshot.contacts) {
      const got = read.snapshot.contacts.find((c) => c.email === contact.email)!;
      expect(got.accountId === null ? null : nameOfAccount.get(got.accountId)).toBe(contact.accountId === null ? null : seededAccountName.get(contact.accountId));
    }
    const emailOfUser = new Map(read.snapshot.users.map((u) => [u.id, u.email]));
    const seededUserEmail = new Map(snapshot.users.map((u) => [u.id, u.email]));
    for (const opportunity of snapshot.opportunities) {
      const got = read.snapshot.opportunities.find((o) => o.id === portal.idOf('opportunities', opportunity.id))!;
      expect(emailOfUser.get(got.ownerUserId)).toBe(seededUserEmail.get(opportunity.ownerUserId));
      expect(nameOfAccount.get(got.accountId)).toBe(seededAccountName.get(opportunity.accountId));
      expect([got.stage, got.isClosed, got.createdAt, got.closeDate, got.amount]).toEqual([
        opportunity.stage,
        opportunity.isClosed,
        opportunity.createdAt,
        opportunity.closeDate,
        opportunity.amount,
      ]);
    }
    // Paged at 100 per list page: 120 contacts + 30 leads = 150 contacts -> 2 pages.
    const contactPages = portal.requestLog().filter((e) => e.method === 'GET' && e.path.startsWith('/crm/v3/objects/contacts?') && !e.path.includes('archived=true'));
    expect(contactPages).toHaveLength(2);
    expect(read.requests).toBe(portal.requestCount());
  });

  it('reports malformed records and records without an email as rejections and keeps the rest', async () => {
    const { sim: portal, connector } = await setup();
    portal.updateRecord('contacts', portal.idOf('contacts', 'c-1'), { email: 'not an address' });
    portal.updateRecord('contacts', portal.idOf('contacts', 'c-2'), { email: null });
    portal.updateRecord('deals', portal.idOf('opportunities', 'o-3'), { amount: 'twelve' });
    portal.updateRecord('deals', portal.idOf('opportunities', 'o-4'), { closedate: 'soon' });
    const read = await connector.readAll();
    expect(read.snapshot.contacts).toHaveLength(SIZE.contacts - 2);
    expect(read.snapshot.opportunities).toHaveLength(SIZE.opportunities - 2);
    expect(read.rejected.map((r) => [r.object, r.id, r.reason]).sort()).toEqual(
      [
        ['contact', portal.idOf('contacts', 'c-1'), 'email is not a valid address'],
        ['contact', portal.idOf('contacts', 'c-2'), 'no email address'],
        ['deal', portal.idOf('opportunities', 'o-3'), 'amount is not a number'],
        ['deal', portal.idOf('opportunities', 'o-4'), 'closedate is not a date'],
      ].sort(),
    );
  });
});

describe('HubSpot connector: incremental read', () => {
  it('brings exactly the changes since the cursor, deletions included, and nothing twice', async () => {
    const { sim: portal, clock, connector } = await setup();
    const full = await connector.readAll();
    clock.advance(60_000);
    const renamed = ['c-5', 'c-6', 'c-7'].map((id) => portal.idOf('contacts', id));
    for (const id of renamed) portal.updateRecord('contacts', id, { firstname: 'Renamed' });
    const company = portal.idOf('accounts', 'a-2');
    const added = portal.createRecord('contacts', { email: 'new.person@account2.example', firstname: 'New', lastname: 'Person', lifecyclestage: 'customer' }, company);
    const newLead = portal.createRecord('contacts', { email: 'fresh@lead.example', firstname: 'Fresh', lifecyclestage: 'lead', company: 'Fresh Ltd' });
    const demoted = portal.idOf('contacts', 'c-8');
    portal.updateRecord('contacts', demoted, { lifecyclestage: 'lead', company: 'Was a contact' });
    const deal = portal.idOf('opportunities', 'o-0');
    const newOwner = portal.idOf('users', 'u-5');
    portal.updateRecord('deals', deal, { dealstage: 'closedwon', hubspot_owner_id: newOwner });
    clock.advance(1000);
    const archivedCompany = portal.idOf('accounts', 'a-39');
    portal.archiveRecord('companies', archivedCompany);
    const archivedDeal = portal.idOf('opportunities', 'o-59');
    portal.archiveRecord('deals', archivedDeal);

    const inc = await connector.readChangesSince(full.cursor);
    // Counts first: exactly the changed records arrived.
    expect(inc.changes.contacts.upserted.map((c) => c.id).sort()).toEqual([...renamed, added].sort());
    expect(inc.changes.leads.upserted.map((l) => l.id).sort()).toEqual([newLead, demoted].sort());
    expect(inc.changes.opportunities.upserted.map((o) => o.id)).toEqual([deal]);
    expect(inc.changes.accounts.upserted).toEqual([]);
    expect(inc.changes.users.upserted).toEqual([]);
    // Then what they hold.
    expect(inc.changes.contacts.upserted.find((c) => c.id === renamed[0])?.name).toBe('Renamed 5');
    expect(inc.changes.contacts.upserted.find((c) => c.id === added)).toEqual({ id: added, email: 'new.person@account2.example', accountId: company, name: 'New Person' });
    expect(inc.changes.leads.upserted.find((l) => l.id === demoted)?.company).toBe('Was a contact');
    expect(inc.changes.opportunities.upserted[0]).toMatchObject({ id: deal, ownerUserId: newOwner, stage: 'Closed Won', isClosed: true, accountId: portal.idOf('accounts', 'a-0') });
    expect(inc.changes.accounts.deleted).toEqual([archivedCompany]);
    expect(inc.changes.opportunities.deleted).toEqual([archivedDeal]);
    expect(inc.changes.contacts.deleted).toContain(demoted); // it moved to the leads table
    // No duplicates within the change set, and a second read with no change brings nothing.
    for (const table of ['accounts', 'contacts', 'leads', 'opportunities', 'users'] as const) {
      const ids = inc.changes[table].upserted.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const again = await connector.readChangesSince(inc.cursor);
    for (const table of ['accounts', 'contacts', 'leads', 'opportunities', 'users'] as const) {
      expect(again.changes[table].upserted).toEqual([]);
      expect(again.changes[table].deleted).toEqual([]);
    }
    // Incremental reads use the search API, never the full contact list.
    const log = portal.requestLog();
    expect(log.some((e) => e.method === 'POST' && e.path === '/crm/v3/objects/contacts/search')).toBe(true);
  });

  it('reads again next time a record that changed while the full read was paging', async () => {
    const clock = manualClock();
    let changed: string | null = null;
    sim = await startHubspotSimulator({
      snapshot: crmFixture(SIZE),
      tls: simulatorTls(),
      clock: clock.now,
      onRequest: (method, path) => {
        // As the second page of contacts is asked for, a contact of the first page changes, then one
        // of the second page: the newest time this read sees is later than the first change.
        if (changed === null && method === 'GET' && path.startsWith('/crm/v3/objects/contacts?') && path.includes('after=')) {
          clock.advance(5);
          changed = sim!.idOf('contacts', 'c-0');
          sim!.updateRecord('contacts', changed, { firstname: 'During' });
          clock.advance(1);
          sim!.updateRecord('contacts', sim!.idOf('leads', 'l-29'), { firstname: 'Later' });
        }
      },
    });
    const connector = createHubspotConnector({ baseUrl: sim.baseUrl, accessToken: sim.accessToken }, { dispatcher: trustingDispatcher(), sleep: clock.sleep, now: clock.now });
    const full = await connector.readAll();
    expect(full.snapshot.contacts.find((c) => c.id === changed)?.name).toBe('Person 0');
    const inc = await connector.readChangesSince(full.cursor);
    expect(inc.changes.contacts.upserted).toEqual([expect.objectContaining({ id: changed, name: 'During 0' })]);
    expect(inc.changes.leads.upserted.map((l) => l.name)).toEqual(['Later 29']); // read twice: harmless, never lost
  });

  it('works past the search API ceiling of 10,000 results by searching again from the last time seen', async () => {
    const snapshot = crmFixture({ accounts: 5, contacts: 10_150, leads: 0, opportunities: 5, users: 2 });
    const { sim: portal, clock, connector } = await setup(snapshot);
    const full = await connector.readAll();
    expect(full.snapshot.contacts).toHaveLength(10_150);
    const changedIds: string[] = [];
    for (let i = 0; i < 10_100; i++) {
      clock.advance(1);
      const id = portal.idOf('contacts', `c-${i}`);
      portal.updateRecord('contacts', id, { lastname: `Changed ${i}` });
      changedIds.push(id);
    }
    const inc = await connector.readChangesSince(full.cursor);
    const got = inc.changes.contacts.upserted.map((c) => c.id);
    expect(got).toHaveLength(10_100);
    expect(new Set(got)).toEqual(new Set(changedIds));
    const searches = portal.requestLog().filter((e) => e.path === '/crm/v3/objects/contacts/search');
    expect(searches.every((e) => e.status === 200)).toBe(true);
    expect(searches.length).toBeGreaterThan(10_000 / 200); // a second query past the first 10,000
  }, 120_000);

  it('falls back (CrmCursorExpiredError) when the cursor is not one it wrote', async () => {
    const { connector } = await setup();
    await expect(connector.readChangesSince('{"v":9}')).rejects.toBeInstanceOf(CrmCursorExpiredError);
    await expect(connector.readChangesSince('not json')).rejects.toBeInstanceOf(CrmCursorExpiredError);
  });
});

describe('HubSpot connector: limits and credentials', () => {
  it('waits out 429s for as long as the rate-limit headers say, then completes', async () => {
    const { sim: portal, clock, connector } = await setup();
    portal.throttleNext(2);
    const read = await connector.readAll();
    expect(read.snapshot.contacts).toHaveLength(SIZE.contacts);
    expect(clock.slept).toEqual([10_000, 10_000]); // X-HubSpot-RateLimit-Interval-Milliseconds
    expect(portal.requestLog().filter((e) => e.status === 429)).toHaveLength(2);
  });

  it('is held to an enforced ten-second window and still reads everything', async () => {
    const { sim: portal, clock, connector } = await setup(crmFixture(SIZE), { enforce: true, max: 5, intervalMs: 10_000 });
    const read = await connector.readAll();
    expect(read.snapshot.contacts).toHaveLength(SIZE.contacts);
    expect(clock.slept.length).toBeGreaterThan(0);
    expect(portal.requestLog().filter((e) => e.status === 429).length).toBe(clock.slept.length);
  });

  it('gives up at once with crm-limit when the daily budget is spent', async () => {
    const { sim: portal, clock, connector } = await setup();
    portal.throttleNext(50, 'DAILY');
    await expect(connector.readAll()).rejects.toMatchObject({ name: 'AppError', code: 'crm-limit' });
    expect(clock.slept).toEqual([]);
  });

  it('names a revoked or rotated token crm-auth, for a read and for the connection test', async () => {
    const { sim: portal, connector } = await setup();
    await connector.testConnection();
    portal.rotateToken();
    await expect(connector.testConnection()).rejects.toMatchObject({ name: 'AppError', code: 'crm-auth' });
    portal.revokeToken();
    const error = await connector.readAll().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AppError', code: 'crm-auth' });
    expect(String((error as Error).message)).not.toContain(portal.accessToken);
  });

  it('refuses invalid settings with invalid-input naming the field', () => {
    expect(() => createHubspotConnector({ baseUrl: 'http://api.hubapi.com', accessToken: '' })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});
