/**
 * Several workers write to one MariaDB: InnoDB may pick one of two concurrent transactions as a
 * deadlock victim (or time out a lock wait). Both are safe to retry from the start, so every
 * write transaction goes through here instead of failing the page.
 */
import type { Pool, PoolConnection } from 'mysql2/promise';

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 5;

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
      const code = (error as { code?: unknown }).code;
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    } finally {
      connection.release();
    }
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
