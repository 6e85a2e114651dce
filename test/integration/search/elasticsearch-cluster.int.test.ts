/**
 * The same indexer against a real Elasticsearch: proves the cluster accepts the template (strict
 * mappings, analyzer) and the documents, and that search and delete work end to end.
 *
 * Skipped unless ELASTICSEARCH_URL is set: no cluster runs in the default test environment, and
 * the mocked suite (search-indexer.int.test.ts) already pins the exact requests. Each run uses an
 * index of its own and deletes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchClient } from '../../../src-main/search/search-client.js';
import { SearchIndexer } from '../../../src-main/search/search-indexer.js';
import { ElasticsearchSink } from '../../../src-main/search/search-sink.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const url = process.env['ELASTICSEARCH_URL'];

describe.skipIf(!url)('SearchIndexer against a real Elasticsearch (ELASTICSEARCH_URL)', () => {
  let h: StoreHarness;
  let client: Client;
  const index = `correspondent-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    h = await createStoreHarness({ searchOutbox: true });
    client = await createSearchClient(url as string, { caFile: process.env['ELASTICSEARCH_CA_FILE'] ?? null });
  });
  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.indices.deleteIndexTemplate({ name: index }).catch(() => undefined);
    await client.close();
    await h.close();
  });

  it('indexes stored emails under strict mappings, finds them by folded text, and deletes purged ones', async () => {
    await h.store.commitPage(
      page('alice@ours.example', [
        pageImport('g1', capturedEmail({ messageKey: 'gruss@customer.example', subject: 'Angebot', bodyText: 'Mit freundlichen Grüßen' })),
        pageImport('g2', capturedEmail({ messageKey: 'tokyo@customer.example', subject: '東京オフィスの見積もり', from: { address: 'Taro@Other.example', name: '山田' } })),
      ]),
    );
    const indexer = new SearchIndexer(h.store, new ElasticsearchSink(client, index));
    expect(await indexer.drainOnce()).toMatchObject({ sent: 2, failed: 0 });
    await client.indices.refresh({ index });

    const folded = await client.search({ index, query: { match: { body: 'grusse' } } });
    expect(folded.hits.hits.map((hit) => (hit._source as { messageKey: string }).messageKey)).toEqual(['gruss@customer.example']);
    const cjk = await client.search({ index, query: { match: { subject: '東京' } } });
    expect(cjk.hits.hits).toHaveLength(1);
    const byAddress = await client.search({ index, query: { term: { 'from.address': 'TARO@other.example' } } });
    expect(byAddress.hits.hits).toHaveLength(1);

    await h.store.purge({ kind: 'domain', domain: 'other.example' }, { actor: 'test', source: 'test' });
    expect(await indexer.drainOnce()).toMatchObject({ sent: 1, failed: 0 });
    await client.indices.refresh({ index });
    expect((await client.count({ index })).count).toBe(1);
    expect(await h.store.searchBacklog()).toBe(0);
  });
});
