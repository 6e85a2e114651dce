/**
 * Issue 10: Elasticsearch unreachable for a whole sync cycle, then back. The sync never waits for
 * search (MariaDB is the record; every stored email leaves an outbox row in the same transaction),
 * so the cycle imports exactly the ground truth; the indexer reports the failure (state and the
 * status backlog the console shows) and, once the cluster answers, sends every stored email once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndexer } from '../../../src-main/search/search-indexer.js';
import { ElasticsearchSink } from '../../../src-main/search/search-sink.js';
import { createMockCluster, type MockCluster } from '../../support/elasticsearch-mock.js';
import { startSyncHarness, type SyncHarness } from '../sync/sync-harness.js';

let h: SyncHarness;
let es: MockCluster;

beforeAll(async () => {
  h = await startSyncHarness({ seed: 83, searchOutbox: true });
  es = createMockCluster();
});

afterAll(async () => {
  await h?.close();
});

describe('Elasticsearch unreachable for a whole cycle', () => {
  it('imports the ground truth regardless, keeps the backlog, and indexes every email once when back', async () => {
    const indexer = new SearchIndexer(h.opened.store, new ElasticsearchSink(es.client, 'correspondent-emails'));
    es.down();
    const summary = await h.sync.syncNow();
    expect(summary.mailboxes).toBe(h.optedIn().length);
    const stored = await h.storedKeys();
    expect(stored).toEqual(h.expectedKeys());

    await expect(indexer.drainOnce()).rejects.toThrow(/ECONNREFUSED/);
    expect(indexer.state()).toMatchObject({ consecutiveFailures: expect.any(Number) });
    const backlog = await h.opened.store.searchBacklog();
    expect(backlog).toBeGreaterThanOrEqual(stored.length); // one row per change: a second sighting is one more

    es.up();
    let sent = 0;
    for (let pass = await indexer.drainOnce(); pass.sent > 0; pass = await indexer.drainOnce()) sent += pass.sent;
    expect(sent).toBe(stored.length); // changes to one email are coalesced into one document
    expect(await h.opened.store.searchBacklog()).toBe(0);
    const ids = es
      .bulkBodies()
      .flat()
      .filter((line): line is { index: { _id: string } } => typeof line === 'object' && line !== null && 'index' in line)
      .map((line) => line.index._id);
    expect(new Set(ids).size).toBe(stored.length); // every stored email is in the index (by its id: re-sends overwrite)
  });
});
