/** A migrated MariaDbMailStore on a fresh test database, for store integration tests. */
import type { Pool } from 'mysql2/promise';
import { connectMariaDb } from '../../src-main/store/connect.js';
import { MariaDbMailStore, type MariaDbMailStoreOptions } from '../../src-main/store/mariadb-mail-store.js';
import { migrate } from '../../src-main/store/migrations/migrate.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export type StoreHarness = {
  database: TestDatabase;
  /** A pool for assertions, separate from the store's own. */
  pool: Pool;
  store: MariaDbMailStore;
  /** Another store on the same database with a pool of its own, like a second worker. */
  openStore(options?: MariaDbMailStoreOptions): Promise<MariaDbMailStore>;
  /** `count` stores on the same database, like that many workers: `store` first, then new ones. */
  workerStores(count: number): Promise<MariaDbMailStore[]>;
  close(): Promise<void>;
};

export async function createStoreHarness(options: MariaDbMailStoreOptions = {}): Promise<StoreHarness> {
  const database = await createTestDatabase();
  const pool = await connectMariaDb(database.url);
  await migrate(pool);
  const extra: MariaDbMailStore[] = [];
  const openStore = async (storeOptions: MariaDbMailStoreOptions = {}) => {
    const store = new MariaDbMailStore(await connectMariaDb(database.url), storeOptions);
    extra.push(store);
    return store;
  };
  const store = await openStore(options);
  return {
    database,
    pool,
    store,
    openStore,
    async workerStores(count) {
      const workers = [store];
      while (workers.length < count) workers.push(await openStore());
      return workers;
    },
    async close() {
      for (const s of extra) await s.close();
      await pool.end();
      await database.drop();
    },
  };
}
