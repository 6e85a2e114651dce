/**
 * Mailbox leases (architecture.md "Scale"): several instances share one MariaDB, and each mailbox
 * is synced by one of them at a time. A lease is the mailbox's row in mailbox_leases holding the
 * instance's id and an expiry. Claims lock the candidate rows with FOR UPDATE SKIP LOCKED inside a
 * short transaction, so two instances claiming at once split the mailboxes instead of queueing on
 * each other; the row lock is not held while syncing (the expiry is the lease). Times are the
 * database's.
 *
 * Issue 20: a lease is also free once its holder is gone - its heartbeat went stale (any host), or
 * its process no longer exists (same host, lease-holder.ts) - so a killed worker's mailboxes are
 * taken over within seconds, not after the 5-minute expiry. A claim says why it did not get a
 * mailbox: held by a live instance (which one), or not due yet.
 */
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { holderIsGone, type LeaseHolder } from './lease-holder.js';
import { chunk, withTransaction } from './transaction.js';

const MICROS_PER_MS = 1000;

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const strOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/**
 * SQL (over mailbox_leases as `l`): 1 when the lease is held and its holder still beats - not
 * expired, heartbeat not stale. Readers add the same-host pid check (holderIsGone) in code.
 */
export const LEASE_LIVE_SQL = '(l.holder IS NOT NULL AND l.expires_at IS NOT NULL AND l.expires_at >= NOW(3) AND (l.stale_at IS NULL OR l.stale_at >= NOW(3)))';

/** A lease row (read with LEASE_LIVE_SQL AS lease_live and the holder columns) held by a live holder. */
export function isLiveLease(row: RowDataPacket, isGone: typeof holderIsGone = holderIsGone): boolean {
  if (!Number(row['lease_live'])) return false;
  return !isGone({ host: strOrNull(row['holder_host']), pid: numOrNull(row['holder_pid']), scope: strOrNull(row['holder_scope']) });
}

export type LeaseClaim = {
  holder: LeaseHolder;
  ttlMs: number;
  /** How long after its last heartbeat a holder counts as gone. */
  staleMs: number;
  /** Leave out mailboxes whose next run is still ahead (scheduled cycles). */
  dueOnly: boolean;
  /** Injected liveness check of a same-host holder (tests); default: lease-holder.ts. */
  isGone?: typeof holderIsGone;
};

/** A mailbox another live instance holds: who, and since when. */
export type HeldMailbox = { mailbox: string; holder: string | null; host: string | null; pid: number | null; since: string | null };

export type ClaimResult = { claimed: string[]; held: HeldMailbox[] };


function heldOf(row: RowDataPacket): HeldMailbox {
  return { mailbox: String(row['mailbox']), holder: strOrNull(row['holder']), host: strOrNull(row['holder_host']), pid: numOrNull(row['holder_pid']), since: iso(row['acquired_at']) };
}

export async function claimLeases(pool: Pool, mailboxes: string[], claim: LeaseClaim): Promise<ClaimResult> {
  const isGone = claim.isGone ?? holderIsGone;
  const result: ClaimResult = { claimed: [], held: [] };
  for (const part of chunk([...new Set(mailboxes)].sort(), 500)) {
    const taken = await withTransaction(pool, async (connection) => {
      const [rows] = await connection.query<RowDataPacket[]>(
        `SELECT l.mailbox, l.holder, l.acquired_at, l.holder_host, l.holder_pid, l.holder_scope,
                (l.holder IS NULL OR l.holder = ? OR l.expires_at IS NULL OR l.expires_at < NOW(3)
                 OR (l.stale_at IS NOT NULL AND l.stale_at < NOW(3))) AS free,
                ${claim.dueOnly ? '(h.next_run_at IS NULL OR h.next_run_at <= NOW(3))' : '1'} AS due
         FROM mailbox_leases l
         ${claim.dueOnly ? 'LEFT JOIN sync_mailbox_health h ON h.mailbox = l.mailbox' : ''}
         WHERE l.mailbox IN (?)
         ORDER BY l.mailbox
         FOR UPDATE SKIP LOCKED`,
        [claim.holder.id, part],
      );
      const free: string[] = [];
      const held: HeldMailbox[] = [];
      for (const row of rows) {
        if (!Number(row['due'])) continue;
        const gone = isGone({ host: strOrNull(row['holder_host']), pid: numOrNull(row['holder_pid']), scope: strOrNull(row['holder_scope']) });
        if (Number(row['free']) || gone) free.push(String(row['mailbox']));
        else held.push(heldOf(row));
      }
      if (free.length > 0) {
        await connection.query(
          `UPDATE mailbox_leases SET holder = ?, acquired_at = NOW(3), expires_at = NOW(3) + INTERVAL ? MICROSECOND,
             heartbeat_at = NOW(3), stale_at = NOW(3) + INTERVAL ? MICROSECOND, holder_host = ?, holder_pid = ?, holder_scope = ?
           WHERE mailbox IN (?)`,
          [claim.holder.id, Math.round(claim.ttlMs * MICROS_PER_MS), Math.round(claim.staleMs * MICROS_PER_MS), claim.holder.host, claim.holder.pid, claim.holder.scope, free],
        );
      }
      // Rows another instance is claiming this very moment were skipped, not returned: held too.
      const seen = new Set(rows.map((row) => String(row['mailbox'])));
      const skipped = part.filter((mailbox) => !seen.has(mailbox));
      return { free, held, skipped };
    });
    result.claimed.push(...taken.free);
    result.held.push(...taken.held);
    if (taken.skipped.length > 0) result.held.push(...(await lockedElsewhere(pool, taken.skipped)));
  }
  return result;
}

/** Who holds the rows a claim skipped (a plain read: no lock is waited for). */
async function lockedElsewhere(pool: Pool, mailboxes: string[]): Promise<HeldMailbox[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT mailbox, holder, acquired_at, holder_host, holder_pid FROM mailbox_leases WHERE mailbox IN (?)', [mailboxes]);
  return rows.map(heldOf);
}

/** The heartbeat: extends the lease and its freshness; false when `holder` no longer holds it. */
export async function renewLease(pool: Pool, mailbox: string, holder: string, ttlMs: number, staleMs: number): Promise<boolean> {
  const [result] = await pool.query<ResultSetHeader>(
    `UPDATE mailbox_leases SET expires_at = NOW(3) + INTERVAL ? MICROSECOND, heartbeat_at = NOW(3), stale_at = NOW(3) + INTERVAL ? MICROSECOND
     WHERE mailbox = ? AND holder = ?`,
    [Math.round(ttlMs * MICROS_PER_MS), Math.round(staleMs * MICROS_PER_MS), mailbox, holder],
  );
  return result.affectedRows > 0;
}

export async function releaseLease(pool: Pool, mailbox: string, holder: string): Promise<void> {
  await pool.query(
    `UPDATE mailbox_leases SET holder = NULL, acquired_at = NULL, expires_at = NULL, heartbeat_at = NULL, stale_at = NULL,
       holder_host = NULL, holder_pid = NULL, holder_scope = NULL
     WHERE mailbox = ? AND holder = ?`,
    [mailbox, holder],
  );
}
