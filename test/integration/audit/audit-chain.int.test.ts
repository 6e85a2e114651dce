/**
 * The chain in MariaDB: concurrent writers (two "workers" with pools of their own, appending
 * through the AuditLog and through commitPage's decisions) serialise without gaps or forks, and
 * tampering with rows directly as root is caught, naming the first broken entry.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import { verifyStoredLog } from '../../../src-main/audit/audit-verify.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const clock = () => new Date('2025-06-01T12:00:00.000Z');
const optIn = (mailbox: string) => ({ actor: 'admin', source: 'headless' as const, action: 'mailbox.optedIn' as const, payload: { mailbox } });

describe('audit chain in MariaDB', () => {
  let h: StoreHarness;
  let audit: MariaDbAuditStore;
  beforeAll(async () => {
    h = await createStoreHarness({ clock });
    audit = new MariaDbAuditStore(h.pool);
  });
  afterAll(async () => {
    await h.close();
  });

  it('serialises two workers appending at once: consecutive seqs, each entry linked to the one before', async () => {
    const poolA = await connectMariaDb(h.database.url);
    const poolB = await connectMariaDb(h.database.url);
    const workerB = await h.openStore({ clock });
    try {
      const logA = createAuditLog({ store: new MariaDbAuditStore(poolA), clock });
      const logB = createAuditLog({ store: new MariaDbAuditStore(poolB), clock });
      // Five skips of distinct messages on each page.
      const decisions = (p: number) => Array.from({ length: 5 }, (_, i) => ({ itemId: `p${p}-item-${i}`, verdict: 'skip' as const, rule: 'internal-only' as const, folder: 'inbox', fingerprint: `${i}`.repeat(64) }));
      await Promise.all([
        ...Array.from({ length: 40 }, (_, i) => logA.record(optIn(`a${i}@ours.example`))),
        ...Array.from({ length: 40 }, (_, i) => logB.recordAll([optIn(`b${i}@ours.example`), optIn(`c${i}@ours.example`)])),
        ...Array.from({ length: 10 }, (_, i) =>
          workerB.commitPage(page('w@ours.example', [pageImport(`g${i}`, capturedEmail({ messageKey: `m${i}@x` }))], { decisions: decisions(i), nextCursor: `https://g/${i}` })),
        ),
      ]);
    } finally {
      await poolA.end();
      await poolB.end();
    }
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq');
    expect(rows).toHaveLength(40 + 80 + 50);
    rows.forEach((row, index) => {
      expect(Number(row['seq'])).toBe(index + 1);
      if (index > 0) expect(row['prev_hash']).toBe(rows[index - 1]!['hash']);
    });
    expect(new Set(rows.map((r) => r['prev_hash'])).size).toBe(rows.length); // no fork: no two entries share a predecessor
    expect(await verifyStoredLog(audit)).toMatchObject({ ok: true, entries: 170, anchor: 'genesis' });
  });

  it('writes a page’s import decisions in the page’s transaction: a failed page leaves none', async () => {
    const before = await count();
    const bad = page('w@ours.example', [pageImport('bad', capturedEmail({ messageKey: 'bad@x', sentAt: 'not a date' }))], {
      decisions: [{ itemId: 'bad', verdict: 'import', rule: 'crm-contact', folder: 'inbox', fingerprint: 'e'.repeat(64) }],
    });
    await expect(h.store.commitPage(bad)).rejects.toThrow();
    expect(await count()).toBe(before);
  });

  describe('tampering as root is caught at the first broken entry', () => {
    type Row = { seq: number; at: Date; actor: string; source: string; action: string; payload_json: string; prev_hash: string; hash: string };
    /** A row as root sees it, payload as JSON text (the driver may hand JSON columns back parsed). */
    const rowAt = async (seq: number): Promise<Row> => {
      const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT * FROM audit_log WHERE seq = ?', [seq]);
      const payload: unknown = row?.['payload_json'];
      return { ...(row as unknown as Row), payload_json: typeof payload === 'string' ? payload : JSON.stringify(payload) };
    };
    const firstBreak = async () => (await verifyStoredLog(audit)).firstBreak;

    it('a changed entry', async () => {
      const original = await rowAt(50);
      await h.pool.query('UPDATE audit_log SET payload_json = ? WHERE seq = 50', [JSON.stringify({ mailbox: 'someone@else.example' })]);
      expect(await firstBreak()).toMatchObject({ seq: 50, kind: 'changed' });
      await h.pool.query('UPDATE audit_log SET payload_json = ? WHERE seq = 50', [original.payload_json]);
      expect(await firstBreak()).toBeNull();
    });

    it('a deleted entry', async () => {
      const original = await rowAt(60);
      await h.pool.query('DELETE FROM audit_log WHERE seq = 60');
      expect(await firstBreak()).toMatchObject({ seq: 60, kind: 'missing' });
      await h.pool.query('INSERT INTO audit_log SET ?', [original]);
      expect(await firstBreak()).toBeNull();
    });

    it('reordered entries (seqs swapped)', async () => {
      await swap(70, 71);
      expect(await firstBreak()).toMatchObject({ seq: 70, kind: 'changed' });
      await swap(70, 71);
      expect(await firstBreak()).toBeNull();
    });

    it('an inserted entry', async () => {
      const total = await count();
      // Make room after 80 (from the end, so the key never collides) and insert a copy of 80 as 81.
      for (let seq = total; seq > 80; seq -= 1) await h.pool.query('UPDATE audit_log SET seq = seq + 1 WHERE seq = ?', [seq]);
      const copy = await rowAt(80);
      await h.pool.query('INSERT INTO audit_log SET ?', [{ ...copy, seq: 81, actor: 'intruder' }]);
      expect(await firstBreak()).toMatchObject({ seq: 81, kind: 'changed' });
      await h.pool.query('DELETE FROM audit_log WHERE seq = 81');
      for (let seq = 82; seq <= total + 1; seq += 1) await h.pool.query('UPDATE audit_log SET seq = seq - 1 WHERE seq = ?', [seq]);
      expect(await firstBreak()).toBeNull();
    });

    async function swap(a: number, b: number) {
      await h.pool.query('UPDATE audit_log SET seq = 0 WHERE seq = ?', [a]);
      await h.pool.query('UPDATE audit_log SET seq = ? WHERE seq = ?', [a, b]);
      await h.pool.query('UPDATE audit_log SET seq = ? WHERE seq = 0', [b]);
    }
  });

  async function count(): Promise<number> {
    const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM audit_log');
    return Number(row?.['n']);
  }
});
