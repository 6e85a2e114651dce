/**
 * One way to open MariaDB for every shell (app, CLI workers, tests). Settled here so nobody else
 * has to remember them:
 * - utf8mb4 everywhere (emoji and CJK in subjects and names survive the round trip);
 * - UTC: the driver converts JS Dates as UTC (timezone 'Z') and every session runs with
 *   time_zone '+00:00', so server-side defaults (CURRENT_TIMESTAMP) are UTC as well.
 *   DATETIME/TIMESTAMP come back as Date objects, DATE columns as 'YYYY-MM-DD' strings (a calendar
 *   date has no instant); DECIMAL comes back as number.
 * - a fixed strict sql_mode per session: bad data fails loudly whatever the server's default;
 * - the server version is checked before anything else (MariaDB >= 10.6);
 * - driver failures become AppError 'database-unavailable' that say refused / DNS / access / TLS;
 * - the database named in the URL is created when missing and the user may create it.
 */
import { readFile } from 'node:fs/promises';
import mysql from 'mysql2/promise';
import type { Pool, PoolOptions, ConnectionOptions, RowDataPacket } from 'mysql2/promise';
import { AppError } from '../../src-shared/errors.js';
import { toConnectionError, type ConnectionTarget } from './connection-errors.js';
import { parseDatabaseUrl, type DatabaseUrl } from './database-url.js';
import { assertSupportedServer } from './server-version.js';

const SESSION_SETUP =
  "SET SESSION time_zone = '+00:00', sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

export type ConnectOptions = {
  /** PEM file of the CA that signed the server certificate; enables TLS with verification. */
  caFile?: string;
  /** Pool size; default 10. */
  connectionLimit?: number;
};

export async function connectMariaDb(url: string, options: ConnectOptions = {}): Promise<Pool> {
  const target = parseDatabaseUrl(url);
  const base = await baseOptions(target, options);
  const describe: ConnectionTarget = { host: target.host, port: target.port, user: target.user, database: target.database };

  let probe: mysql.Connection;
  try {
    probe = await mysql.createConnection(base);
  } catch (error) {
    throw toConnectionError(error, describe);
  }
  try {
    const [rows] = await probe.query<RowDataPacket[]>('SELECT VERSION() AS version');
    assertSupportedServer(String(rows[0]?.['version'] ?? ''));
    if (target.database) await createDatabaseIfPermitted(probe, target.database);
  } finally {
    await probe.end().catch(() => undefined);
  }

  const pool = mysql.createPool({
    ...base,
    database: target.database ?? undefined,
    connectionLimit: options.connectionLimit ?? 10,
    waitForConnections: true,
  } satisfies PoolOptions);
  pool.pool.on('connection', (connection) => {
    connection.query(SESSION_SETUP, () => undefined);
  });
  try {
    const connection = await pool.getConnection();
    connection.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toConnectionError(error, describe);
  }
  return pool;
}

async function baseOptions(target: DatabaseUrl, options: ConnectOptions): Promise<ConnectionOptions> {
  let ssl: ConnectionOptions['ssl'];
  if (options.caFile) {
    try {
      ssl = { ca: await readFile(options.caFile, 'utf8'), rejectUnauthorized: true };
    } catch (cause) {
      throw new AppError('not-configured', `Cannot read the MariaDB CA file ${options.caFile}.`, { cause });
    }
  }
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    decimalNumbers: true,
    supportBigNumbers: true,
    connectTimeout: 10_000,
    ssl,
  };
}

async function createDatabaseIfPermitted(connection: mysql.Connection, database: string): Promise<void> {
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // Not permitted to create: the database may exist already; the pool's first connection tells.
    if (code !== 'ER_DBACCESS_DENIED_ERROR' && code !== 'ER_ACCESS_DENIED_ERROR' && code !== 'ER_SPECIFIC_ACCESS_DENIED_ERROR') {
      throw error;
    }
  }
}
