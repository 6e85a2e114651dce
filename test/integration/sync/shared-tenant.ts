/**
 * One sandbox tenant and one prepared MariaDB shared by several sync processes (sync-child.ts):
 * migrated, the sandbox CRM imported, every mailbox opted in. Reads back what was stored as
 * message key -> mailboxes with a sighting, and how many email rows each key has.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { normaliseMessageId } from '../../../src-main/rules/pipeline.js';
import { sandboxCredentialsOf } from '../../../src-main/app/tenant-runtime.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '@correspondent/m365-sandbox';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { openMailStore, type OpenedStore } from '../../../src-main/store/open-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

export type SharedTenant = {
  sandbox: SandboxHandle;
  database: TestDatabase;
  opened: OpenedStore;
  mailboxes: string[];
  childConfig(extra: Record<string, unknown>): Record<string, unknown>;
  stored(): Promise<{ sightings: Map<string, Set<string>>; rowsPerKey: Map<string, number> }>;
  close(): Promise<void>;
};

export async function startSharedTenant(options: SandboxOptions): Promise<SharedTenant> {
  const sandbox = await startSandbox(options);
  const database = await createTestDatabase();
  const opened = await openMailStore({ mariadbUrl: database.url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
  await opened.store.replaceCrm(sandbox.crm);
  const users = sandbox.users.filter((u) => u.hasMailbox);
  await opened.store.upsertMailboxes(users.map((u) => ({ address: u.address.toLowerCase(), displayName: u.displayName, graphUserId: u.graphId, optedIn: true })));
  const pool: Pool = await connectMariaDb(database.url);
  const tenant = sandboxCredentialsOf(sandbox);
  return {
    sandbox,
    database,
    opened,
    mailboxes: users.map((u) => u.address.toLowerCase()),
    childConfig: (extra) => ({ mariadbUrl: database.url, tenant, settings: { orgDomains: sandbox.orgDomains, ...sandbox.suggestedSettings }, ...extra }),
    stored: () => readStoredSightings(pool),
    async close() {
      await pool.end();
      await opened.close();
      await database.drop();
      await sandbox.stop();
    },
  };
}

/** What is stored, read back as message key -> mailboxes with a sighting, and email rows per key. */
export async function readStoredSightings(pool: Pool): Promise<{ sightings: Map<string, Set<string>>; rowsPerKey: Map<string, number> }> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT e.id, e.internet_message_id, s.mailbox FROM emails e LEFT JOIN email_sightings s ON s.email_id = e.id');
  const sightings = new Map<string, Set<string>>();
  const idsPerKey = new Map<string, Set<number>>();
  for (const row of rows) {
    const key = normaliseMessageId(String(row['internet_message_id'])) ?? '';
    idsPerKey.set(key, (idsPerKey.get(key) ?? new Set()).add(Number(row['id'])));
    const set = sightings.get(key) ?? new Set<string>();
    if (row['mailbox'] !== null) set.add(String(row['mailbox']));
    sightings.set(key, set);
  }
  return { sightings, rowsPerKey: new Map([...idsPerKey].map(([k, ids]) => [k, ids.size])) };
}

/** Sorted [key, sorted mailboxes] pairs, for a readable deep comparison. */
export function asPairs(map: Map<string, Set<string>>): [string, string[]][] {
  return [...map.entries()].map(([k, v]) => [k, [...v].sort()] as [string, string[]]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
