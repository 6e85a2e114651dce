/**
 * The indexer against @elastic/elasticsearch-mock (exact requests) and a real MariaDB (the outbox).
 * A real cluster runs the same code in elasticsearch-cluster.int.test.ts when ELASTICSEARCH_URL is set.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SearchIndexer } from '../../../src-main/search/search-indexer.js';
import { ElasticsearchSink } from '../../../src-main/search/search-sink.js';
import { rebuildSearchIndex } from '../../../src-main/search/reindex.js';
import { createMockCluster, type MockCluster } from '../../support/elasticsearch-mock.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const INDEX = 'correspondent-emails';

describe('SearchIndexer with a mocked Elasticsearch', () => {
  let h: StoreHarness;
  let es: MockCluster;
  beforeAll(async () => {
    h = await createStoreHarness({ searchOutbox: true });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    es = createMockCluster();
    await h.pool.query('DELETE FROM search_outbox');
    await h.pool.query('DELETE FROM emails');
  });

  const idOf = async (key: string): Promise<number> => {
    const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT id FROM emails WHERE message_key = ?', [key]);
    return Number(row?.['id']);
  };

  it('puts the index template with the pinned mappings before the first bulk write', async () => {
    const indexer = new SearchIndexer(h.store, new ElasticsearchSink(es.client, INDEX));
    await indexer.drainOnce();
    expect(es.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /_index_template/${INDEX}`]);
    await expect(`${JSON.stringify(es.requests[0]?.body, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/email-index-template.json');
  });

  it('sends exactly one index operation per stored email, with the email id as document id', async () => {
    await h.store.commitPage(
      page('alice@ours.example', [
        pageImport(
          'g1',
          capturedEmail({
            messageKey: 'quote@customer.example',
            subject: 'Angebot für 東京',
            bodyText: 'Mit freundlichen Grüßen',
            cc: [{ address: 'boss@eu.customer.example', name: 'Boss' }],
          }),
        ),
      ]),
    );
    await h.store.commitPage(page('bob@ours.example', [pageImport('g2', capturedEmail({ messageKey: 'quote@customer.example' }))]));
    const id = await idOf('quote@customer.example');

    const pass = await new SearchIndexer(h.store, new ElasticsearchSink(es.client, INDEX)).drainOnce();

    expect(pass).toEqual({ sent: 1, failed: 0, busy: false });
    expect(es.bulkBodies()).toEqual([
      [
        { index: { _index: INDEX, _id: String(id) } },
        {
          emailId: id,
          messageKey: 'quote@customer.example',
          internetMessageId: 'quote@customer.example',
          subject: 'Angebot für 東京',
          body: 'Mit freundlichen Grüßen',
          from: { address: 'buyer@customer.example', name: 'Bea Buyer', domain: 'customer.example' },
          to: ['seller@ours.example'],
          cc: ['boss@eu.customer.example'],
          participants: ['buyer@customer.example', 'seller@ours.example', 'boss@eu.customer.example'],
          domains: ['customer.example', 'ours.example', 'eu.customer.example'],
          sentAt: '2024-03-01T10:00:00.000Z',
          mailboxes: ['alice@ours.example', 'bob@ours.example'],
          accountIds: ['acc-1'],
          contactIds: [],
          leadIds: [],
          opportunityId: null,
          assignedTo: 'alice@ours.example',
        },
      ],
    ]);
    expect(await h.store.searchBacklog()).toBe(0);
  });

  it('loses nothing while Elasticsearch is unreachable, and drains the backlog when it is back', async () => {
    const indexer = new SearchIndexer(h.store, new ElasticsearchSink(es.client, INDEX));
    await indexer.drainOnce(); // template in place; the next failures are _bulk failures
    es.down();
    await h.store.commitPage(page('alice@ours.example', Array.from({ length: 5 }, (_, i) => pageImport(`d${i}`, capturedEmail({ messageKey: `down-${i}@x` })))));
    await expect(indexer.drainOnce()).rejects.toThrow(/ECONNREFUSED/);
    await h.store.commitPage(page('alice@ours.example', Array.from({ length: 5 }, (_, i) => pageImport(`e${i}`, capturedEmail({ messageKey: `later-${i}@x` })))));
    await expect(indexer.drainOnce()).rejects.toThrow(/ECONNREFUSED/);
    expect(await h.store.searchBacklog()).toBe(10);

    es.up();
    const pass = await indexer.drainOnce();
    expect(pass.sent).toBe(10);
    expect(await h.store.searchBacklog()).toBe(0);
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT id FROM emails ORDER BY id');
    const delivered = es
      .bulkBodies()
      .at(-1)
      ?.filter((line): line is { index: { _id: string } } => typeof line === 'object' && line !== null && 'index' in line)
      .map((line) => line.index._id);
    expect(delivered).toEqual(rows.map((r) => String(r['id'])));
  });

  it('keeps a document Elasticsearch refused for a later retry and acknowledges the rest', async () => {
    await h.store.commitPage(page('alice@ours.example', [pageImport('r1', capturedEmail({ messageKey: 'ok@x' })), pageImport('r2', capturedEmail({ messageKey: 'refused@x' }))]));
    const refused = await idOf('refused@x');
    es.answerBulkWith((operation) =>
      operation['index']?._id === String(refused)
        ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse' } }
        : { status: 201 },
    );
    const pass = await new SearchIndexer(h.store, new ElasticsearchSink(es.client, INDEX)).drainOnce();
    expect(pass).toEqual({ sent: 1, failed: 1, busy: false });
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT email_id, attempts, last_error FROM search_outbox');
    expect(rows).toEqual([{ email_id: refused, attempts: 1, last_error: '400 mapper_parsing_exception: failed to parse' }]);
  });

  it('is idempotent: a change sent twice addresses the same document, and a purged email becomes a delete', async () => {
    await h.store.commitPage(page('alice@ours.example', [pageImport('i1', capturedEmail({ messageKey: 'twice@x' }))]));
    const id = String(await idOf('twice@x'));
    const indexer = new SearchIndexer(h.store, new ElasticsearchSink(es.client, INDEX));
    await indexer.drainOnce();
    await h.store.commitPage(page('bob@ours.example', [pageImport('i2', capturedEmail({ messageKey: 'twice@x' }))]));
    await indexer.drainOnce();
    await h.store.purge({ kind: 'contact', address: 'buyer@customer.example' }, { actor: 'test', source: 'test' });
    await indexer.drainOnce();

    const actions = es.bulkBodies().map((body) => body.filter((_, i) => i % 2 === 0 || body.length === 1));
    expect(actions).toEqual([[{ index: { _index: INDEX, _id: id } }], [{ index: { _index: INDEX, _id: id } }], [{ delete: { _index: INDEX, _id: id } }]]);
    expect(await h.store.searchBacklog()).toBe(0);
  });

  it('runs one drain at a time: a second request joins the one in flight', async () => {
    await h.store.commitPage(page('alice@ours.example', [pageImport('o1', capturedEmail({ messageKey: 'once@x' }))]));
    const indexer = new SearchIndexer(h.store, new ElasticsearchSink(es.client, INDEX));
    const [a, b] = await Promise.all([indexer.drainOnce(), indexer.drainOnce()]);
    expect(a).toBe(b);
    expect(es.bulkBodies()).toHaveLength(1);
  });

  it('reindex recreates the index from the template and sends every stored email', async () => {
    const quiet = await h.openStore({ searchOutbox: false }); // emails stored while search was off
    await quiet.commitPage(page('alice@ours.example', [pageImport('x1', capturedEmail({ messageKey: 'a@x' })), pageImport('x2', capturedEmail({ messageKey: 'b@x' }))]));
    expect(await h.store.searchBacklog()).toBe(0);

    const result = await rebuildSearchIndex(h.store, new ElasticsearchSink(es.client, INDEX));

    expect(result).toEqual({ queued: 2, sent: 2, failed: 0, backlog: 0 });
    expect(es.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /${INDEX}`,
      `PUT /_index_template/${INDEX}`,
      `PUT /${INDEX}`,
      `PUT /_index_template/${INDEX}`,
      'POST /_bulk',
    ]);
  });
});
