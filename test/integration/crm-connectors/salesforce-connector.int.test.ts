/**
 * The Salesforce connector against the simulated org over HTTPS: a full read returns the seeded
 * directory (ground truth: the seed snapshot with the ids the org gave its rows) through several
 * nextRecordsUrl pages; an incremental read returns exactly what changed (upserts, soft deletes,
 * converted leads); the named failures (revoked secret, expired session, API limit, unknown field)
 * and rejected records (no email) are states, never crashes. Both OAuth flows are exercised.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { startSalesforceSimulator, type SalesforceSimulator } from '@correspondent/crm-sandbox';
import { DEFAULT_FIELD_MAPPINGS } from '../../../src-shared/crm-connection.js';
import { createCrmConnector } from '../../../src-main/crm/connectors/connector-registry.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';

const pad = (n: number) => String(n).padStart(5, '0');

function seedDirectory(contacts: number): CrmSnapshot {
  return {
    users: [
      { id: 'U1', email: 'megan@contoso.example', name: 'Megan Bowen', signedUpAt: '2025-01-02T03:04:05.000Z', optedIn: true },
      { id: 'U2', email: 'alex@contoso.example', name: 'Alex Wilber', signedUpAt: '2025-02-02T03:04:05.000Z', optedIn: false },
    ],
    accounts: [
      { id: 'A1', name: 'Fabrikam', domains: ['fabrikam.example', 'fabrikam-eu.example'] },
      { id: 'A2', name: 'Adatum', domains: ['adatum.example'] },
    ],
    contacts: Array.from({ length: contacts }, (_, i) => ({ id: `C${pad(i)}`, email: `person${i}@fabrikam.example`, accountId: 'A1', name: `Person Number${i}` })),
    leads: [{ id: 'L1', email: 'lead@relecloud.example', company: 'Relecloud', name: 'Rosa Costa' }],
    opportunities: [
      { id: 'O1', accountId: 'A1', ownerUserId: 'U1', stage: 'Proposal', isClosed: false, createdAt: '2025-03-01T10:00:00.000Z', closeDate: '2025-06-30', amount: 50000 },
      { id: 'O2', accountId: 'A2', ownerUserId: 'U2', stage: 'Closed Won', isClosed: true, createdAt: '2025-01-01T10:00:00.000Z', closeDate: '2025-02-01', amount: null },
    ],
  };
}

/** What the connector must return for the seed, computed from the seed and the org's id map only. */
function expectedSnapshot(seed: CrmSnapshot, sim: SalesforceSimulator, optInField: boolean): CrmSnapshot {
  const id = (object: 'Account' | 'Contact' | 'Lead' | 'Opportunity' | 'User', seedId: string) => sim.org.idOf(object, seedId);
  return {
    accounts: seed.accounts.map((a) => ({ id: id('Account', a.id), name: a.name, domains: optInField ? a.domains : a.domains.slice(0, 1) })),
    contacts: seed.contacts.map((c) => ({ id: id('Contact', c.id), email: c.email, accountId: c.accountId === null ? null : id('Account', c.accountId), name: c.name })),
    leads: seed.leads.map((l) => ({ id: id('Lead', l.id), email: l.email, company: l.company, name: l.name })),
    opportunities: seed.opportunities.map((o) => ({ ...o, id: id('Opportunity', o.id), accountId: id('Account', o.accountId), ownerUserId: id('User', o.ownerUserId) })),
    users: seed.users.map((u) => ({ ...u, id: id('User', u.id), optedIn: optInField ? u.optedIn : true })),
  };
}

let sim: SalesforceSimulator | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

