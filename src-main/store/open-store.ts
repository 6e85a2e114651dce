/**
 * Opens the migrated MailStore for one CLI command: the customer's MariaDB when MARIADB_URL is
 * set, otherwise the private server in the data dir (started for the command and stopped after,
 * unless it was already running). Migrations run on every open: they are no-ops when current.
 */
import path from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import { dropDatabase, serverVersionOf } from './admin.js';
import { connectMariaDb } from './connect.js';
import { parseDatabaseUrl, withDatabase } from './database-url.js';
import { MariaDbAuditStore } from './mariadb-audit-store.js';
import { MariaDbMailStore } from './mariadb-mail-store.js';
import { migrate } from './migrations/migrate.js';
import { startPrivateMariaDb } from './private-mariadb.js';

export const DEFAULT_DATABASE = 'correspondent';

export type OpenStoreOptions = {
  mariadbUrl: string | null;
  mariadbCaFile: string | null;
  dataDir: string | null;
  /** True when Elasticsearch is configured (MariaDbMailStoreOptions.searchOutbox). */
  searchOutbox: boolean;
  /** Drop the database first (only the sandbox demo's own database is ever reset). */
  reset?: boolean;
};

export type OpenedStore = {
  store: MariaDbMailStore;
  /** The audit log on the same pool (closed with the store). */
  audit: MariaDbAuditStore;
  serverVersion: string;
  url: string;
  /**
   * The private server in the data dir, started again on its port when it is gone (killed, or
   * stopped by someone else); a no-op while it runs, and for MARIADB_URL, whose server is not
   * ours to start. Long-running workers call it while the database is unavailable (issue 20).
   */
  revive(): Promise<void>;
  close(): Promise<void>;
};

export async function openMailStore(options: OpenStoreOptions): Promise<OpenedStore> {
  let url = options.mariadbUrl;
  let stopServer: () => Promise<void> = async () => undefined;
  let revive: () => Promise<void> = async () => undefined;
  if (url === null) {
    if (options.dataDir === null) {
      throw new AppError('not-configured', 'No database: set MARIADB_URL, or pass --data-dir for the private MariaDB.');
    }
    const serverDir = path.join(options.dataDir, 'mariadb');
    const server = await startPrivateMariaDb({ dataDir: serverDir });
    url = withDatabase(server.url, DEFAULT_DATABASE);
    stopServer = () => server.stop();
    const port = Number(new URL(server.url).port);
    revive = async () => {
      // The pool keeps its URL: the server must come back on the same port.
      const again = await startPrivateMariaDb({ dataDir: serverDir, port });
      if (!again.reused) stopServer = () => again.stop();
    };
  } else if (parseDatabaseUrl(url).database === null) {
    url = withDatabase(url, DEFAULT_DATABASE);
  }
  try {
    if (options.reset) await dropDatabase(url, options.mariadbCaFile ?? undefined);
    const pool = await connectMariaDb(url, options.mariadbCaFile ? { caFile: options.mariadbCaFile } : {});
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    const serverVersion = await serverVersionOf(pool);
    const store = new MariaDbMailStore(pool, { searchOutbox: options.searchOutbox });
    const opened = url;
    return {
      store,
      audit: new MariaDbAuditStore(pool),
      serverVersion,
      url: opened,
      revive: () => revive(),
      async close() {
        await store.close();
        await stopServer();
      },
    };
  } catch (error) {
    await stopServer().catch(() => undefined);
    throw error;
  }
}
