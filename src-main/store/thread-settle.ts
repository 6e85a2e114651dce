/**
 * The settle step of threads (issue 17). A page commit stores its new emails with the thread its
 * snapshot sees and lists their keys in thread_pending (threads.ts, migration 015); it no longer
 * moves, inside its transaction, the stored emails that were waiting for them. This step does,
 * after the commit, in short transactions of its own, one session at a time (a named lock, like
 * the audit seal): for a batch of pending keys it reads (consistent reads, no locks) the pending
 * emails and the emails whose thread_key is one of those keys, follows each one's thread_key
 * through the stored emails to where it ends (thread-key.ts, followThread), locks the rows to
 * change in message_key order, updates them by id, and deletes the batch from thread_pending.
 *
 * Why the result is exact. Only this step changes the thread_key of a committed email, one
 * session at a time, and its reads see everything committed before its batch began. An email is
 * stale when its thread_key is the key of a stored email whose thread_key differs. A page lists
 * every email it stores, so a stale email always has its own key, or the key its thread_key
 * names, still pending: the step settles the pending keys it sees and the waiters it sees, and
 * what it cannot see (a page committing meanwhile) is pending still and settled by a later step.
 * When nothing is pending, no email is stale, and every thread_key is the root of its chain.
 *
 * Why it does not deadlock the pages. A page locks only its own new rows and the stored emails it
 * sees again, in message_key order (commit-page.ts); this step locks the rows it changes in the
 * same order and takes no gap or range lock on the thread_key index (it reads without locks and
 * updates by primary key), so neither can hold a row the other waits for while waiting for one the
 * other holds. A deadlock with anything else (a purge, a reassignment) retries the batch; a step
 * that fails leaves its keys pending, and the page is committed whatever it does.
 *
 * Who settles: the page's writer right after its commit, without waiting (if another session
 * holds the lock, that session settles ours too: settleLeftBehind), and the end of every sync
 * cycle, waiting. A worker killed between its commit and its settle leaves its keys pending for
 * the next page commit of any worker or cycle end; until then those threads show as they were.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors.js';
import { followThread } from './thread-key.js';
import { chunk, isRetryableTransactionError, retryPause } from './transaction.js';
import { releaseNamedLock, takeNamedLock } from './named-lock.js';

/** Pending keys per transaction. */
const SETTLE_BATCH = 500;
/** Rows changed per transaction at most (a long thread whose root arrives last has many waiters); tests lower it. */
const MAX_CHANGES = 5000;
const READ_CHUNK = 500;
const MAX_ATTEMPTS = 5;
const LOCK_TIMEOUT_SECONDS = 60;

export type SettleOutcome = { changed: number; locked: boolean };

/**
 * Settles every committed pending key. `wait: false` takes the lock only if it is free (its holder
 * settles what is pending) and returns `locked: false` otherwise; `wait: true` waits for it.
 */
export async function settlePendingThreads(pool: Pool, options: { wait: boolean; maxChanges?: number }): Promise<SettleOutcome> {
  const limit = options.maxChanges ?? MAX_CHANGES;
  const connection = await pool.getConnection();
  try {
    const lock = await takeNamedLock(connection, 'threads', options.wait ? LOCK_TIMEOUT_SECONDS : 0);
    if (lock === null) {
      if (!options.wait) return { changed: 0, locked: false };
      throw new AppError('database-unavailable', `Timed out after ${LOCK_TIMEOUT_SECONDS}s waiting to settle threads.`, { retryable: true });
    }
    let changed: number;
    try {
      changed = await settleLocked(connection, limit);
    } finally {
      await releaseNamedLock(connection, lock);
    }
    return { changed: changed + (await settleLeftBehind(connection, limit)), locked: true };
  } finally {
    connection.release();
  }
}

/**
 * Right after releasing the lock: a page that committed while we held it failed to take it and
 * left its keys to us; if our last read came before its commit they are still pending. Its commit
 * came before its attempt, before our release, before this read: so this read sees them (the same
 * argument as the audit seal's, audit-seal.ts). Whoever releases last leaves nothing behind.
 */
async function settleLeftBehind(connection: PoolConnection, limit: number): Promise<number> {
  let changed = 0;
  for (;;) {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT id FROM thread_pending LIMIT 1');
    if (rows.length === 0) return changed;
    const lock = await takeNamedLock(connection, 'threads', 0);
    if (lock === null) return changed;
    try {
      changed += await settleLocked(connection, limit);
    } finally {
      await releaseNamedLock(connection, lock);
    }
  }
}

/** Batch after batch until nothing committed is pending. The caller holds the lock and no transaction. */
async function settleLocked(connection: PoolConnection, limit: number): Promise<number> {
  let changed = 0;
  for (;;) {
    const batch = await settleBatchWithRetry(connection, limit);
    if (batch === null) return changed;
    changed += batch;
  }
}

