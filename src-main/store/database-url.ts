/** Parses MARIADB_URL (`mysql://user:pass@host:port/db`) once, with a named error for a bad value. */
import { z } from 'zod';
import { AppError } from '../../src-shared/errors.js';

export type DatabaseUrl = { host: string; port: number; user: string; password: string; database: string | null };

const databaseNameSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_$-]+$/, 'database names may contain letters, digits, _, $ and -');

export function parseDatabaseUrl(url: string): DatabaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AppError('invalid-input', 'The MariaDB URL is not a valid URL (expected mysql://user:pass@host:port/database).', { cause });
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new AppError('invalid-input', `The MariaDB URL must start with mysql:// or mariadb://, not ${parsed.protocol}//.`);
  }
  if (!parsed.hostname) throw new AppError('invalid-input', 'The MariaDB URL has no host.');
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  let database: string | null = null;
  if (path !== '') {
    const result = databaseNameSchema.safeParse(path);
    if (!result.success) {
      throw new AppError('invalid-input', `The database name in the MariaDB URL is invalid: ${result.error.issues[0]?.message ?? 'bad name'}.`);
    }
    database = result.data;
  }
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** The same server with another database (or none): used by tests and by the private server. */
export function withDatabase(url: string, database: string | null): string {
  const parsed = new URL(url);
  parsed.pathname = database ? `/${encodeURIComponent(database)}` : '/';
  return parsed.toString();
}
