/**
 * Issue 10, the database failing under a running sync: a private mariadbd (one this test owns) is
 * stopped in the middle of a cycle and started again on the same data dir and port; and every
 * connection of the app is killed from a second session while a page's transaction is open. The
 * cycle fails the mailboxes concerned with a named error (nothing half-written: a page and its
 * cursor commit together), the next cycle completes with no manual step, and the store then holds
 * exactly the generator's ground truth.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src-shared/api.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { freePort } from '../../../src-main/store/private-mariadb-support.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import { startSyncHarness, type SyncHarness } from '../sync/sync-harness.js';

const DB = 'reliability';
let root: string;
let port: number;
let server: PrivateMariaDb;
let h: SyncHarness;

const startServer = () => startPrivateMariaDb({ dataDir: path.join(root, 'data'), port, extraArgs: ['--innodb-flush-log-at-trx-commit=2'] });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'correspondent-reliability-'));
  port = await freePort();
  server = await startServer();
  const url = withDatabase(server.url, DB);
  await connectMariaDb(url, { connectionLimit: 1 }).then((pool) => pool.end()); // creates it
  h = await startSyncHarness({
    seed: 73,
    maxAttempts: 2,
    sandbox: { scale: 'bench', bench: { mailboxes: 4, messagesPerMailbox: 500, maxMaterialized: 8 } },
    database: { url, name: DB, drop: async () => undefined },
  });
}, 180_000);

afterAll(async () => {
  await h?.close().catch(() => undefined);
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

async function expectGroundTruth(extra = 0) {
  const stored = await h.storedKeys();
  expect(new Set(stored).size).toBe(stored.length); // none stored twice
  const have = new Set(stored);
  expect(h.expectedKeys().filter((k) => !have.has(k))).toEqual([]); // none lost
  expect(stored.length).toBe(h.expectedKeys().length + extra); // nothing the ground truth skips
}

/** New customer mail in a mailbox's inbox (keys returned as stored: no angle brackets). */
function addCustomerMail(mailbox: string, count: number): string[] {
  const contact = h.sandbox.crm.contacts.find((c) => c.accountId !== null);
  if (!contact) throw new Error('the tenant lacks CRM contacts');
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.now() - i * 1000).toISOString();
    const key = `db-fault-${i}@reliability.test`;
    h.sandbox.addMessage(mailbox, 'inbox', {
      subject: `Database fault ${i}`,
      from: { emailAddress: { name: contact.name, address: contact.email } },
      toRecipients: [{ emailAddress: { address: mailbox } }],
      receivedDateTime: at,
      sentDateTime: at,
      internetMessageId: `<${key}>`,
      body: { contentType: 'text', content: `Body ${i}` },
    });
    return key;
  });
}

describe('the database fails while a cycle runs', () => {
  it('survives mariadbd stopped mid-cycle and started again on the same data dir and port', async () => {
    let stopping: Promise<void> | null = null;
    const off = h.events.subscribe((event: ApiEvent) => {
      if (event.type === 'sync.progress' && stopping === null) stopping = server.stop();
    });
    // The cycle ends (it may fail the mailboxes or reject as a whole), never hangs nor crashes the process.
    const outcome = await h.sync.syncNow().then(
      () => 'completed',
      (error: unknown) => (error as { code?: string }).code ?? 'unknown',
    );
    off();
    expect(stopping).not.toBeNull();
    await stopping;
    expect(['completed', 'database-unavailable']).toContain(outcome);

    server = await startServer();
    expect(server.url).toBe(`mysql://root@127.0.0.1:${port}/`);
    const summary = await h.sync.syncNow();
    expect(summary.mailboxes).toBe(h.optedIn().length);
    const states = (await h.opened.store.listMailboxes()).filter((m) => h.optedIn().includes(m.address));
    expect(states.map((m) => m.state)).toEqual(states.map(() => 'ok'));
    await expectGroundTruth();
  });

  it('rolls back a page whose connection is killed from a second session inside its transaction, and imports it on the next cycle', async () => {
    const mailbox = h.optedIn()[0] as string;
    const added = addCustomerMail(mailbox, 30);
    // A second session locks every sighting row: the app's page commit, having written the folder
    // cursor and the emails, then waits inside its transaction, where the session kills it.
    const admin = await connectMariaDb(withDatabase(server.url, DB), { connectionLimit: 1 });
    const lockPool = await connectMariaDb(withDatabase(server.url, DB), { connectionLimit: 1 });
    const locker = await lockPool.getConnection();
    await locker.beginTransaction();
    await locker.query('SELECT COUNT(*) FROM email_sightings FOR UPDATE');
    const syncing = h.sync.syncNow(mailbox).then(
      () => 'completed',
      (error: unknown) => (error as { code?: string }).code ?? 'unknown',
    );
    let killed: number | null = null;
    while (killed === null) {
      // The page commit waiting on the locked sighting rows: it wrote the emails of the page before
      // (commit-page.ts inserts emails, then sightings), so cutting it here is cutting it mid-page.
      // MariaDB does not always list such a waiter in INNODB_TRX as 'LOCK WAIT', the process list does.
      const [rows] = await admin.query<RowDataPacket[]>(
        "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' AND INFO LIKE 'INSERT INTO email_sightings%' AND TIME >= 1",
        [DB],
      );
      const waiting = rows[0];
      if (waiting) {
        killed = Number(waiting['id']);
        await admin.query(`KILL CONNECTION ${killed}`);
      }
    }
    await locker.rollback();
    locker.release();
    await lockPool.end();
    await admin.end();
    const outcome = await syncing;
    expect(['completed', 'database-unavailable']).toContain(outcome);
    expect((await h.opened.store.listMailboxes()).find((m) => m.address === mailbox)?.state).toBe('error');
    const [health] = await h.opened.store.syncState.mailboxHealth([mailbox]);
    expect(health?.errorCode).toBe('database-unavailable');
    // Nothing of the killed page is half there: its emails are either absent or were all re-committed.
    const after = new Set(await h.storedKeys());
    expect(added.filter((k) => after.has(k)).length).toBeLessThan(added.length);

    const summary = await h.sync.syncNow();
    expect(summary.mailboxes).toBe(h.optedIn().length);
    const states = (await h.opened.store.listMailboxes()).filter((m) => h.optedIn().includes(m.address));
    expect(states.map((m) => m.state)).toEqual(states.map(() => 'ok'));
    const stored = new Set(await h.storedKeys());
    expect(added.filter((k) => !stored.has(k))).toEqual([]);
    await expectGroundTruth(added.length);
  });
});
