/**
 * Per-database named locks (MariaDB GET_LOCK): the audit chain's writer, the thread settle step
 * and the search outbox's drainer each take one, so one session at a time does that work for a
 * database, whatever process it is in. A lock belongs to the session: a session that ends
 * releases it, so a dead worker never keeps one.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';

/** Takes `correspondent.<purpose>.<database>` on this session, waiting up to `timeoutSeconds` (0: only if free); its name, or null when not taken. */
export async function takeNamedLock(connection: PoolConnection, purpose: string, timeoutSeconds: number): Promise<string | null> {
  const [[database]] = await connection.query<RowDataPacket[]>('SELECT DATABASE() AS name');
  const name = `correspondent.${purpose}.${String(database?.['name'] ?? '')}`.slice(0, 64);
  const [[row]] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [name, timeoutSeconds]);
  return Number(row?.['acquired']) === 1 ? name : null;
}

/** Releases the lock; never throws (the session may be gone, which releases it too). */
export async function releaseNamedLock(connection: PoolConnection, name: string): Promise<void> {
  await connection.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
}
