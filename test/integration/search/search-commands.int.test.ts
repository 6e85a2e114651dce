import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPurge } from '../../../src-main/cli/commands/purge.js';
import { registerReindex } from '../../../src-main/cli/commands/reindex.js';
import { ElasticsearchSink } from '../../../src-main/search/search-sink.js';
import { runCli } from '../../support/cli-runner.js';
import { createMockCluster, type MockCluster } from '../../support/elasticsearch-mock.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

describe('correspondent reindex and purge with Elasticsearch', () => {
  let h: StoreHarness;
  let es: MockCluster;
  beforeAll(async () => {
    h = await createStoreHarness({ searchOutbox: true });
    es = createMockCluster();
  });
  afterAll(async () => {
    await h.close();
  });

  const context = (io: { stdout(t: string): void; stderr(t: string): void }, elasticsearchUrl: string | null) => ({
    io,
    env: () => ({ mariadbUrl: h.database.url, mariadbCaFile: null, elasticsearchUrl }),
    openSearch: async () => ({ sink: new ElasticsearchSink(es.client, 'correspondent-emails'), index: 'correspondent-emails', close: async () => undefined }),
  });

  it('reindex refuses with one line when Elasticsearch is not configured', async () => {
    const result = await runCli((program, io) => registerReindex(program, context(io, null)), ['reindex']);
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toMatch(/^correspondent: ELASTICSEARCH_URL is not set[^\n]*\n$/);
  });

  it('reindex rebuilds the index with every stored email', async () => {
    await h.store.commitPage(page('alice@ours.example', [pageImport('c1', capturedEmail({ messageKey: 'r1@x' })), pageImport('c2', capturedEmail({ messageKey: 'r2@x' }))]));
    await h.pool.query('DELETE FROM search_outbox');
    const result = await runCli((program, io) => registerReindex(program, context(io, 'http://es.example:9200')), ['reindex', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ index: 'correspondent-emails', queued: 2, sent: 2, failed: 0, backlog: 0 });
    expect(es.requests.map((r) => `${r.method} ${r.path}`).slice(0, 3)).toEqual(['DELETE /correspondent-emails', 'PUT /_index_template/correspondent-emails', 'PUT /correspondent-emails']);
  });

  it('reindex exits non-zero with one line when Elasticsearch is unreachable', async () => {
    es.down();
    try {
      const result = await runCli((program, io) => registerReindex(program, context(io, 'http://es.example:9200')), ['reindex']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/^correspondent: Elasticsearch failed during the rebuild[^\n]*\n$/);
    } finally {
      es.up();
    }
  });

  it('purge sends the deletes to Elasticsearch when it is reachable, and queues them when it is not', async () => {
    await h.pool.query('DELETE FROM search_outbox');
    const before = es.bulkBodies().length;
    const result = await runCli((program, io) => registerPurge(program, context(io, 'http://es.example:9200')), ['purge', '--domain', 'customer.example', '--json']);
    expect(JSON.parse(result.stdout)).toEqual({ emails: 2, sightingsRemoved: 0, searchPending: 0 });
    const deletes = es.bulkBodies().slice(before).flat();
    expect(deletes).toHaveLength(2);
    expect(deletes.every((op) => typeof op === 'object' && op !== null && 'delete' in op)).toBe(true);

    await h.store.commitPage(page('alice@ours.example', [pageImport('c3', capturedEmail({ messageKey: 'r3@x' }))]));
    await h.pool.query('DELETE FROM search_outbox');
    es.down();
    try {
      const queued = await runCli((program, io) => registerPurge(program, context(io, 'http://es.example:9200')), ['purge', '--contact', 'buyer@customer.example']);
      expect(queued.exitCode).toBe(0);
      expect(queued.stdout).toBe('Deleted 1 email(s).\n1 change(s) wait for Elasticsearch.\n');
      expect(queued.stderr).toMatch(/^warning: Elasticsearch is not reachable/);
      expect(await h.store.searchBacklog()).toBe(1);
    } finally {
      es.up();
    }
  });
});
