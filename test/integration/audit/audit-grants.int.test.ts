/**
 * The documented grants (store/audit-grants.ts, docs/audit.md) as a DBA would run them: the app's
 * account syncs and appends but can neither UPDATE nor DELETE audit entries, so it cannot trim;
 * the audit-admin account trims whole segments, the trim is recorded and the chain still verifies.
 */
import { randomBytes } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import { verifyStoredLog } from '../../../src-main/audit/audit-verify.js';
import { trimAuditLogAt } from '../../../src-main/store/audit-trim.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { parseDatabaseUrl } from '../../../src-main/store/database-url.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

function urlAs(url: string, user: string, password: string): string {
  const target = parseDatabaseUrl(url);
  return `mysql://${user}:${password}@${target.host}:${target.port}/${target.database ?? ''}`;
}

describe('audit grants: append-only for the app, trim for audit-admin', () => {
  let h: StoreHarness;
  const suffix = randomBytes(3).toString('hex');
  const app = { user: `app_${suffix}`, host: '%' };
  const admin = { user: `adm_${suffix}`, host: '%' };
  const password = `pw-${randomBytes(6).toString('hex')}`;
  let appUrl: string;
  let adminUrl: string;

  beforeAll(async () => {
    h = await createStoreHarness();
    for (const account of [app, admin]) await h.pool.query('CREATE USER ?@? IDENTIFIED BY ?', [account.user, account.host, password]);
    for (const statement of await new MariaDbAuditStore(h.pool).grantStatements(app, admin)) await h.pool.query(statement);
    appUrl = urlAs(h.database.url, app.user, password);
    adminUrl = urlAs(h.database.url, admin.user, password);
  });
  afterAll(async () => {
    for (const account of [app, admin]) await h.pool.query('DROP USER IF EXISTS ?@?', [account.user, account.host]);
    await h.close();
  });

  it('the app account commits pages with their decisions and appends, but may not change or delete entries', async () => {
    const pool = await connectMariaDb(appUrl);
    const clock = () => new Date('2024-01-01T00:00:00.000Z');
    try {
      const store = new MariaDbMailStore(pool, { clock });
      for (let i = 0; i < 25; i += 1) {
        await store.commitPage(
          page('a@ours.example', [pageImport(`g${i}`, capturedEmail({ messageKey: `k${i}@x` }))], {
            decisions: [{ itemId: `g${i}`, verdict: 'import', rule: 'crm-contact', folder: 'inbox', fingerprint: 'c'.repeat(64) }],
            nextCursor: `https://g/${i}`,
          }),
        );
      }
      await createAuditLog({ store: new MariaDbAuditStore(pool), clock }).record({ actor: 'admin', source: 'headless', action: 'sync.paused', payload: { mailbox: null } });
      await expect(pool.query('UPDATE audit_log SET actor = ? WHERE seq = 1', ['x'])).rejects.toMatchObject({ code: 'ER_TABLEACCESS_DENIED_ERROR' });
      await expect(pool.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toMatchObject({ code: 'ER_TABLEACCESS_DENIED_ERROR' });
      await expect(pool.query('UPDATE emails SET subject = subject WHERE id = 0')).resolves.toBeDefined();
    } finally {
      await pool.end();
    }
    await expect(trimAuditLogAt(appUrl, null, { before: new Date('2030-01-01T00:00:00Z'), segmentSize: 10, actor: 'cli:app', source: 'cli', now: new Date() })).rejects.toMatchObject({
      code: 'not-configured',
      message: expect.stringMatching(/MARIADB_AUDIT_ADMIN_URL/),
    });
  });

  it('the audit-admin account trims whole old segments, records the trim, and the chain verifies from there', async () => {
    const audit = new MariaDbAuditStore(h.pool);
    const later = createAuditLog({ store: audit, clock: () => new Date('2026-01-01T00:00:00.000Z') });
    for (let i = 0; i < 3; i += 1) await later.record({ actor: 'admin', source: 'cli', action: 'sync.resumed', payload: { mailbox: null } });
    // 26 old entries (2024) then 3 new ones: segments of 10 -> entries 1-20 go, 21-26 stay with the new ones.
    const result = await trimAuditLogAt(adminUrl, null, { before: new Date('2025-01-01T00:00:00Z'), segmentSize: 10, actor: 'cli:dba', source: 'cli', now: new Date('2026-02-01T00:00:00Z') });
    expect(result).toMatchObject({ fromSeq: 1, throughSeq: 20, entries: 20 });
    const [[first]] = await h.pool.query<RowDataPacket[]>('SELECT MIN(seq) AS seq FROM audit_log');
    expect(Number(first?.['seq'])).toBe(21);
    const [[trim]] = await h.pool.query<RowDataPacket[]>("SELECT seq, actor FROM audit_log WHERE action = 'audit.trimmed'");
    expect(trim).toMatchObject({ seq: 30, actor: 'cli:dba' });
    expect(await verifyStoredLog(audit)).toMatchObject({ ok: true, anchor: 'trim', firstSeq: 21, lastSeq: 30 });

    // Deleting more old entries by hand (no trim record for them) is caught.
    await h.pool.query('DELETE FROM audit_log WHERE seq <= 22');
    expect((await verifyStoredLog(audit)).firstBreak).toMatchObject({ seq: 23, kind: 'unanchored' });
  });
});
