/**
 * Several instances (issue 6, point 7): three worker processes share one MariaDB and one sandbox
 * tenant. One is killed (SIGKILL) while it holds a mailbox mid-sync; the others sync the rest and,
 * once its lease expires, take its mailbox over. In the end every mailbox was synced by a live
 * worker and the store holds exactly the ground truth, nothing duplicated.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSyncChild, type SyncChild } from './child-process.js';
import { expectedSightings } from './ground-truth.js';
import { asPairs, startSharedTenant, type SharedTenant } from './shared-tenant.js';

let tenant: SharedTenant;
const workers: SyncChild[] = [];

beforeAll(async () => {
  tenant = await startSharedTenant({ seed: 43, scale: 'bench', bench: { mailboxes: 9, messagesPerMailbox: 200, maxMaterialized: 9 } });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await tenant?.close();
});

async function everyMailboxSynced(): Promise<boolean> {
  const rows = await tenant.opened.store.syncState.mailboxHealth(tenant.mailboxes);
  return rows.length === tenant.mailboxes.length && rows.every((r) => r.finishedAt !== null && r.errorCode === null);
}

describe('three workers sharing one MariaDB', () => {
  it('split the mailboxes, and the live ones take over a killed worker\'s mailbox after its lease expires', async () => {
    const syncedAt = new Date();
    const config = (id: string) => tenant.childConfig({ mode: 'worker', instanceId: id, leaseTtlMs: 3000, pollMs: 300 });
    const victim = spawnSyncChild(config('worker-victim'));
    workers.push(victim);
    // The victim holds a mailbox mid-sync when it dies.
    const first = await victim.waitFor((line) => line.page !== undefined);
    await victim.kill('SIGKILL');
    const orphan = first.page as string;
    const [leases] = await tenantPoolQuery(`SELECT holder FROM mailbox_leases WHERE mailbox = '${orphan.replace(/'/g, "''")}'`);
    expect(leases[0]?.['holder']).toBe('worker-victim');

    const survivors = [spawnSyncChild(config('worker-a')), spawnSyncChild(config('worker-b'))];
    workers.push(...survivors);
    // Every finished cycle line is a moment to check: done when every mailbox has a successful run.
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const check = () => {
        void everyMailboxSynced().then((done) => {
          if (done && !settled) {
            settled = true;
            resolve();
          }
        }, reject);
      };
      for (const s of survivors) {
        s.process.stdout?.on('data', check);
        void s.exited.then(() => !settled && reject(new Error(`a surviving worker exited: ${s.stderr().slice(-2000)}`)));
      }
      check();
    });

    // Who ran each mailbox last: never the dead worker; both survivors took part.
    const [rows] = await tenantPoolQuery('SELECT mailbox, holder FROM sync_mailbox_health');
    const holders = new Map(rows.map((r) => [String(r['mailbox']), String(r['holder'])]));
    expect(holders.size).toBe(tenant.mailboxes.length);
    expect([...holders.values()].every((h) => h === 'worker-a' || h === 'worker-b')).toBe(true);
    expect(new Set(holders.values()).size).toBe(2);
    const pagesFor = (w: SyncChild) => new Set(w.lines.filter((l) => l.page).map((l) => l.page));
    expect(pagesFor(survivors[0]!).has(orphan) || pagesFor(survivors[1]!).has(orphan)).toBe(true);

    const expected = expectedSightings(tenant.sandbox, tenant.mailboxes, syncedAt);
    const { sightings, rowsPerKey } = await tenant.stored();
    expect([...rowsPerKey.values()].every((n) => n === 1)).toBe(true);
    expect(asPairs(sightings)).toEqual(asPairs(expected));
  }, 240_000);
});

async function tenantPoolQuery(sql: string): Promise<[RowDataPacket[]]> {
  const { connectMariaDb } = await import('../../../src-main/store/connect.js');
  const pool = await connectMariaDb(tenant.database.url);
  try {
    const [rows] = await pool.query<RowDataPacket[]>(sql);
    return [rows];
  } finally {
    await pool.end();
  }
}
