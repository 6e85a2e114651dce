/**
 * Store: captured emails persisted per second into MariaDB with all their rows (email, participants,
 * account links, sighting, cursor), committed as the sync commits them: pages of 100 in one
 * transaction each. Uses MARIADB_URL when set, else a private server in a temp folder.
 * Then the same with the Elasticsearch outbox written in the same transactions (search configured),
 * and the outbox drained by the real SearchIndexer into @elastic/elasticsearch-mock: the transport
 * and MariaDB cost of indexing, not Elasticsearch's own indexing time.
 * Options: --emails (default 20000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { migrate } from '../../../src-main/store/migrations/migrate.js';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import { benchEmail as email } from '../support/bench-emails.js';
import { ElasticsearchSink } from '../../../src-main/search/search-sink.js';
import { SearchIndexer } from '../../../src-main/search/search-indexer.js';
import { numberOption, type BenchPart } from '../bench-types.js';
import { createMockCluster } from '../../support/elasticsearch-mock.js';

const PAGE = 100;

/** Persists `count` emails in pages of PAGE into a fresh database; answers the seconds it took. */
async function persist(serverUrl: string, name: string, count: number, searchOutbox: boolean, after?: (store: MariaDbMailStore) => Promise<void>): Promise<number> {
  const url = withDatabase(serverUrl, `bench_store_${name}_${process.pid}`);
  const pool = await connectMariaDb(url, { connectionLimit: 4 });
  await migrate(pool);
  const store = new MariaDbMailStore(pool, { searchOutbox });
  try {
    await store.upsertMailboxes([{ address: 'seller1@contoso.example', displayName: 'Seller', graphUserId: 'u1', optedIn: true }]);
    const started = process.hrtime.bigint();
    for (let offset = 0; offset < count; offset += PAGE) {
      const imports = Array.from({ length: Math.min(PAGE, count - offset) }, (_, k) => email(offset + k));
      await store.commitPage({ mailbox: 'seller1@contoso.example', folderId: 'inbox', imports, decisions: [], nextCursor: `next-${offset}`, roundComplete: false });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await after?.(store);
    return seconds;
  } finally {
    await store.close();
    await dropDatabase(url);
  }
}

export const storeBench: BenchPart = {
  name: 'store',
  description: `captured emails persisted per second into MariaDB (pages of ${PAGE}); search outbox drained into the Elasticsearch mock`,
  async run(options) {
    const emails = numberOption(options, 'emails', 20_000);
    const temp = await mkdtemp(path.join(os.tmpdir(), 'bench-store-'));
    const server = process.env.MARIADB_URL ? null : await startPrivateMariaDb({ dataDir: temp });
    const serverUrl = process.env.MARIADB_URL ?? server!.url;
    try {
      const seconds = await persist(serverUrl, 'plain', emails, false);
      let drain = { seconds: 0, sent: 0, bulkRequests: 0 };
      const outboxSeconds = await persist(serverUrl, 'outbox', emails, true, async (store) => {
        const cluster = createMockCluster();
        const indexer = new SearchIndexer(store, new ElasticsearchSink(cluster.client, 'emails'));
        const started = process.hrtime.bigint();
        const pass = await indexer.drainOnce();
        drain = { seconds: Number(process.hrtime.bigint() - started) / 1e9, sent: pass.sent, bulkRequests: cluster.bulkBodies().length };
      });
      const perSec = emails / seconds;
      const withOutboxPerSec = emails / outboxSeconds;
      const drainPerSec = drain.sent / Math.max(drain.seconds, 1e-9);
      return {
        figures: {
          emailsPerSec: Math.round(perSec),
          emails,
          pageSize: PAGE,
          emailsPerSecWithSearchOutbox: Math.round(withOutboxPerSec),
          outboxDrainedPerSec: Math.round(drainPerSec),
          outboxDrained: drain.sent,
          bulkRequests: drain.bulkRequests,
        },
        rows: [
          { metric: 'emailsPerSec', value: perSec, unit: 'emails/s', target: { op: '>=', value: 3000 } },
          { metric: 'emailsPerSecWithSearchOutbox', value: withOutboxPerSec, unit: 'emails/s' },
          { metric: 'outboxDrainedPerSec', value: drainPerSec, unit: 'emails/s' },
        ],
        notes: [
          `${emails} emails in ${seconds.toFixed(1)} s, each with 3 participants, 1 account link, 1 sighting; ${server ? 'private mariadbd' : 'MARIADB_URL'}`,
          `with the search outbox: ${outboxSeconds.toFixed(1)} s; drained ${drain.sent} in ${drain.seconds.toFixed(1)} s, ${drain.bulkRequests} _bulk requests to @elastic/elasticsearch-mock (transport cost only)`,
        ],
      };
    } finally {
      await server?.stop();
      await rm(temp, { recursive: true, force: true });
    }
  },
};
