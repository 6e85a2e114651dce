/**
 * The Dynamics 365 connector against the simulated Entra ID + Dataverse Web API over HTTPS: a
 * full read equals the seeded directory; change tracking brings exactly the changes (deletions as
 * $deletedEntity, a qualified lead leaving the leads table) and nothing twice; paging follows
 * nextLinks with the page size preference on every page; an expired delta token falls back; 429s
 * are waited out for Retry-After; an expired access token is renewed; a revoked secret is
 * 'crm-auth'; malformed rows are rejections. Ground truth: the seeded snapshot and the test's edits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { startDataverseSimulator, type DataverseSimulator } from '@correspondent/crm-sandbox/dataverse/index.js';
import { createDynamicsConnector } from '../../../../src-main/crm/connectors/dynamics/index.js';
import { CrmCursorExpiredError, type CrmConnector } from '../../../../src-main/crm/connectors/crm-connector.js';
import { crmFixture, manualClock, simulatorTls, trustingDispatcher, type ManualClock } from '../../../support/crm-connector-fixture.js';

const SIZE = { accounts: 40, contacts: 120, leads: 30, opportunities: 60, users: 6 };
const TABLES = ['accounts', 'contacts', 'leads', 'opportunities', 'users'] as const;

let sim: DataverseSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: { snapshot?: CrmSnapshot; pageSize?: number; secret?: string } = {}): Promise<{ sim: DataverseSimulator; clock: ManualClock; connector: CrmConnector }> {
  const clock = manualClock();
  sim = await startDataverseSimulator({ snapshot: options.snapshot ?? crmFixture(SIZE), tls: simulatorTls(), clock: clock.now });
  const connector = createDynamicsConnector(
    {
      environmentUrl: sim.environmentUrl,
      authorityHost: sim.authorityHost,
      tenantId: sim.tenantId,
      clientId: sim.clientId,
      clientSecret: options.secret ?? sim.clientSecret,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    },
    { dispatcher: trustingDispatcher(), sleep: clock.sleep, now: clock.now },
  );
  return { sim, clock, connector };
}

const sortedEmails = (rows: { email: string }[]) => rows.map((r) => r.email).sort();
const webApi = (portal: DataverseSimulator) => portal.requestLog().filter((e) => e.path.startsWith('/api/data/v9.2/'));

describe('Dynamics connector: full read', () => {
  it('yields the seeded directory with lookups resolved, application users left out', async () => {
    const snapshot = crmFixture(SIZE);
    const { sim: env, connector } = await setup({ snapshot });
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
    for (const account of snapshot.accounts) {
      expect(read.snapshot.accounts.find((a) => a.id === env.idOf('accounts', account.id))?.domains).toEqual(account.domains);
    }
    for (const contact of snapshot.contacts) {
      const got = read.snapshot.contacts.find((c) => c.id === env.idOf('contacts', contact.id))!;
      expect(got.accountId).toBe(contact.accountId === null ? null : env.idOf('accounts', contact.accountId));
    }
    for (const opportunity of snapshot.opportunities) {
      const got = read.snapshot.opportunities.find((o) => o.id === env.idOf('opportunities', opportunity.id))!;
      expect(got).toEqual({
        id: env.idOf('opportunities', opportunity.id),
        accountId: env.idOf('accounts', opportunity.accountId),
        ownerUserId: env.idOf('users', opportunity.ownerUserId),
        stage: opportunity.stage,
        isClosed: opportunity.isClosed,
        createdAt: opportunity.createdAt,
        closeDate: opportunity.closeDate,
        amount: opportunity.amount,
      });
    }
  });

  it('follows nextLinks, asking the page size on every page and change tracking on the first', async () => {
    const { sim: env, connector } = await setup({ pageSize: 50 });
    const read = await connector.readAll();
    expect(read.snapshot.contacts).toHaveLength(SIZE.contacts);
    const contactPages = webApi(env).filter((e) => e.path.startsWith('/api/data/v9.2/contacts'));
    expect(contactPages).toHaveLength(3); // 120 rows at 50 a page
    expect(contactPages.every((e) => e.prefer?.includes('odata.maxpagesize=50'))).toBe(true);
    expect(contactPages.every((e) => e.prefer?.includes('odata.track-changes'))).toBe(true);
    expect(contactPages.slice(1).every((e) => e.path.includes('%24skiptoken=') || e.path.includes('$skiptoken='))).toBe(true);
    expect(read.requests).toBe(webApi(env).length);
  });

  it('reports malformed rows and rows without an email as rejections and keeps the rest', async () => {
    const { sim: env, connector } = await setup();
    env.updateRow('contacts', env.idOf('contacts', 'c-1'), { emailaddress1: 'not an address' });
    env.updateRow('contacts', env.idOf('contacts', 'c-2'), { emailaddress1: null });
    env.updateRow('opportunities', env.idOf('opportunities', 'o-3'), { estimatedvalue: 'lots' });
    env.updateRow('opportunities', env.idOf('opportunities', 'o-4'), { createdon: 'yesterday' });
    const read = await connector.readAll();
    expect(read.snapshot.contacts).toHaveLength(SIZE.contacts - 2);
    expect(read.snapshot.opportunities).toHaveLength(SIZE.opportunities - 2);
    expect(read.rejected.map((r) => [r.object, r.id, r.reason]).sort()).toEqual(
      [
        ['contact', env.idOf('contacts', 'c-1'), 'email is not a valid address'],
        ['contact', env.idOf('contacts', 'c-2'), 'no email address'],
        ['opportunity', env.idOf('opportunities', 'o-3'), 'estimatedvalue is not a number'],
        ['opportunity', env.idOf('opportunities', 'o-4'), 'createdon is not a date'],
      ].sort(),
    );
  });
});

describe('Dynamics connector: change tracking', () => {
  it('brings exactly the changes since the delta links, deletions included, and nothing twice', async () => {
    const { sim: env, clock, connector } = await setup();
    const full = await connector.readAll();
    clock.advance(60_000);
    const renamed = env.idOf('contacts', 'c-5');
    env.updateRow('contacts', renamed, { fullname: 'Renamed Person' });
    const added = env.createRow('contacts', { fullname: 'New Person', emailaddress1: 'New.Person@Account2.example', _parentcustomerid_value: env.idOf('accounts', 'a-2'), '#parentcustomerid_type': 'account' });
    const qualified = env.idOf('leads', 'l-3');
    env.updateRow('leads', qualified, { statecode: 1, statuscode: 3 });
    const opportunity = env.idOf('opportunities', 'o-0');
    env.updateRow('opportunities', opportunity, { _ownerid_value: env.idOf('users', 'u-5'), statecode: 1, statuscode: 3, stepname: 'Closed Won', actualclosedate: '2026-11-02' });
    const deletedAccount = env.idOf('accounts', 'a-39');
    env.deleteRow('accounts', deletedAccount);
    const deletedOpportunity = env.idOf('opportunities', 'o-59');
    env.deleteRow('opportunities', deletedOpportunity);

    const inc = await connector.readChangesSince(full.cursor);
    expect(inc.changes.contacts.upserted.map((c) => c.id).sort()).toEqual([renamed, added].sort());
    expect(inc.changes.contacts.upserted.find((c) => c.id === added)).toEqual({ id: added, email: 'new.person@account2.example', accountId: env.idOf('accounts', 'a-2'), name: 'New Person' });
    expect(inc.changes.leads.upserted).toEqual([]);
    expect(inc.changes.leads.deleted).toEqual([qualified]);
    expect(inc.changes.opportunities.upserted).toEqual([
      expect.objectContaining({ id: opportunity, ownerUserId: env.idOf('users', 'u-5'), isClosed: true, stage: 'Closed Won', closeDate: '2026-11-02' }),
    ]);
    expect(inc.changes.opportunities.deleted).toEqual([deletedOpportunity]);
    expect(inc.changes.accounts.upserted).toEqual([]);
    expect(inc.changes.accounts.deleted).toEqual([deletedAccount]);
    expect(inc.changes.users).toEqual({ upserted: [], deleted: [] });
    const again = await connector.readChangesSince(inc.cursor);
    for (const table of TABLES) expect(again.changes[table]).toEqual({ upserted: [], deleted: [] });
  });

  it('pages through a delta whose changes and deletions span several pages, deletions after a full page included', async () => {
    const { sim: env, connector } = await setup({ pageSize: 5 });
    const full = await connector.readAll();
    const updated = ['a-0', 'a-1', 'a-2', 'a-3', 'a-4'].map((id) => env.idOf('accounts', id)); // exactly one page of upserts
    for (const id of updated) env.updateRow('accounts', id, { name: 'Updated' });
    const deleted = Array.from({ length: 12 }, (_, i) => env.idOf('accounts', `a-${10 + i}`));
    for (const id of deleted) env.deleteRow('accounts', id);
    const inc = await connector.readChangesSince(full.cursor);
    expect(inc.changes.accounts.upserted.map((a) => a.id).sort()).toEqual([...updated].sort());
    expect([...inc.changes.accounts.deleted].sort()).toEqual([...deleted].sort());
    expect(webApi(env).filter((e) => e.path.startsWith('/api/data/v9.2/accounts') && e.path.includes('deltatoken')).length).toBe(4); // 17 entries at 5 a page
  });

  it('throws CrmCursorExpiredError for an expired delta token (ExpiredVersionStamp) and for one older than the retention', async () => {
    const { sim: env, clock, connector } = await setup();
    const full = await connector.readAll();
    env.expireDeltaTokens();
    await expect(connector.readChangesSince(full.cursor)).rejects.toBeInstanceOf(CrmCursorExpiredError);
    clock.advance(1000); // a later full read's tokens carry a later date, so they differ from the expired ones
    const fresh = await connector.readAll();
    await expect(connector.readChangesSince(fresh.cursor)).resolves.toMatchObject({ changes: { contacts: { upserted: [] } } });
    clock.advance(8 * 86_400_000);
    await expect(connector.readChangesSince(fresh.cursor)).rejects.toBeInstanceOf(CrmCursorExpiredError);
    await expect(connector.readChangesSince('garbage')).rejects.toBeInstanceOf(CrmCursorExpiredError);
  });
});

describe('Dynamics connector: limits and credentials', () => {
  it('waits out service protection 429s for Retry-After seconds, then completes', async () => {
    const { sim: env, clock, connector } = await setup();
    env.throttleNext(2, 7);
    const read = await connector.readAll();
    expect(read.snapshot.accounts).toHaveLength(SIZE.accounts);
    expect(clock.slept).toEqual([7000, 7000]);
    expect(webApi(env).filter((e) => e.status === 429)).toHaveLength(2);
  });

  it('fails with crm-limit when the limit outlasts the attempts', async () => {
    const { sim: env, connector } = await setup();
    env.throttleNext(100, 30);
    await expect(connector.readAll()).rejects.toMatchObject({ name: 'AppError', code: 'crm-limit' });
  });

  it('renews an expired access token and carries on', async () => {
    const { sim: env, clock, connector } = await setup();
    await connector.testConnection();
    clock.advance(2 * 3600_000);
    const read = await connector.readAll();
    expect(read.snapshot.contacts).toHaveLength(SIZE.contacts);
    expect(webApi(env).filter((e) => e.status === 401)).toHaveLength(1);
  });

  it('names a wrong or revoked client secret crm-auth', async () => {
    const wrong = await setup({ secret: 'not-the-secret' });
    await expect(wrong.connector.testConnection()).rejects.toMatchObject({ name: 'AppError', code: 'crm-auth', message: expect.stringContaining('AADSTS7000215') });
    await wrong.sim.close();
    sim = null;
    const { sim: env, connector } = await setup();
    await connector.readAll();
    env.revokeSecret();
    env.expireTokens();
    const error = await connector.readAll().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AppError', code: 'crm-auth' });
    expect(String((error as Error).message)).not.toContain(env.clientSecret);
  });
});
