/** Server-level chores that are not part of the MailStore port: reset (tests, `demo --reset`) and diagnostics. */
import mysql from 'mysql2/promise';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors.js';
import { connectMariaDb } from './connect.js';
import { parseDatabaseUrl, withDatabase } from './database-url.js';

/** Drops the database named in the URL (if it exists). A URL without a database is refused. */
export async function dropDatabase(url: string, caFile?: string): Promise<void> {
  const { database } = parseDatabaseUrl(url);
  if (!database) throw new AppError('invalid-input', 'The MariaDB URL names no database to drop.');
  const pool = await connectMariaDb(withDatabase(url, null), caFile ? { caFile, connectionLimit: 1 } : { connectionLimit: 1 });
  try {
    await pool.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(database)}`);
  } finally {
    await pool.end();
  }
}

/** `SELECT VERSION()`, e.g. "10.11.6-MariaDB-0+deb12u1", for status pages. */
export async function serverVersionOf(pool: Pool): Promise<string> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS version');
  return String(rows[0]?.['version'] ?? '');
}
