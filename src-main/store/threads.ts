/**
 * The thread_key of a page's new emails (thread-key.ts), without a lock on anything stored.
 *
 * The threads are resolved before the page's transaction, from a plain read of the stored emails,
 * and inserted with the rows. The stored emails that were waiting for the page's emails are not
 * moved by the page: the page lists its new keys in thread_pending, in its transaction, and the
 * settle step after the commit moves them (thread-settle.ts). The page used to do both after its
 * inserts, with a LOCK IN SHARE MODE read of the parents, an UPDATE of its rows by id and an
 * `UPDATE ... WHERE thread_key = ?`. Those share locks (gap locks where a parent was absent), the
 * next-key locks of the IN-list UPDATEs (each also locking the row after its last one: another
 * page's new row) and the range locks on the thread_key index reached the rows that other
 * mailboxes' pages of the same long thread were inserting, so parallel pages deadlocked one
 * another until withTransaction's five attempts were spent.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { resolveThreads } from './thread-key.js';
import { chunk } from './transaction.js';

const ROWS_PER_INSERT = 1000;

/**
 * Thread keys for a page's emails (`pointers`: storage key -> thread pointer), resolved through
 * the page and the stored emails, read before the page's transaction (commit-page.ts,
 * readPageThreads). A parent another page is storing right now is not seen (and not waited for):
 * the settle step after that page's commit, or after ours, corrects the thread. Emails of the page
 * that are stored already keep their row (the insert ignores them).
 */
export async function pageThreads(pool: Pool, pointers: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...pointers.keys(), ...pointers.values()])];
  const stored = new Map<string, string>();
  for (const part of chunk(wanted, 500)) {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT message_key, thread_key FROM emails FORCE INDEX (emails_message_key) WHERE message_key IN (?)', [part]);
    for (const row of rows) stored.set(String(row['message_key']), String(row['thread_key'] ?? row['message_key']));
  }
  const fresh = new Map([...pointers].filter(([key]) => !stored.has(key)));
  const resolved = resolveThreads(fresh, stored);
  return new Map([...pointers].map(([key, pointer]) => [key, resolved.get(key) ?? stored.get(key) ?? pointer]));
}

/** Lists the page's new emails for the settle step (a plain INSERT: no lock on anything stored). */
export async function stageThreads(connection: PoolConnection, keys: readonly string[]): Promise<void> {
  for (const part of chunk(keys, ROWS_PER_INSERT)) {
    await connection.query('INSERT INTO thread_pending (message_key) VALUES ?', [part.map((key) => [key])]);
  }
}
