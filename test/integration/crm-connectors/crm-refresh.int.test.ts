/**
 * The refresh machinery on a real MariaDB with the Salesforce simulator: the first refresh is full
 * and fills the CRM tables with exactly the org's directory; later ones apply only the changes;
 * a failure midway (an outage, a revoked secret) changes nothing - tables, revision and cursor as
 * before - and is shown in the status with its code while the old copy keeps serving; two
 * instances before their cycles share one refresh; an opportunity whose owner changed moves its
 * emails to the new owner, audited. Ground truth: the seed and the org's own id map.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { startSalesforceSimulator, type SalesforceSimulator } from '@correspondent/crm-sandbox';
import { createCrmRefreshService, type CrmRefreshService } from '../../../src-main/app/crm-refresh-service.js';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import type { Logger } from '../../../src-main/logging/logger.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { createMemorySecretStore } from '../../../src-main/settings/memory-secret-store.js';
import { readCrm, readCrmRevision } from '../../../src-main/store/crm-tables.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import type { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';
import { capturedEmail, page } from '../../support/store-fixtures.js';

const SEED: CrmSnapshot = {
  users: [
    { id: 'U1', email: 'megan@contoso.example', name: 'Megan Bowen', signedUpAt: '2025-01-02T03:04:05.000Z', optedIn: true },
    { id: 'U2', email: 'alex@contoso.example', name: 'Alex Wilber', signedUpAt: '2025-02-02T03:04:05.000Z', optedIn: true },
  ],
  accounts: [
    { id: 'A1', name: 'Fabrikam', domains: ['fabrikam.example'] },
    { id: 'A2', name: 'Adatum', domains: ['adatum.example'] },
  ],
  contacts: [
    { id: 'C1', email: 'anna@fabrikam.example', accountId: 'A1', name: 'Anna Novak' },
    { id: 'C2', email: 'ben@adatum.example', accountId: 'A2', name: 'Ben Schmidt' },
  ],
  leads: [{ id: 'L1', email: 'rosa@relecloud.example', company: 'Relecloud', name: 'Rosa Costa' }],
  opportunities: [{ id: 'O1', accountId: 'A1', ownerUserId: 'U1', stage: 'Proposal', isClosed: false, createdAt: '2025-03-01T10:00:00.000Z', closeDate: '2025-06-30', amount: 50000 }],
};

function expected(sim: SalesforceSimulator): CrmSnapshot {
  const id = (o: 'Account' | 'Contact' | 'Lead' | 'Opportunity' | 'User', s: string) => sim.org.idOf(o, s);
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    accounts: byId(SEED.accounts.map((a) => ({ ...a, id: id('Account', a.id) }))),
    contacts: byId(SEED.contacts.map((c) => ({ ...c, id: id('Contact', c.id), accountId: id('Account', c.accountId as string) }))),
    leads: byId(SEED.leads.map((l) => ({ ...l, id: id('Lead', l.id) }))),
    opportunities: byId(SEED.opportunities.map((o) => ({ ...o, id: id('Opportunity', o.id), accountId: id('Account', o.accountId), ownerUserId: id('User', o.ownerUserId) }))),
    users: byId(SEED.users.map((u) => ({ ...u, id: id('User', u.id) }))),
  };
}

let h: StoreHarness;
let sim: SalesforceSimulator;

/** Everything the services log, as text: a secret must never be in it. */
let logged: string[] = [];
function capturingLogger(): Logger {
  const log = (level: string) => (obj: object, msg?: string) => void logged.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

function serviceOn(store: MariaDbMailStore, holder: string): { service: CrmRefreshService; vault: ReturnType<typeof createMemorySecretStore> } {
  const vault = createMemorySecretStore();
  const service = createCrmRefreshService({
    store: store.crmRefresh,
    vault: () => vault,
    dispatcher: createHttpDispatcher({ extraCaPem: [sim.caPem] }),
    reloadCrm: async () => undefined,
    audit: createAuditLog({ store: new MariaDbAuditStore(h.pool), clock: () => new Date() }),
    who: () => ({ actor: 'admin@contoso.example', source: 'cli' }),
    holder,
    clock: () => new Date(),
    logger: capturingLogger(),
    waitForOtherMs: 20_000,
  });
  return { service, vault };
}

async function connect(service: CrmRefreshService, secret = sim.app.clientSecret) {
  return service.connect({ source: 'salesforce', settings: { loginUrl: sim.loginUrl, clientId: sim.app.clientId }, secret });
}

async function auditActions(): Promise<string[]> {
  const [rows] = await h.pool.query<RowDataPacket[]>('SELECT action FROM audit_log ORDER BY seq');
  return rows.map((r) => String(r['action']));
}

beforeEach(async () => {
  logged = [];
  h = await createStoreHarness();
  sim = await startSalesforceSimulator({ seed: SEED });
});
afterEach(async () => {
  await sim.stop();
  await h.close();
});

describe('CRM refresh', () => {
  it('fills the CRM tables with a full read, then applies only what changed', async () => {
    const { service } = serviceOn(h.store, 'w1');
    const connected = await connect(service);
    expect(connected).toMatchObject({ source: 'salesforce', hasSecret: true, lastRefreshAt: null, counts: { accounts: 0, contacts: 0 } });
    const first = await service.refresh({ full: false });
    expect(first).toMatchObject({ outcome: 'refreshed', kind: 'full', changes: { upserted: 8, deleted: 0 } });
    expect(await readCrm(h.pool)).toEqual(expected(sim));
    const afterFull = await service.status();
    expect(afterFull).toMatchObject({ source: 'salesforce', lastRefreshKind: 'full', counts: { accounts: 2, contacts: 2, leads: 1, opportunities: 1, users: 2 }, error: null });
    expect(afterFull.lastRefreshAt).not.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const revision = await readCrmRevision(h.pool);
    const newContact = sim.org.insert('Contact', { FirstName: 'Chloe', LastName: 'Moreau', Email: 'chloe@adatum.example', AccountId: sim.org.idOf('Account', 'A2') });
    sim.org.delete('Contact', sim.org.idOf('Contact', 'C1'));
    const second = await service.refresh({ full: false });
    expect(second).toMatchObject({ outcome: 'refreshed', kind: 'incremental' });
    const tables = await readCrm(h.pool);
    expect(tables.contacts.map((c) => c.email).sort()).toEqual(['ben@adatum.example', 'chloe@adatum.example']);
    expect(tables.contacts.find((c) => c.id === newContact)).toEqual({ id: newContact, email: 'chloe@adatum.example', accountId: sim.org.idOf('Account', 'A2'), name: 'Chloe Moreau' });
    expect({ ...tables, contacts: [] }).toEqual({ ...expected(sim), contacts: [] });
    expect(await readCrmRevision(h.pool)).toBe(revision + 1);
    expect((await auditActions()).filter((a) => a.startsWith('crm.'))).toEqual(['crm.connected', 'crm.refreshed', 'crm.refreshed']);
  });

  it('changes nothing when the read fails midway or the secret was revoked, and says so in the status', async () => {
    const { service } = serviceOn(h.store, 'w1');
    await connect(service);
    await service.refresh({ full: false });
    const before = await readCrm(h.pool);
    const revision = await readCrmRevision(h.pool);
    const good = await service.status();
    const [[cursorBefore]] = await h.pool.query<RowDataPacket[]>('SELECT cursor_text FROM crm_refresh_state');
    sim.org.insert('Contact', { LastName: 'Late', Email: 'late@fabrikam.example', AccountId: sim.org.idOf('Account', 'A1') });

    // A full read whose third page onward fails (the first objects were read already).
    sim.controls.failRequests(2, 1000);
    const failed = await service.refresh({ full: true });
    expect(failed).toMatchObject({ outcome: 'failed', kind: 'full', error: { code: 'crm-unreachable' } });
    expect(await readCrm(h.pool)).toEqual(before);
    expect(await readCrmRevision(h.pool)).toBe(revision);
    const [[cursorAfter]] = await h.pool.query<RowDataPacket[]>('SELECT cursor_text FROM crm_refresh_state');
    expect(cursorAfter?.['cursor_text']).toBe(cursorBefore?.['cursor_text']);
    const shown = await service.status();
    expect(shown).toMatchObject({ lastRefreshAt: good.lastRefreshAt, error: { code: 'crm-unreachable' }, counts: good.counts });
    sim.controls.failRequests(-1, 0);

    sim.controls.rotateSecret('regenerated');
    const refused = await service.refresh({ full: false });
    expect(refused).toMatchObject({ outcome: 'failed', error: { code: 'crm-auth' } });
    expect(await readCrm(h.pool)).toEqual(before);
    expect((await service.status()).error).toMatchObject({ code: 'crm-auth', message: expect.stringContaining('invalid_client') });
    expect(JSON.stringify(await service.status())).not.toContain(sim.app.clientSecret);

    // Reconnected with the new secret: the refresh succeeds, the error is gone and the late contact is in.
    await connect(service, 'regenerated');
    expect(await service.refresh({ full: false })).toMatchObject({ outcome: 'refreshed' });
    expect((await service.status()).error).toBeNull();
    expect((await readCrm(h.pool)).contacts.map((c) => c.email)).toContain('late@fabrikam.example');
    expect((await auditActions()).filter((a) => a === 'crm.refreshFailed')).toHaveLength(2);
    // Neither secret reached the audit log or the log (which said what failed, by code).
    const [audit] = await h.pool.query<RowDataPacket[]>('SELECT CAST(payload_json AS CHAR) AS p FROM audit_log');
    const auditText = audit.map((r) => String(r['p'])).join('\n');
    expect(auditText).toContain('crm-auth');
    expect(logged.some((line) => line.includes('crm-auth'))).toBe(true);
    for (const secret of [sim.app.clientSecret, 'regenerated']) {
      expect(auditText).not.toContain(secret);
      expect(logged.join('\n')).not.toContain(secret);
    }
  });

  it('shares one refresh between two instances starting their cycles together', async () => {
    const a = serviceOn(h.store, 'worker-a');
    await connect(a.service);
    const otherStore = await h.openStore();
    const b = serviceOn(otherStore, 'worker-b');
    await b.vault.set('crm.secret', sim.app.clientSecret);
    const reports = await Promise.all([a.service.beforeCycle(), b.service.beforeCycle()]);
    expect(reports.map((r) => r.outcome).sort()).toEqual(['refreshed', 'skipped']);
    // The connection test (one /limits call) and one full read: five objects, one page each.
    expect(sim.apiRequests()).toBe(1 + 5);
    // Within the freshness window the next cycle does not refresh again.
    expect((await b.service.beforeCycle()).outcome).toBe('skipped');
    expect(sim.apiRequests()).toBe(1 + 5);
  });

  it('moves an engagement to the opportunity\'s new owner when the owner changes, and audits it', async () => {
    const { service } = serviceOn(h.store, 'w1');
    await connect(service);
    await service.refresh({ full: false });
    const opportunity = sim.org.idOf('Opportunity', 'O1');
    const account = sim.org.idOf('Account', 'A1');
    // Megan (the owner) is not on this email, Alex is: it is assigned by mailbox.
    const email = capturedEmail({ messageKey: 'quote@fabrikam.example', from: { address: 'anna@fabrikam.example', name: 'Anna' }, to: [{ address: 'alex@contoso.example', name: 'Alex' }] });
    await h.store.commitPage(page('alex@contoso.example', [{ graphId: 'g1', email, match: { accountIds: [account], contactIds: [], leadIds: [] }, engagement: { opportunityId: opportunity, ownerAddress: null } }]));
    const assigned = async () => {
      const [[row]] = await h.pool.query<RowDataPacket[]>("SELECT id, assigned_to, assigned_by FROM emails WHERE message_key LIKE 'quote@%'");
      return row as RowDataPacket;
    };
    expect(await assigned()).toMatchObject({ assigned_to: 'alex@contoso.example', assigned_by: 'mailbox' });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    sim.org.update('Opportunity', opportunity, { OwnerId: sim.org.idOf('User', 'U2') });
    const report = await service.refresh({ full: false });
    expect(report).toMatchObject({ outcome: 'refreshed', kind: 'incremental', reassigned: 1 });
    const row = await assigned();
    expect(row).toMatchObject({ assigned_to: 'alex@contoso.example', assigned_by: 'opportunity-owner' });
    const [entries] = await h.pool.query<RowDataPacket[]>("SELECT payload_json FROM audit_log WHERE action = 'emails.ownerChanged'");
    expect(entries.map((e) => (typeof e['payload_json'] === 'string' ? JSON.parse(e['payload_json']) : e['payload_json']))).toEqual([
      { emailId: Number(row['id']), opportunityId: opportunity, assignedToBefore: 'alex@contoso.example', assignedToAfter: 'alex@contoso.example', assignedBy: 'opportunity-owner' },
    ]);

    // Back to Megan, who is not on the email: the mailbox rule decides again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    sim.org.update('Opportunity', opportunity, { OwnerId: sim.org.idOf('User', 'U1') });
    expect(await service.refresh({ full: false })).toMatchObject({ reassigned: 1 });
    expect(await assigned()).toMatchObject({ assigned_to: 'alex@contoso.example', assigned_by: 'mailbox' });
  });
});
