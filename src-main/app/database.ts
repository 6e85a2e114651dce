/**
 * Opens the system of record: MARIADB_URL when given, otherwise a private MariaDB server kept in
 * the data directory (started on demand, stopped on close). Migrations run on every open; they
 * are idempotent and serialised across processes.
 */
import path from 'node:path';
import type { Logger } from './logger.js';
import { connectMariaDb } from '../store/connect.js';
import { withDatabase } from '../store/database-url.js';
import { MariaDbMailStore } from '../store/mariadb-mail-store.js';
import { migrate } from '../store/migrations/migrate.js';
import { startPrivateMariaDb } from '../store/private-mariadb.js';
import { dropDatabase, serverVersionOf } from '../store/admin.js';
import type { MailStore } from '../store/mail-store.js';

export type DatabaseConfig = {
  /** mysql://user:pass@host:port/db, or null for the private server in the data dir. */
  mariadbUrl: string | null;
  mariadbCaFile: string | null;
  dataDir: string;
  logger: Logger;
};

export type OpenDatabase = { store: MailStore; serverVersion: string; url: string; close(): Promise<void> };

export const PRIVATE_DATABASE_NAME = 'correspondent';

export async function resolveDatabaseUrl(config: DatabaseConfig): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.mariadbUrl) return { url: config.mariadbUrl, stop: async () => undefined };
  const server = await startPrivateMariaDb({ dataDir: path.join(config.dataDir, 'mariadb') });
  config.logger.info({ dataDir: config.dataDir }, 'private MariaDB started');
  return { url: withDatabase(server.url, PRIVATE_DATABASE_NAME), stop: () => server.stop() };
}

export async function openDatabase(config: DatabaseConfig, options: { reset?: boolean } = {}): Promise<OpenDatabase> {
  const server = await resolveDatabaseUrl(config);
  try {
    if (options.reset) await dropDatabase(server.url, config.mariadbCaFile ?? undefined);
    const pool = await connectMariaDb(server.url, config.mariadbCaFile ? { caFile: config.mariadbCaFile } : {});
    await migrate(pool);
    const serverVersion = await serverVersionOf(pool);
    const store = new MariaDbMailStore(pool);
    return {
      store,
      serverVersion,
      url: server.url,
      async close() {
        await store.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
