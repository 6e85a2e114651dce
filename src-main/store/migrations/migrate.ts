/**
 * Runs pending migrations at start-up. Several workers may start against one database at the
 * same moment, so the whole run is serialised by a named lock (GET_LOCK) and the applied version
 * is read again after the lock is held: the second process finds nothing left to do.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../../src-shared/errors.js';
import { MIGRATIONS } from './all-migrations.js';
import type { Migration } from './migration.js';

const LOCK_TIMEOUT_SECONDS = 120;

export type MigrateResult = { applied: number[]; version: number };

export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  assertOrdered(migrations);
  const connection = await pool.getConnection();
  try {
    const [[database]] = await connection.query<RowDataPacket[]>('SELECT DATABASE() AS name');
    const lockName = `correspondent.migrate.${String(database?.['name'] ?? '')}`.slice(0, 64);
    const [[lock]] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [lockName, LOCK_TIMEOUT_SECONDS]);
    if (Number(lock?.['acquired']) !== 1) {
      throw new AppError('database-unavailable', `Timed out after ${LOCK_TIMEOUT_SECONDS}s waiting for another process to finish migrating the database.`, { retryable: true });
    }
    try {
      return await applyPending(connection, migrations);
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    connection.release();
  }
}

async function applyPending(connection: PoolConnection, migrations: readonly Migration[]): Promise<MigrateResult> {
  await connection.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
      version INT NOT NULL PRIMARY KEY,
      name VARCHAR(255) NOT NULL,
      applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  );
  const [rows] = await connection.query<RowDataPacket[]>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((row) => Number(row['version'])));
  const known = migrations.at(-1)?.version ?? 0;
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new AppError(
      'database-version',
      `The database schema is at version ${newest}, newer than this version of Correspondent understands (${known}). Upgrade Correspondent.`,
    );
  }
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    for (const statement of migration.up) await connection.query(statement);
    await connection.query('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [migration.version, migration.name]);
    done.push(migration.version);
  }
  return { applied: done, version: Math.max(newest, ...done) };
}

/** Versions must be unique and strictly increasing: a misordered list is a bug, not a runtime condition. */
export function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = index === 0 ? 0 : (migrations[index - 1]?.version ?? 0);
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`Migration ${migration.name} has version ${migration.version}; versions must increase from 1.`);
    }
  });
}

