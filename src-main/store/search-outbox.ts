/**
 * The search outbox: rows saying "email X changed", written in the same transaction as the change
 * (commitPage, purge), so Elasticsearch can be down for a week and catch up without losing
 * anything. Draining is serialised across every instance sharing the database by a named lock:
 * two drains could otherwise send an old and a new version of one email in the wrong order.
 * Rows are deleted only after Elasticsearch acknowledged their email; a rejected email is retried
 * later with capped backoff and never blocks the rest. Due times use the database's clock only
 * (rows are stamped by it), so clock skew between instances cannot hide a row.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { DrainOutcome, SearchChange, SearchSend } from './mail-store.js';
import { searchDocuments } from './search-documents.js';
import { chunk } from './transaction.js';
import { releaseNamedLock, takeNamedLock } from './named-lock.js';

const RETRY_BASE_SECONDS = 5;
const RETRY_MAX_SECONDS = 3600;

export async function enqueueForSearch(connection: PoolConnection | Pool, emailIds: readonly number[]): Promise<void> {
  const unique = [...new Set(emailIds)];
  for (const part of chunk(unique, 1000)) {
    await connection.query('INSERT INTO search_outbox (email_id) VALUES ?', [part.map((id) => [id])]);
  }
}

export async function searchBacklog(pool: Pool): Promise<number> {
  const [[row]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM search_outbox');
  return Number(row?.['n'] ?? 0);
}

/** Queues every stored email (for a rebuilt index). Returns how many emails were queued. */
export async function enqueueAllForSearch(pool: Pool): Promise<number> {
  const [result] = await pool.query('INSERT INTO search_outbox (email_id) SELECT id FROM emails');
  return Number((result as { affectedRows?: number }).affectedRows ?? 0);
}

export async function drainSearchOutbox(pool: Pool, limit: number, send: SearchSend): Promise<DrainOutcome> {
  const connection = await pool.getConnection();
  try {
    const lock = await takeNamedLock(connection, 'search', 0);
    if (lock === null) return { busy: true, sent: 0, failed: 0 };
    try {
      return await drainLocked(connection, limit, send);
    } finally {
      await releaseNamedLock(connection, lock);
    }
  } finally {
    connection.release();
  }
}

async function drainLocked(connection: PoolConnection, limit: number, send: SearchSend): Promise<DrainOutcome> {
  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT id, email_id, attempts FROM search_outbox WHERE next_attempt_at <= NOW(3) ORDER BY next_attempt_at, id LIMIT ?',
    [limit],
  );
  if (rows.length === 0) return { busy: false, sent: 0, failed: 0 };
  const emailIds = [...new Set(rows.map((row) => Number(row['email_id'])))].sort((a, b) => a - b);
  const documents = await searchDocuments(connection, emailIds);
  const changes: SearchChange[] = emailIds.map((emailId) => ({ emailId, document: documents.get(emailId) ?? null }));

  const failures = await send(changes); // throws when Elasticsearch is unreachable: every row stays
  const done = rows.filter((row) => !failures.has(Number(row['email_id']))).map((row) => Number(row['id']));
  for (const part of chunk(done, 1000)) await connection.query('DELETE FROM search_outbox WHERE id IN (?)', [part]);
  for (const row of rows) {
    const error = failures.get(Number(row['email_id']));
    if (error === undefined) continue;
    const attempts = Number(row['attempts']) + 1;
    const delay = Math.min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** Math.min(attempts - 1, 20));
    await connection.query('UPDATE search_outbox SET attempts = ?, next_attempt_at = NOW(3) + INTERVAL ? SECOND, last_error = ? WHERE id = ?', [
      attempts,
      delay,
      error.slice(0, 1024),
      row['id'],
    ]);
  }
  return { busy: false, sent: changes.length - failures.size, failed: failures.size };
}
