/** Multi-row UPDATE in one statement per chunk (CASE on the key), instead of one round trip per row. */
import type { PoolConnection } from 'mysql2/promise';
import { chunk } from './transaction.js';

const ROWS_PER_UPDATE = 500;

/**
 * `UPDATE table SET column = CASE key WHEN k1 THEN v1 ... END WHERE key IN (...)`. Table and column
 * names are compile-time constants of the caller, never input; keys and values are parameters.
 */
export async function updateByKey(
  connection: PoolConnection,
  // By primary key only: an UPDATE by thread_key range-locked the rows other pages were inserting (threads.ts).
  target: { table: 'emails'; column: 'thread_key' | 'assigned_to'; key: 'id' },
  values: ReadonlyMap<string | number, string | null>,
): Promise<void> {
  for (const part of chunk([...values.entries()], ROWS_PER_UPDATE)) {
    const cases = part.map(() => 'WHEN ? THEN ?').join(' ');
    await connection.query(
      `UPDATE ${target.table} SET ${target.column} = CASE ${target.key} ${cases} END WHERE ${target.key} IN (?)`,
      [...part.flat(), part.map(([key]) => key)],
    );
  }
}