function connectorFor(s: SalesforceSimulator, overrides: { secret?: string; settings?: Record<string, unknown>; mapping?: Partial<typeof DEFAULT_FIELD_MAPPINGS.salesforce> } = {}) {
  return createCrmConnector('salesforce', {
    settings: { loginUrl: s.loginUrl, clientId: s.app.clientId, ...overrides.settings },
    secret: overrides.secret ?? s.app.clientSecret,
    fieldMapping: { ...DEFAULT_FIELD_MAPPINGS.salesforce, ...overrides.mapping },
    dispatcher: createHttpDispatcher({ extraCaPem: [s.caPem] }),
    clock: () => new Date(),
  });
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('Salesforce connector (client credentials)', () => {
  it('reads the whole directory through nextRecordsUrl pages, mapped through the field mapping', async () => {
    const seed = seedDirectory(4500);
    sim = await startSalesforceSimulator({ seed });
    const connector = connectorFor(sim, { mapping: { accountDomainFields: ['Website', 'Domains__c'], userOptInField: 'Correspondent_Opt_In__c' } });
    const read = await connector.readAll();
    const expected = expectedSnapshot(seed, sim, true);
    for (const table of ['accounts', 'contacts', 'leads', 'opportunities', 'users'] as const) {
      expect(byId(read.snapshot[table] as { id: string }[])).toEqual(byId(expected[table] as { id: string }[]));
    }
    expect(read.rejected).toEqual([]);
    // 1 token + contacts in 3 batches of at most 2,000 + one page each for the other four objects.
    expect(read.requests).toBe(1 + 3 + 4);
    expect(sim.apiRequests()).toBe(7);
  });

  it('uses the defaults (Website only, every active user opted in) when the mapping is not changed', async () => {
    const seed = seedDirectory(3);
    sim = await startSalesforceSimulator({ seed });
    const read = await connectorFor(sim).readAll();
    const expected = expectedSnapshot(seed, sim, false);
    expect(byId(read.snapshot.accounts)).toEqual(byId(expected.accounts));
    expect(byId(read.snapshot.users)).toEqual(byId(expected.users));
  });

  it('counts only the listed stages as open when the mapping names them (the registry applies openStages to every CRM)', async () => {
    const seed = seedDirectory(3);
    sim = await startSalesforceSimulator({ seed });
    const byIsClosed = (rows: { id: string; isClosed: boolean }[]) => Object.fromEntries(rows.map((o) => [o.id, o.isClosed]));
    const own = await connectorFor(sim).readAll();
    expect(byIsClosed(own.snapshot.opportunities)).toEqual({ [sim.org.idOf('Opportunity', 'O1')]: false, [sim.org.idOf('Opportunity', 'O2')]: true });
    // Closed Won is listed as open, Proposal is not: the list decides, not IsClosed.
    const listed = await connectorFor(sim, { mapping: { openStages: ['Closed Won'] } }).readAll();
    expect(byIsClosed(listed.snapshot.opportunities)).toEqual({ [sim.org.idOf('Opportunity', 'O1')]: true, [sim.org.idOf('Opportunity', 'O2')]: false });
  });

  it('reads only what changed since the cursor: upserts, soft deletes and converted leads as deletions', async () => {
    const seed = seedDirectory(10);
    sim = await startSalesforceSimulator({ seed });
    const connector = connectorFor(sim);
    const full = await connector.readAll();
    const contact = sim.org.idOf('Contact', 'C00003');
    const deletedAccount = sim.org.idOf('Account', 'A2');
    const lead = sim.org.idOf('Lead', 'L1');
    const opportunity = sim.org.idOf('Opportunity', 'O1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    sim.org.update('Contact', contact, { Email: 'renamed@fabrikam.example' });
    sim.org.delete('Account', deletedAccount);
    sim.org.convertLead(lead);
    sim.org.update('Opportunity', opportunity, { OwnerId: sim.org.idOf('User', 'U2') });
    const newLead = sim.org.insert('Lead', { FirstName: 'Nina', LastName: 'New', Email: 'nina@cohowinery.example', Company: 'Coho Winery', IsConverted: false });
    const read = await connector.readChangesSince(full.cursor);
    const { changes } = read;
    // The cursor's own second is read again (SOQL literals have no fractions): those rows come back unchanged.
    const before = new Map(Object.values(full.snapshot).flat().map((row) => [row.id, row]));
    const changed = (rows: { id: string }[]) => rows.filter((row) => JSON.stringify(before.get(row.id)) !== JSON.stringify(row));
    expect(changed(changes.contacts.upserted)).toEqual([{ id: contact, email: 'renamed@fabrikam.example', accountId: sim.org.idOf('Account', 'A1'), name: 'Person Number3' }]);
    expect(changes.contacts.deleted).toEqual([]);
    expect(changes.accounts.deleted).toEqual([deletedAccount]);
    expect(changed(changes.accounts.upserted)).toEqual([]);
    expect(changed(changes.leads.upserted)).toEqual([{ id: newLead, email: 'nina@cohowinery.example', company: 'Coho Winery', name: 'Nina New' }]);
    expect(changes.leads.deleted).toEqual([lead]);
    expect(changed(changes.opportunities.upserted).map((o) => [o.id, (o as unknown as { ownerUserId: string }).ownerUserId])).toEqual([[opportunity, sim.org.idOf('User', 'U2')]]);
    expect(changed(changes.users.upserted)).toEqual([]);
    // Nothing changed since: the next read brings back at most the rows of the cursor's second, all as they were.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await connector.readChangesSince(read.cursor);
    const after = new Map([...before, ...Object.values(changes).flatMap((t) => t.upserted.map((row: { id: string }) => [row.id, row] as const))]);
    const deletedBefore = new Set(Object.values(changes).flatMap((t) => t.deleted));
    for (const table of Object.values(again.changes)) {
      for (const row of table.upserted as { id: string }[]) expect(JSON.stringify(row)).toBe(JSON.stringify(after.get(row.id)));
      for (const id of table.deleted) expect(deletedBefore.has(id)).toBe(true);
    }
    expect(again.requests).toBe(1 + 5);
  });

  it('gets a new token once when the session expired (INVALID_SESSION_ID) and carries on', async () => {
    sim = await startSalesforceSimulator({ seed: seedDirectory(2) });
    const connector = connectorFor(sim);
    const full = await connector.readAll();
    expect(full.snapshot.contacts).toHaveLength(2);
    sim.controls.expireSessions();
    // The connector keeps no session across reads, so expire mid-read: after the first object's page.
    let expired = false;
    const original = sim.org.all.bind(sim.org);
    sim.org.all = (object) => {
      if (object === 'Contact' && !expired) {
        expired = true;
        sim?.controls.expireSessions();
      }
      return original(object);
    };
    const read = await connector.readAll();
    expect(read.snapshot.contacts).toHaveLength(2);
    expect(expired).toBe(true);
    // 2 tokens + 5 pages + the Contact page refused once with INVALID_SESSION_ID.
    expect(read.requests).toBe(8);
  });

  it('names a revoked secret crm-auth, a used-up API allocation crm-limit and an unknown mapped field crm-invalid', async () => {
    sim = await startSalesforceSimulator({ seed: seedDirectory(2) });
    sim.controls.rotateSecret('a-new-secret');
    await expect(connectorFor(sim).readAll()).rejects.toMatchObject({ code: 'crm-auth', message: expect.stringContaining('invalid_client') });
    await expect(connectorFor(sim, { secret: 'a-new-secret' }).testConnection()).resolves.toBeUndefined();
    sim.controls.setRemainingApiRequests(2);
    await expect(connectorFor(sim, { secret: 'a-new-secret' }).readAll()).rejects.toMatchObject({ code: 'crm-limit', message: expect.stringContaining('REQUEST_LIMIT_EXCEEDED') });
    sim.controls.setRemainingApiRequests(100);
    await expect(connectorFor(sim, { secret: 'a-new-secret', mapping: { accountDomainFields: ['Domain__c'] } }).readAll()).rejects.toMatchObject({ code: 'crm-invalid', message: expect.stringContaining('Domain__c') });
  });

  it('reports records it cannot use (no email, a malformed address, an opportunity without account) and keeps the rest', async () => {
    sim = await startSalesforceSimulator({ seed: seedDirectory(2) });
    const noEmail = sim.org.insert('Contact', { LastName: 'Nomail', Email: null });
    const badEmail = sim.org.insert('Lead', { LastName: 'Bad', Email: 'not an address', Company: 'X', IsConverted: false });
    const orphan = sim.org.insert('Opportunity', { AccountId: null, OwnerId: sim.org.idOf('User', 'U1'), StageName: 'Prospecting', IsClosed: false, CloseDate: '2025-12-31' });
    const read = await connectorFor(sim).readAll();
    expect(read.snapshot.contacts).toHaveLength(2);
    expect(read.snapshot.leads).toHaveLength(1);
    expect(read.snapshot.opportunities).toHaveLength(2);
    expect(read.rejected).toEqual([
      { object: 'Contact', id: noEmail, reason: 'no email address' },
      { object: 'Lead', id: badEmail, reason: 'email "not an address" is not an address' },
      { object: 'Opportunity', id: orphan, reason: 'no AccountId' },
    ]);
  });
});

describe('Salesforce connector (JWT bearer flow)', () => {
  function keyAndCertificate(): { privateKeyPem: string; certificatePem: string } {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
    cert.serialNumber = '01';
    cert.validity.notBefore = new Date(Date.now() - 86_400_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ name: 'commonName', value: 'correspondent-integration' }]);
    cert.setIssuer([{ name: 'commonName', value: 'correspondent-integration' }]);
    cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
    return { privateKeyPem: privateKey, certificatePem: forge.pki.certificateToPem(cert) };
  }

  it('signs in with an assertion for a pre-authorized user and is refused for one that is not', async () => {
    const { privateKeyPem, certificatePem } = keyAndCertificate();
    sim = await startSalesforceSimulator({ seed: seedDirectory(2), app: { certificatePem, preAuthorizedUsernames: ['megan@contoso.example'], runAsUsername: null } });
    const jwt = (username: string) => connectorFor(sim as SalesforceSimulator, { secret: privateKeyPem, settings: { flow: 'jwt-bearer', username } });
    const read = await jwt('megan@contoso.example').readAll();
    expect(read.snapshot.contacts).toHaveLength(2);
    await expect(jwt('alex@contoso.example').readAll()).rejects.toMatchObject({ code: 'crm-auth', message: expect.stringContaining("user hasn't approved this consumer") });
    const other = keyAndCertificate();
    await expect(connectorFor(sim, { secret: other.privateKeyPem, settings: { flow: 'jwt-bearer', username: 'megan@contoso.example' } }).readAll()).rejects.toMatchObject({ code: 'crm-auth', message: expect.stringContaining('invalid assertion') });
    // The client credentials flow is not enabled for this app (no run-as user).
    await expect(connectorFor(sim).readAll()).rejects.toMatchObject({ code: 'crm-auth', message: expect.stringContaining('no client credentials user enabled') });
  });
});
