/**
 * The database settings every shell passes to the store: MARIADB_URL when given, otherwise the
 * private MariaDB server kept in the data directory (store/open-store.ts starts and stops it).
 */
import type { Logger } from '../logging/logger.js';
import { openMailStore, type OpenedStore } from '../store/open-store.js';

export type DatabaseConfig = {
  /** mysql://user:pass@host:port/db, or null for the private server in the data dir. */
  mariadbUrl: string | null;
  mariadbCaFile: string | null;
  elasticsearchUrl?: string | null;
  dataDir: string;
  logger: Logger;
};

export type OpenDatabase = OpenedStore;

export function openDatabase(config: DatabaseConfig, options: { reset?: boolean } = {}): Promise<OpenDatabase> {
  return openMailStore({
    mariadbUrl: config.mariadbUrl,
    mariadbCaFile: config.mariadbCaFile,
    dataDir: config.dataDir,
    searchOutbox: Boolean(config.elasticsearchUrl),
    ...(options.reset ? { reset: true } : {}),
  });
}
