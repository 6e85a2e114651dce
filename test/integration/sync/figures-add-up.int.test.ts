/**
 * The figures add up on a synced demo tenant (issue 19): every message a cycle read was imported,
 * already stored (seen in another mailbox first), unchanged (this mailbox had it) or skipped - in
 * the cycle summary, in each mailbox's and folder's health, and across the mailboxes list, whose
 * "imported" column sums to the emails stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoRuntime } from '../../../src-main/app/demo-runtime.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import type { CycleSummary } from '../../../src-shared/domain.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let demo: DemoRuntime;
let database: TestDatabase;
let dataDir: string;

const skippedOf = (skipped: Record<string, number>) => Object.values(skipped).reduce((sum, n) => sum + n, 0);
const accounted = (f: { imported: number; alreadyStored: number; unchanged: number; skipped: Record<string, number> }) =>
  f.imported + f.alreadyStored + f.unchanged + skippedOf(f.skipped);

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'figures-'));
  demo = await startDemo({ mariadbUrl: database.url, mariadbCaFile: null, dataDir, shell: 'cli', logger: silentLogger(), seed: 5 });
  // One customer email to two colleagues: stored once, seen by both mailboxes.
  const [first, second] = demo.sandbox.crm.users.filter((u) => u.optedIn);
  const contact = demo.sandbox.crm.contacts.find((c) => c.accountId !== null);
  if (!first || !second || !contact) throw new Error('the demo tenant lacks two opted-in users or an account contact');
  const at = new Date().toISOString();
  for (const user of [first, second]) {
    demo.sandbox.addMessage(user.email, 'inbox', {
      subject: 'Shared quote',
      body: { contentType: 'text', content: 'Our quote for both of you.' },
      from: { emailAddress: { name: contact.name, address: contact.email } },
      toRecipients: [first, second].map((u) => ({ emailAddress: { name: u.name, address: u.email } })),
      receivedDateTime: at,
      sentDateTime: at,
      internetMessageId: '<figures-shared@customer.example>',
      isDraft: false,
    });
  }
});

afterAll(async () => {
  await demo?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('figures that add up', () => {
  let first: CycleSummary;

  it('a first cycle: read = imported + already stored + unchanged + skipped, with mail seen in two mailboxes counted once as imported', async () => {
    first = await demo.app.syncNow();
    expect(first.imported).toBeGreaterThan(0);
    expect(first.alreadyStored).toBeGreaterThan(0);
    expect(skippedOf(first.skipped)).toBeGreaterThan(0);
    expect(first.read).toBe(accounted(first));
    expect((await demo.app.handlers['sync.lastCycle']({})).cycle).toEqual(first);
    const [history] = (await demo.app.handlers['health.cycles']({ limit: 1 })).items;
    expect(history?.cycle).toEqual(first);
  });

  it('each mailbox\'s and folder\'s last run adds up, and the mailboxes add up to the cycle', async () => {
    const synced = (await demo.app.handlers['health.mailboxes']({})).items.filter((m) => m.optedIn && m.lastRun.finishedAt !== null);
    expect(synced).toHaveLength(first.mailboxes);
    for (const mailbox of synced) {
      expect(mailbox.lastRun.read, mailbox.address).toBe(accounted(mailbox.lastRun));
      const { folders } = await demo.app.handlers['health.mailbox']({ address: mailbox.address });
      expect(folders.length).toBeGreaterThan(0);
      for (const folder of folders) expect(folder.read, `${mailbox.address} ${folder.displayName}`).toBe(accounted(folder));
      expect(folders.reduce((sum, f) => sum + f.read, 0)).toBe(mailbox.lastRun.read);
    }
    const total = (key: 'read' | 'imported' | 'alreadyStored' | 'unchanged') => synced.reduce((sum, m) => sum + m.lastRun[key], 0);
    expect({ read: total('read'), imported: total('imported'), alreadyStored: total('alreadyStored'), unchanged: total('unchanged') }).toEqual({
      read: first.read,
      imported: first.imported,
      alreadyStored: first.alreadyStored,
      unchanged: first.unchanged,
    });
  });

  it('the mailboxes list\'s imported column sums to the emails stored; the rest of what each mailbox saw is "already stored"', async () => {
    const { items } = await demo.app.handlers['mailboxes.list']({});
    const stored = (await demo.app.handlers['emails.list']({ limit: 1, offset: 0 })).total;
    expect(stored).toBe(first.imported);
    expect(items.reduce((sum, m) => sum + m.imported, 0)).toBe(stored);
    expect(items.reduce((sum, m) => sum + m.alreadyStored, 0)).toBe(first.alreadyStored);
  });

  it('a folder read again from the start (delta tokens expired) counts its imports as unchanged, still adding up', async () => {
    demo.sandbox.expireDeltaTokens();
    const again = await demo.app.syncNow();
    expect(again.read).toBeGreaterThan(0);
    expect(again.unchanged).toBeGreaterThan(0);
    expect(again.imported).toBe(0);
    expect(again.read).toBe(accounted(again));
    expect((await demo.app.handlers['emails.list']({ limit: 1, offset: 0 })).total).toBe(first.imported);
  });
});
