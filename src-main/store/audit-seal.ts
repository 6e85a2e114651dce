/**
 * Issue 17: page commits no longer append to the hash chain under the database-wide audit lock
 * (which made every page write of every mailbox on every worker run one at a time). A page
 * transaction stages its entries with a plain INSERT into audit_pending (migration 013): no lock,
 * no read of the chain head, so pages of different mailboxes commit in parallel, and the entries
 * still commit with their page or not at all. The seal moves staged rows into audit_log: under the
 * audit lock (short), in id order, a batch per transaction that reads the head, inserts the batch
 * chained exactly as an append does (audit-chain.ts) and deletes it from audit_pending.
 *
 * Who seals: the page's writer right after its commit, without waiting (if another session holds
 * the lock, that session seals until nothing is left, ours included); the end of each sync cycle,
 * waiting; every direct append before its own entries (audit-append.ts), so the chain keeps one
 * order; and every reader of the log (verify, export, the console's audit page) before reading.
 * docs/audit.md explains why the log stays tamper-evident.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { canonicalJson } from '../audit/canonical-json.js';
import { entryColumnsSchema, insertChained, payloadOf, releaseAuditLock, takeAuditLock, tryAuditLock, type AuditAppend, type TimedAuditAppend } from './audit-chain.js';
import { chunk } from './transaction.js';

const ROWS_PER_INSERT = 500;
/** Rows sealed per transaction: bounds the lock's hold and the transaction's size. */
export const SEAL_BATCH = 1000;

const pendingRowSchema = entryColumnsSchema.extend({ id: z.coerce.number().int() });

/** Stages entries inside the caller's transaction (a plain INSERT: no lock, no chain read). */
export async function stageAuditRecords(connection: PoolConnection, records: readonly AuditAppend[], at: Date): Promise<void> {
  const rows = records.map((r) => [at, r.actor, r.source, r.action, canonicalJson(r.payload)]);
  for (const part of chunk(rows, ROWS_PER_INSERT)) {
    await connection.query('INSERT INTO audit_pending (at, actor, source, action, payload_json) VALUES ?', [part]);
  }
}

export type SealOutcome = { sealed: number; locked: boolean };

/**
 * Seals every committed staged entry. `wait: false` takes the lock only if it is free (its holder
 * seals what is pending) and returns `locked: false` otherwise; `wait: true` waits for it.
 */
export async function sealPending(pool: Pool, options: { wait: boolean }): Promise<SealOutcome> {
  const connection = await pool.getConnection();
  try {
    const lock = options.wait ? await takeAuditLock(connection) : await tryAuditLock(connection);
    if (lock === null) return { sealed: 0, locked: false };
    let sealed: number;
    try {
      sealed = await sealLocked(connection);
    } finally {
      await releaseAuditLock(connection, lock);
    }
    return { sealed: sealed + (await sealLeftBehind(connection)), locked: true };
  } finally {
    connection.release();
  }
}

/**
 * Called by every session right after it released the audit lock. A page that committed while
 * this session held the lock failed to take it (timeout 0) and left its entries to us; if our
 * last seal read came before that commit, they are still pending. The page committed before
 * its attempt, which came before our release, which came before this read: so this read sees
 * them, and seals them unless yet another session holds the lock, which then does the same on
 * its release. Whoever releases last leaves nothing committed behind.
 */
export async function sealLeftBehind(connection: PoolConnection): Promise<number> {
  let sealed = 0;
  for (;;) {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT id FROM audit_pending LIMIT 1');
    if (rows.length === 0) return sealed;
    const lock = await tryAuditLock(connection);
    if (lock === null) return sealed;
    try {
      sealed += await sealLocked(connection);
    } finally {
      await releaseAuditLock(connection, lock);
    }
  }
}

/**
 * Seals batch after batch until a read finds nothing committed. The caller holds the audit lock
 * and no open transaction; each batch is a transaction of its own.
 */
export async function sealLocked(connection: PoolConnection): Promise<number> {
  let sealed = 0;
  for (;;) {
    await connection.beginTransaction();
    try {
      // A consistent (non-locking) read: rows of page transactions still open are not seen and not
      // waited for; they are sealed by a later seal, in the order of their ids.
      const [rows] = await connection.query<RowDataPacket[]>(
        'SELECT id, at, actor, source, action, payload_json FROM audit_pending ORDER BY id LIMIT ?',
        [SEAL_BATCH],
      );
      if (rows.length === 0) {
        await connection.commit();
        return sealed;
      }
      const pending = rows.map((row) => pendingRowSchema.parse(row));
      await insertChained(connection, pending.map(entryOf));
      for (const part of chunk(pending.map((p) => p.id), ROWS_PER_INSERT)) {
        await connection.query('DELETE FROM audit_pending WHERE id IN (?)', [part]);
      }
      await connection.commit();
      sealed += pending.length;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      throw error;
    }
  }
}

function entryOf(row: z.infer<typeof pendingRowSchema>): TimedAuditAppend {
  return { at: row.at, actor: row.actor, source: row.source, action: row.action, payload: payloadOf(row) };
}
