/**
 * Mailbox leases (architecture.md "Scale"): several instances share one MariaDB, and each mailbox
 * is synced by one of them at a time. A lease is the mailbox's row in mailbox_leases holding the
 * instance's id and an expiry. Claims lock the candidate rows with FOR UPDATE SKIP LOCKED inside a
 * short transaction, so two instances claiming at once split the mailboxes instead of queueing on
 * each other; the row lock is not held while syncing (the expiry is the lease), so a dead
 * instance's mailboxes are taken over as soon as its leases expire. Times are the database's.
 */
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { chunk, withTransaction } from './transaction.js';

const MICROS_PER_MS = 1000;

export async function claimLeases(pool: Pool, mailboxes: string[], holder: string, ttlMs: number, dueOnly: boolean): Promise<string[]> {
  const claimed: string[] = [];
  for (const part of chunk([...new Set(mailboxes)].sort(), 500)) {
    const taken = await withTransaction(pool, async (connection) => {
      const [rows] = await connection.query<RowDataPacket[]>(
        `SELECT l.mailbox FROM mailbox_leases l
         ${dueOnly ? 'LEFT JOIN sync_mailbox_health h ON h.mailbox = l.mailbox' : ''}
         WHERE l.mailbox IN (?)
           AND (l.holder IS NULL OR l.holder = ? OR l.expires_at IS NULL OR l.expires_at < NOW(3))
           ${dueOnly ? 'AND (h.next_run_at IS NULL OR h.next_run_at <= NOW(3))' : ''}
         ORDER BY l.mailbox
         FOR UPDATE SKIP LOCKED`,
        [part, holder],
      );
      const free = rows.map((row) => String(row['mailbox']));
      if (free.length > 0) {
        await connection.query(
          'UPDATE mailbox_leases SET holder = ?, acquired_at = NOW(3), expires_at = NOW(3) + INTERVAL ? MICROSECOND WHERE mailbox IN (?)',
          [holder, Math.round(ttlMs * MICROS_PER_MS), free],
        );
      }
      return free;
    });
    claimed.push(...taken);
  }
  return claimed;
}

export async function renewLease(pool: Pool, mailbox: string, holder: string, ttlMs: number): Promise<boolean> {
  const [result] = await pool.query<ResultSetHeader>(
    'UPDATE mailbox_leases SET expires_at = NOW(3) + INTERVAL ? MICROSECOND WHERE mailbox = ? AND holder = ?',
    [Math.round(ttlMs * MICROS_PER_MS), mailbox, holder],
  );
  return result.affectedRows > 0;
}

export async function releaseLease(pool: Pool, mailbox: string, holder: string): Promise<void> {
  await pool.query('UPDATE mailbox_leases SET holder = NULL, acquired_at = NULL, expires_at = NULL WHERE mailbox = ? AND holder = ?', [mailbox, holder]);
}
