/**
 * Several workers write to one MariaDB: InnoDB may pick one of two concurrent transactions as a
 * deadlock victim (or time out a lock wait). Both are safe to retry from the start, so every
 * write transaction goes through here instead of failing the page.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolConnection } from 'mysql2/promise';

/** ER_LOCK_DEADLOCK (1213) and ER_LOCK_WAIT_TIMEOUT (1205). */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5;

export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * The pause before retry `attempt + 1`: random in [0, 5 ms * 2^attempt) ("full jitter"), so two
 * transactions that just deadlocked do not restart in step and deadlock again.
 */
export async function retryPause(attempt: number): Promise<void> {
  await sleep(Math.floor(Math.random() * RETRY_BASE_MS * 2 ** Math.min(attempt, 6)));
}

export async function withTransaction<T>(pool: Pool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const result = await work(connection);
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback().catch(() => undefined);
      if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
    } finally {
      connection.release();
    }
    await retryPause(attempt);
  }
}

/** Splits rows for multi-row INSERTs, bounded by row count and by an approximate byte weight. */
export function chunk<T>(rows: readonly T[], maxRows: number, weigh: (row: T) => number = () => 0, maxWeight = Infinity): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let weight = 0;
  for (const row of rows) {
    const w = weigh(row);
    if (current.length > 0 && (current.length >= maxRows || weight + w > maxWeight)) {
      chunks.push(current);
      current = [];
      weight = 0;
    }
    current.push(row);
    weight += w;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