async function settleBatchWithRetry(connection: PoolConnection, limit: number): Promise<number | null> {
  for (let attempt = 1; ; attempt += 1) {
    // READ COMMITTED (this transaction only): its locking read and UPDATE lock the rows they
    // change and nothing else. Under REPEATABLE READ their IN-list scans took next-key locks (the
    // gap before each row) and locked the row after each one, which is where other pages insert.
    await connection.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await connection.beginTransaction();
    try {
      const result = await settleBatch(connection, limit);
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
    }
    await retryPause(attempt);
  }
}

type Row = { id: number; key: string; thread: string };

/** One transaction: settles a batch of pending keys; null when none was pending. */
async function settleBatch(connection: PoolConnection, limit: number): Promise<number | null> {
  // Each read sees what was committed when it ran (READ COMMITTED): a key or waiter committed
  // after the pending read is settled now or, with its own pending row, later; never missed.
  const [pending] = await connection.query<RowDataPacket[]>('SELECT id, message_key FROM thread_pending ORDER BY id LIMIT ?', [SETTLE_BATCH]);
  if (pending.length === 0) return null;
  const keys = [...new Set(pending.map((row) => String(row['message_key'])))];

  const rows = new Map<number, Row>(); // the pending emails and those waiting for them
  const known = new Map<string, string | null>(); // thread_key by message key; null: not stored
  const remember = (found: RowDataPacket[]) => {
    for (const r of found) {
      const row = { id: Number(r['id']), key: String(r['message_key']), thread: String(r['thread_key'] ?? r['message_key']) };
      rows.set(row.id, row);
      known.set(row.key, row.thread);
    }
  };
  for (const part of chunk(keys, READ_CHUNK)) {
    const [found] = await connection.query<RowDataPacket[]>('SELECT id, message_key, thread_key FROM emails FORCE INDEX (emails_message_key) WHERE message_key IN (?)', [part]);
    remember(found);
    for (const key of part) if (!known.has(key)) known.set(key, null); // purged meanwhile
    const [waiting] = await connection.query<RowDataPacket[]>('SELECT id, message_key, thread_key FROM emails FORCE INDEX (emails_thread_key) WHERE thread_key IN (?)', [part]);
    remember(waiting);
  }

  // Where each one's thread_key leads, reading the stored emails on the way (mostly one step).
  const settled = new Map<number, string>();
  let open = [...rows.values()];
  while (open.length > 0) {
    const missing = new Set<string>();
    const next: Row[] = [];
    for (const row of open) {
      const walk = followThread(row.thread, known);
      if ('thread' in walk) settled.set(row.id, walk.thread);
      else {
        missing.add(walk.missing);
        next.push(row);
      }
    }
    for (const part of chunk([...missing], READ_CHUNK)) {
      const [found] = await connection.query<RowDataPacket[]>('SELECT message_key, thread_key FROM emails FORCE INDEX (emails_message_key) WHERE message_key IN (?)', [part]);
      for (const r of found) known.set(String(r['message_key']), String(r['thread_key'] ?? r['message_key']));
      for (const key of part) if (!known.has(key)) known.set(key, null);
    }
    open = next;
  }

  const changes = [...rows.values()]
    .filter((row) => settled.get(row.id) !== row.thread)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Too many for one transaction: change the first `limit` and keep the batch pending (what is
  // changed no longer waits, so the next round finds the rest).
  const done = changes.length <= limit;
  const applied = changes.slice(0, limit);
  // Lock in message_key order, the order page commits lock the stored emails they see again.
  for (const part of chunk(applied.map((row) => row.key), READ_CHUNK)) {
    await connection.query('SELECT id FROM emails FORCE INDEX (emails_message_key) WHERE message_key IN (?) FOR UPDATE', [part]);
  }
  // The UPDATE and DELETE join the rows by primary key (eq_ref): with `WHERE id IN (...)` on a
  // small table (thread_pending always is) the optimizer scans it, and the scan waits for the
  // rows an open page transaction has just staged, holding the settle lock all that time.
  for (const part of chunk(applied, READ_CHUNK)) {
    await connection.query(
      `UPDATE JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$.id', thread VARCHAR(700) PATH '$.thread')) AS j
       STRAIGHT_JOIN emails e FORCE INDEX (PRIMARY) ON e.id = j.id SET e.thread_key = j.thread`,
      [JSON.stringify(part.map((row) => ({ id: row.id, thread: settled.get(row.id) ?? row.thread })))],
    );
  }
  if (done) {
    for (const part of chunk(pending.map((row) => Number(row['id'])), READ_CHUNK)) {
      await connection.query(
        "DELETE p FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH '$')) AS j STRAIGHT_JOIN thread_pending p FORCE INDEX (PRIMARY) ON p.id = j.id",
        [JSON.stringify(part)],
      );
    }
  }
  return applied.length;
}
