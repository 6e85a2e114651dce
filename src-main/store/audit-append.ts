/**
 * The store's direct appends to the audit log (admin actions, purges, CRM and exclusion changes):
 * each holds the audit lock from reading the chain head to the COMMIT of its rows (audit-chain.ts).
 * Page commits do not come here: they stage their entries (audit-seal.ts). So that the chain keeps
 * one order, a direct append first seals what is staged, under the same lock, then appends.
 *
 * The lock is taken BEFORE the transaction's first statement: a transaction that waited for it
 * while holding row locks would prolong those locks and, under concurrent sync workers, turn
 * occasional InnoDB deadlocks into retry storms (seen in the walking skeleton). Taken first, it
 * holds no row lock while waiting, so no lock cycle can pass through it.
 * The app's database user needs only SELECT and INSERT on audit_log (docs/audit.md).
 */
import type { Pool, PoolConnection } from 'mysql2/promise';
import { appendLocked, releaseAuditLock, takeAuditLock, type AuditAppend } from './audit-chain.js';
import { sealLeftBehind, sealLocked } from './audit-seal.js';
import { isRetryableTransactionError, retryPause } from './transaction.js';

export type { AuditAppend } from './audit-chain.js';

const MAX_ATTEMPTS = 5;

/** Appends one entry in a transaction of its own. */
export async function appendAuditRecord(pool: Pool, record: AuditAppend, at: Date): Promise<void> {
  await appendAuditRecords(pool, [record], at);
}

export async function appendAuditRecords(pool: Pool, records: readonly AuditAppend[], at: Date): Promise<void> {
  if (records.length === 0) return;
  await withChainedTransaction(pool, records, async () => undefined, () => at);
}

/**
 * Runs `work` in a transaction whose last step appends `audit`, so the entries commit with the
 * change they describe or not at all. Deadlocks are retried from the start. Without entries it is
 * a plain transaction (no audit lock).
 */
export async function withChainedTransaction<T>(
  pool: Pool,
  audit: readonly AuditAppend[],
  work: (connection: PoolConnection) => Promise<T>,
  now: () => Date,
): Promise<T> {
  return withAuditedTransaction(pool, audit.length > 0, async (connection) => ({ value: await work(connection), audit }), now);
}

/**
 * Like withChainedTransaction, for changes whose audit entries depend on what the transaction
 * read (before/after values): `work` returns them with its value. `audited` says whether to take
 * the audit lock up front (it must be held before the first statement, or concurrent writers
 * deadlock on the chain head).
 */
export async function withAuditedTransaction<T>(
  pool: Pool,
  audited: boolean,
  work: (connection: PoolConnection) => Promise<{ value: T; audit: readonly AuditAppend[] }>,
  now: () => Date,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const connection = await pool.getConnection();
    let lock: string | null = null;
    try {
      if (audited) {
        lock = await takeAuditLock(connection);
        await sealLocked(connection);
      }
      await connection.beginTransaction();
      const { value, audit } = await work(connection);
      if (audit.length > 0) {
        if (lock === null) throw new Error('audit entries need the audit lock taken before the transaction');
        await appendLocked(connection, audit, now());
      }
      await connection.commit();
      return value;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
    } finally {
      if (lock !== null) {
        await releaseAuditLock(connection, lock);
        await sealLeftBehind(connection).catch(() => undefined); // readers seal whatever this leaves
      }
      connection.release();
    }
    await retryPause(attempt);
  }
}
