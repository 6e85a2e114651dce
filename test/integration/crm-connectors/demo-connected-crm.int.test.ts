/**
 * The demo runs against a connected CRM by default (issue 22): its CRM tables come from a
 * simulated Salesforce org holding the demo tenant's directory, read by the real connector - no
 * CSV. A lead added in the org afterwards is picked up by the refresh that starts the next cycle, and
 * its earlier mail (skipped as no CRM match at first) is imported by the late match.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoRuntime } from '../../../src-main/app/demo-runtime.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let dataDir: string;
let demo: DemoRuntime;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'demo-crm-'));
  demo = await startDemo({ mariadbUrl: database.url, mariadbCaFile: null, dataDir, shell: 'headless', logger: silentLogger(), seed: 7, sync: { crmFreshMs: 0 } });
});
afterAll(async () => {
  await demo?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the demo with a connected CRM', () => {
  it('reads the seeded directory from the simulated Salesforce org, not from a CSV', async () => {
    const sim = demo.crmSimulator;
    expect(sim).not.toBeNull();
    const status = await demo.app.crm.status();
    const seed = demo.sandbox.crm;
    expect(status).toMatchObject({
      source: 'salesforce',
      lastRefreshKind: 'full',
      error: null,
      counts: { accounts: seed.accounts.length, contacts: seed.contacts.length, leads: seed.leads.length, opportunities: seed.opportunities.length, users: seed.users.length },
    });
    // Consent health includes the CRM.
    expect((await demo.app.handlers['consent.health']({})).crm).toMatchObject({ source: 'salesforce', state: 'ok', errorCode: null });
    const tables = await demo.database.store.loadCrm();
    // Salesforce ids (key prefix 001 for accounts), the seed's domains and addresses.
    expect(tables.accounts.every((a) => /^001[0-9A-Za-z]{15}$/.test(a.id))).toBe(true);
    expect(tables.accounts.map((a) => [...a.domains].sort()).sort()).toEqual(seed.accounts.map((a) => [...a.domains].sort()).sort());
    expect(tables.contacts.map((c) => c.email).sort()).toEqual(seed.contacts.map((c) => c.email).sort());
    expect(tables.opportunities.map((o) => o.ownerUserId).sort()).toEqual(seed.opportunities.map((o) => sim?.org.idOf('User', o.ownerUserId)).sort());
  });

  it('picks up a new lead before the next cycle and imports its earlier mail (late match)', async () => {
    const sim = demo.crmSimulator;
    if (!sim) throw new Error('no CRM simulator');
    const mailbox = demo.sandbox.crm.users.find((u) => u.optedIn)?.email as string;
    const prospect = 'nina.new@freshprospect.example';
    const sent = new Date(Date.now() - 2 * 86_400_000).toISOString();
    demo.sandbox.addMessage(mailbox, 'inbox', {
      subject: 'Interested in a quote',
      body: { contentType: 'html', content: '<p>Could you send us a quote for 40 seats?</p>' },
      from: { emailAddress: { name: 'Nina New', address: prospect } },
      toRecipients: [{ emailAddress: { name: 'Owner', address: mailbox } }],
      receivedDateTime: sent,
      sentDateTime: sent,
      internetMessageId: '<quote-request@freshprospect.example>',
      isDraft: false,
    });
    const first = await demo.app.syncNow();
    expect(first.imported).toBeGreaterThan(0);
    expect(first.skipped['no-crm-match']).toBeGreaterThan(0);
    expect((await demo.database.store.listEmails({ mailbox, limit: 500, offset: 0 })).items.length).toBeGreaterThan(0);
    const stored = async () => (await demo.database.store.listEmails({ mailbox, limit: 500, offset: 0 })).items.filter((e) => e.from.toLowerCase() === prospect);
    expect(await stored()).toEqual([]);

    sim.org.insert('Lead', { FirstName: 'Nina', LastName: 'New', Email: prospect, Company: 'Fresh Prospect', IsConverted: false, Status: 'Open - Not Contacted' });
    // No refresh by hand: the cycle refreshes the CRM first (incremental), then the late match re-reads the mailbox.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await demo.app.syncNow();
    expect(second.imported).toBe(1);
    expect((await demo.database.store.loadCrm()).leads.map((l) => l.email)).toContain(prospect);
    expect((await demo.app.crm.status()).lastRefreshKind).toBe('incremental');
    expect((await stored()).map((e) => e.subject)).toEqual(['Interested in a quote']);
  });
});
