import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { migrate } from '../../../src-main/store/migrations/migrate.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/all-migrations.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('migrate', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('applies the schema exactly once when two processes migrate at the same moment, and again is a no-op', async () => {
    const [a, b] = await Promise.all([connectMariaDb(database.url), connectMariaDb(database.url)]);
    try {
      const results = await Promise.all([migrate(a), migrate(b)]);
      const latest = MIGRATIONS.at(-1)?.version;
      expect(results.map((r) => r.version)).toEqual([latest, latest]);
      expect(results.flatMap((r) => r.applied).sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.version)); // numeric order: 12 after 9

      expect(await migrate(a)).toEqual({ applied: [], version: latest });
      const [recorded] = await a.query<RowDataPacket[]>('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(recorded.map((r) => [r['version'], r['name']])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));

      const [tables] = await a.query<RowDataPacket[]>(
        'SELECT table_name AS name, table_collation AS collation, engine FROM information_schema.tables WHERE table_schema = DATABASE()',
      );
      const names = tables.map((t) => t['name']);
      for (const table of ['mailboxes', 'folder_cursors', 'emails', 'email_participants', 'email_sightings', 'email_accounts',
        'crm_accounts', 'crm_account_domains', 'crm_contacts', 'crm_leads', 'crm_opportunities', 'crm_users', 'sync_cycles',
        'email_contacts', 'email_leads', 'mailbox_leases', 'search_outbox', 'audit_log', 'crm_revision']) {
        expect(names).toContain(table);
      }
      for (const t of tables) {
        expect(t['engine']).toBe('InnoDB');
        expect(String(t['collation'])).toMatch(/^utf8mb4_/);
      }
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('upgrades a version-1 database that already holds emails, giving each its own thread', async () => {
    const other = await createTestDatabase();
    const pool = await connectMariaDb(other.url);
    try {
      await migrate(pool, MIGRATIONS.slice(0, 1));
      await pool.query(
        `INSERT INTO emails (message_key, subject, from_address, sent_at, body_text, references_json, first_mailbox, assigned_to, import_batch)
         VALUES ('old@customer.example', 's', 'a@customer.example', NOW(), 'b', '[]', 'alice@ours.example', 'alice@ours.example', 'batch')`,
      );
      expect((await migrate(pool)).applied).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
      const [[row]] = await pool.query<RowDataPacket[]>("SELECT thread_key, assigned_by FROM emails WHERE message_key = 'old@customer.example'");
      expect(row).toMatchObject({ thread_key: 'old@customer.example', assigned_by: 'mailbox' });
      const [[revision]] = await pool.query<RowDataPacket[]>('SELECT revision FROM crm_revision WHERE id = 1');
      expect(Number(revision?.['revision'])).toBe(0);
    } finally {
      await pool.end();
      await other.drop();
    }
  });

  it('re-runs every statement of the newest migration harmlessly (a crash between DDL statements)', async () => {
    const pool = await connectMariaDb(database.url);
    try {
      await migrate(pool);
      for (const statement of MIGRATIONS.at(-1)?.up ?? []) await pool.query(statement);
      const [[revision]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM crm_revision');
      expect(Number(revision?.['n'])).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('refuses a database migrated by a newer version of the app', async () => {
    const pool = await connectMariaDb(database.url);
    try {
      await migrate(pool);
      await pool.query("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from-the-future')");
      await expect(migrate(pool)).rejects.toMatchObject({ code: 'database-version', message: expect.stringContaining('9999') });
      await pool.query('DELETE FROM schema_migrations WHERE version = 9999');
    } finally {
      await pool.end();
    }
  });
});
