/**
 * Retention of the audit log itself. The application's database user has no DELETE right on
 * audit_log, so trimming runs on a separate 'audit-admin' connection (docs/audit.md: its grant
 * is SELECT, INSERT, DELETE on audit_log). It removes whole segments only — blocks of
 * `segmentSize` consecutive seqs, every entry of which is older than `before` — and, in the same
 * transaction under the audit lock, appends an `audit.trimmed` entry naming the removed range and
 * the hash of its last entry: the new first entry's prev_hash, so verification still starts there.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors.js';
import { GENESIS_HASH } from '../audit/audit-hash.js';
import { appendLocked, readChainHead, releaseAuditLock, takeAuditLock } from './audit-chain.js';
import { connectMariaDb } from './connect.js';

export type TrimOptions = { before: Date; segmentSize: number; actor: string; source: string; now: Date };
export type TrimResult = { entries: number; fromSeq: number; throughSeq: number; lastHash: string } | null;

export const DEFAULT_SEGMENT_SIZE = 10_000;

export async function trimAuditLog(adminPool: Pool, options: TrimOptions): Promise<TrimResult> {
  if (!Number.isInteger(options.segmentSize) || options.segmentSize < 1) throw new Error('segmentSize must be a positive integer');
  const connection = await adminPool.getConnection();
  let lock: string | null = null;
  try {
    lock = await takeAuditLock(connection);
    await connection.beginTransaction();
    const head = await readChainHead(connection);
    if (!head) {
      await connection.rollback();
      return null;
    }
    const [[bounds]] = await connection.query<RowDataPacket[]>(
      'SELECT MIN(seq) AS first, (SELECT MIN(seq) FROM audit_log WHERE at >= ?) AS firstKept FROM audit_log',
      [options.before],
    );
    const first = Number(bounds?.['first']);
    const firstKept = bounds?.['firstKept'] === null || bounds?.['firstKept'] === undefined ? head.seq + 1 : Number(bounds['firstKept']);
    // Whole segments only, and never the head: the trim record must chain onto a kept entry's successor.
    const lastOld = Math.min(firstKept - 1, head.seq);
    const throughSeq = Math.floor(lastOld / options.segmentSize) * options.segmentSize;
    if (throughSeq < first) {
      await connection.rollback();
      return null;
    }
    const [[last]] = await connection.query<RowDataPacket[]>('SELECT hash FROM audit_log WHERE seq = ?', [throughSeq]);
    const lastHash = typeof last?.['hash'] === 'string' ? last['hash'] : GENESIS_HASH;
    const [deleted] = await connection.query('DELETE FROM audit_log WHERE seq <= ?', [throughSeq]);
    const entries = Number((deleted as { affectedRows?: number }).affectedRows ?? 0);
    const payload = { fromSeq: first, throughSeq, entries, lastHash, before: options.before.toISOString() };
    await appendLocked(connection, [{ actor: options.actor, source: options.source, action: 'audit.trimmed', payload }], options.now);
    await connection.commit();
    return { entries, fromSeq: first, throughSeq, lastHash };
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    if (lock !== null) await releaseAuditLock(connection, lock);
    connection.release();
  }
}

const DENIED = new Set(['ER_TABLEACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_ERROR', 'ER_SPECIFIC_ACCESS_DENIED_ERROR']);

/** Trims on a connection of its own (the audit-admin account's URL); a missing DELETE grant is named, not a stack trace. */
export async function trimAuditLogAt(url: string, caFile: string | null, options: TrimOptions): Promise<TrimResult> {
  const pool = await connectMariaDb(url, caFile ? { caFile, connectionLimit: 1 } : { connectionLimit: 1 });
  try {
    return await trimAuditLog(pool, options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && DENIED.has(code)) {
      throw new AppError(
        'not-configured',
        'This database account may not delete audit entries (by design). Trim with the audit-admin account: set MARIADB_AUDIT_ADMIN_URL (docs/audit.md).',
        { cause: error },
      );
    }
    throw error;
  } finally {
    await pool.end();
  }
}
