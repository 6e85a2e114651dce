/**
 * An @elastic/elasticsearch client over @elastic/elasticsearch-mock that records every request,
 * so tests assert the exact bodies sent. `down()` makes every call fail as an unreachable
 * cluster does (a ConnectionError); `up()` restores the scripted answers.
 */
import { createRequire } from 'node:module';
import type * as Elasticsearch from '@elastic/elasticsearch';
import type { Client } from '@elastic/elasticsearch';
import type ClientMock from '@elastic/elasticsearch-mock';

// The mock is CommonJS and checks errors with instanceof against the CommonJS build of the client;
// the client has a separate ESM build (the dual-package hazard). Loading client, errors and mock
// through require keeps all three on one build. The types are the same .d.ts for both builds.
const require = createRequire(import.meta.url);
const elasticsearch = require('@elastic/elasticsearch') as typeof Elasticsearch;
const Mock = require('@elastic/elasticsearch-mock') as typeof ClientMock.default;
const { errors } = elasticsearch;

export type RecordedRequest = { method: string; path: string; body: unknown };
type BulkItemResult = { status: number; error?: { type: string; reason: string } };

export type MockCluster = {
  client: Client;
  requests: RecordedRequest[];
  bulkBodies(): unknown[][];
  down(): void;
  up(): void;
  /** Per-operation answers for the next _bulk calls; default: every operation succeeds. */
  answerBulkWith(decide: (operation: Record<string, { _id: string }>) => BulkItemResult): void;
};

export function createMockCluster(): MockCluster {
  const mock = new Mock();
  const requests: RecordedRequest[] = [];
  let reachable = true;
  let decide: (operation: Record<string, { _id: string }>) => BulkItemResult = (operation) => ({ status: 'delete' in operation ? 200 : 201 });
  const unreachable = () => new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200');
  const record = (params: { method: string | string[]; path: string | string[]; body?: unknown }) => {
    requests.push({ method: String(params.method), path: String(params.path), body: params.body });
  };

  mock.add({ method: 'PUT', path: '/_index_template/:name' }, (params) => {
    record(params);
    return reachable ? { acknowledged: true } : unreachable();
  });
  mock.add({ method: ['PUT', 'DELETE'], path: '/:index' }, (params) => {
    record(params);
    return reachable ? { acknowledged: true } : unreachable();
  });
  mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
    record(params);
    if (!reachable) return unreachable();
    const lines = params.body as Record<string, { _id: string }>[];
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i += 1) {
      const operation = lines[i] as Record<string, { _id: string }>;
      const kind = Object.keys(operation)[0] as string;
      const result = decide(operation);
      items.push({ [kind]: { _index: 'x', _id: operation[kind]?._id, ...result } });
      if (kind !== 'delete') i += 1;
    }
    return { took: 1, errors: items.some((item) => Object.values(item).some((r) => (r as BulkItemResult).error)), items };
  });

  const client: Client = new elasticsearch.Client({ node: 'http://localhost:9200', Connection: mock.getConnection() as never, maxRetries: 0 });
  return {
    client,
    requests,
    bulkBodies: () => requests.filter((r) => r.path === '/_bulk').map((r) => r.body as unknown[]),
    down: () => {
      reachable = false;
    },
    up: () => {
      reachable = true;
    },
    answerBulkWith: (fn) => {
      decide = fn;
    },
  };
}
