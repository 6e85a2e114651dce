/** Settles the thread_key of a page's new emails and of stored emails that were waiting for them (thread-key.ts). */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { updateByKey } from './sql-batch.js';
import { resolveThreads } from './thread-key.js';
import { chunk } from './transaction.js';

export type NewThreadMember = { id: number; key: string; pointer: string };

export async function settleThreads(connection: PoolConnection, created: readonly NewThreadMember[]): Promise<void> {
  if (created.length === 0) return;
  const pointers = new Map(created.map((c) => [c.key, c.pointer]));
  const outside = [...new Set(created.map((c) => c.pointer))].filter((p) => !pointers.has(p));
  const stored = new Map<string, string>();
  for (const part of chunk(outside, 500)) {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT message_key, thread_key FROM emails FORCE INDEX (emails_message_key) WHERE message_key IN (?) LOCK IN SHARE MODE',
      [part],
    );
    for (const row of rows) stored.set(String(row['message_key']), String(row['thread_key'] ?? row['message_key']));
  }
  const resolved = resolveThreads(pointers, stored);

  const moved = new Map<number, string>();
  const waiting = new Map<string, string>();
  for (const c of created) {
    const thread = resolved.get(c.key) ?? c.pointer;
    if (thread !== c.pointer) moved.set(c.id, thread);
    if (thread !== c.key) waiting.set(c.key, thread);
  }
  await updateByKey(connection, { table: 'emails', column: 'thread_key', key: 'id' }, moved);
  // Stored emails that pointed at a now-stored reply move to that reply's thread.
  await updateByKey(connection, { table: 'emails', column: 'thread_key', key: 'thread_key' }, waiting);
}
