/**
 * Control of the sync shared by every instance through MariaDB: mailbox leases (one holder at a
 * time, SKIP LOCKED claims that never wait, takeover after expiry, a lost lease noticed on
 * renewal), the persisted pause switch, opt-in, users without a mailbox, and the health Api.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoRuntime } from '../../../src-main/app/demo-runtime.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { thisProcessHolder } from '../../../src-main/store/lease-holder.js';
import type { MailStore } from '../../../src-main/store/mail-store.js';

/** The mailboxes a claim by `holder` (this process) got, with a minute's lease. */
async function claim(store: Pick<MailStore, 'syncState'>, mailboxes: string[], holder: string, dueOnly = false): Promise<string[]> {
  return (await store.syncState.claimLeases(mailboxes, { holder: thisProcessHolder(holder), ttlMs: 60_000, staleMs: 60_000, dueOnly })).claimed;
}

describe('mailbox leases', () => {
  let s: StoreHarness;
  const mailboxes = ['a@contoso.example', 'b@contoso.example', 'c@contoso.example'];

  beforeAll(async () => {
    s = await createStoreHarness();
    await s.store.upsertMailboxes(mailboxes.map((address) => ({ address, displayName: address, graphUserId: address, optedIn: true })));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('gives each mailbox to one holder; a second instance gets only the free ones', async () => {
    const other = await s.openStore();
    expect(await claim(s.store, ['a@contoso.example'], 'worker-1')).toEqual(['a@contoso.example']);
    expect(await claim(other, mailboxes, 'worker-2')).toEqual(['b@contoso.example', 'c@contoso.example']);
    expect(await claim(s.store, mailboxes, 'worker-1')).toEqual(['a@contoso.example']);
    for (const m of mailboxes) {
      await s.store.syncState.releaseLease(m, 'worker-1');
      await s.store.syncState.releaseLease(m, 'worker-2');
    }
  });

  it('skips rows another instance is claiming right now instead of waiting for them', async () => {
    const blocker = await s.pool.getConnection();
    try {
      await blocker.beginTransaction();
      await blocker.query("SELECT mailbox FROM mailbox_leases WHERE mailbox = 'a@contoso.example' FOR UPDATE");
      expect(await claim(s.store, mailboxes, 'worker-3')).toEqual(['b@contoso.example', 'c@contoso.example']);
    } finally {
      await blocker.rollback();
      blocker.release();
    }
    for (const m of mailboxes) await s.store.syncState.releaseLease(m, 'worker-3');
  });

  it('lets another instance take over an expired lease, and the old holder learns it on renewal', async () => {
    expect(await claim(s.store, ['a@contoso.example'], 'dead')).toEqual(['a@contoso.example']);
    expect(await claim(s.store, ['a@contoso.example'], 'alive')).toEqual([]);
    await s.pool.query("UPDATE mailbox_leases SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE mailbox = 'a@contoso.example'");
    expect(await claim(s.store, ['a@contoso.example'], 'alive')).toEqual(['a@contoso.example']);
    expect(await s.store.syncState.renewLease('a@contoso.example', 'dead', { ttlMs: 60_000, staleMs: 60_000 })).toBe(false);
    expect(await s.store.syncState.renewLease('a@contoso.example', 'alive', { ttlMs: 60_000, staleMs: 60_000 })).toBe(true);
    await s.store.syncState.releaseLease('a@contoso.example', 'dead'); // a no-op: not its lease
    expect((await s.store.syncState.mailboxHealth(['a@contoso.example']))[0]?.holder).toBe('alive');
    await s.store.syncState.releaseLease('a@contoso.example', 'alive');
  });

  it('leaves out mailboxes that are not due when claiming for a scheduled cycle', async () => {
    const now = new Date();
    await s.store.syncState.recordMailboxRun({
      mailbox: 'b@contoso.example', holder: 'w', startedAt: now, finishedAt: now, durationMs: 5, nextRunInMs: 15 * 60_000,
      pages: 1, read: 1, imported: 0, alreadyStored: 0, unchanged: 0, skipped: {}, retries: 0, throttled: 0, errorCode: null,
    });
    expect(await claim(s.store, mailboxes, 'w', true)).toEqual(['a@contoso.example', 'c@contoso.example']);
    expect(await claim(s.store, ['b@contoso.example'], 'w')).toEqual(['b@contoso.example']); // "sync now"
  });
});

describe('the sync through the Api of a demo app', () => {
  let demo: DemoRuntime;
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sync-control-'));
    demo = await startDemo({ mariadbUrl: database.url, mariadbCaFile: null, dataDir, shell: 'cli', logger: silentLogger(), seed: 3 });
  });
  afterAll(async () => {
    await demo?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists a user without an Exchange mailbox as no-mailbox, not opted in', async () => {
    const mailless = demo.sandbox.users.filter((u) => !u.hasMailbox).map((u) => u.address.toLowerCase());
    expect(mailless.length).toBeGreaterThan(0);
    const { items } = await demo.app.handlers['mailboxes.list']({});
    for (const address of mailless) expect(items.find((m) => m.address === address)).toMatchObject({ state: 'no-mailbox', optedIn: false });
  });

  it('pauses scheduled cycles on every instance until resumed, persisted; "sync now" still runs', async () => {
    expect(await demo.app.handlers['sync.pause']({})).toEqual({ paused: true });
    expect(await demo.app.runScheduledCycle()).toBeNull();
    expect(await demo.database.store.syncState.isPaused()).toBe(true); // in MariaDB, for a restart and other workers
    expect((await demo.app.handlers['health.mailboxes']({})).paused).toBe(true);
    const manual = await demo.app.handlers['sync.runNow']({});
    expect(manual.mailboxes).toBeGreaterThan(0);
    await demo.app.handlers['sync.resume']({});
    expect((await demo.app.handlers['sync.state']({})).paused).toBe(false);
    // Every mailbox ran just now: a scheduled cycle finds none due.
    expect(await demo.app.runScheduledCycle()).toMatchObject({ mailboxes: 0 });
  });

  it('opts mailboxes in and out in bulk', async () => {
    const { items } = await demo.app.handlers['mailboxes.list']({});
    const out = items.filter((m) => m.optedIn).map((m) => m.address);
    expect(await demo.app.handlers['mailboxes.setOptIn']({ addresses: [...out, 'nobody@nowhere.example'], optedIn: false })).toEqual({ updated: out.length });
    expect((await demo.app.handlers['mailboxes.list']({})).items.every((m) => !m.optedIn)).toBe(true);
    await expect(demo.app.handlers['sync.runNow']({ mailbox: out[0] })).rejects.toMatchObject({ code: 'invalid-input' });
    await demo.app.handlers['mailboxes.setOptIn']({ addresses: out, optedIn: true });
    expect((await demo.app.handlers['mailboxes.list']({})).items.filter((m) => m.optedIn).map((m) => m.address)).toEqual(out);
  });

  it('reports mailbox, folder and cycle health against the schedule budget', async () => {
    const { items } = await demo.app.handlers['health.mailboxes']({});
    const synced = items.filter((m) => m.optedIn);
    expect(synced.every((m) => m.state === 'ok' && m.lastRun.finishedAt !== null && m.nextRunAt !== null && m.heldBy === null)).toBe(true);
    const detail = await demo.app.handlers['health.mailbox']({ address: synced[0]?.address ?? '' });
    expect(detail.folders.length).toBeGreaterThan(0);
    expect(detail.folders.every((f) => f.state === 'ok')).toBe(true);
    const cycles = await demo.app.handlers['health.cycles']({ limit: 10 });
    expect(cycles.budgetMs).toBe(15 * 60_000);
    expect(cycles.items[0]).toMatchObject({ overBudget: false, cycle: { mailboxes: synced.length } });
    await expect(demo.app.handlers['health.mailbox']({ address: 'nobody@nowhere.example' })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
