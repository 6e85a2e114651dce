/**
 * The setup's "Test connection" buttons against real sockets: the test MariaDB (right and wrong
 * password), a closed port, a malformed URL, and a small HTTP server playing Elasticsearch
 * (current, too old, refusing credentials). Each failure must be named, never with the password.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, testSearch } from '../../../src-main/app/connection-tests.js';
import { createTestDatabase } from '../../support/test-database.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let elastic: Server;
let elasticPort: number;
let answer: { status: number; version: string } = { status: 200, version: '9.1.0' };

beforeAll(async () => {
  database = await createTestDatabase();
  elastic = createServer((_req, res) => {
    res.writeHead(answer.status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(answer.status === 200 ? JSON.stringify({ name: 'node-1', cluster_name: 'test-cluster', version: { number: answer.version } }) : JSON.stringify({ error: { type: 'security_exception' }, status: answer.status }));
  });
  await new Promise<void>((resolve) => elastic.listen(0, '127.0.0.1', resolve));
  elasticPort = (elastic.address() as AddressInfo).port;
});

afterAll(async () => {
  await database?.drop();
  await new Promise<void>((resolve) => elastic.close(() => resolve()));
});

describe('database.test', () => {
  it('connects to a reachable MariaDB and reports its version', async () => {
    expect(await testDatabase(database.url, null)).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/MariaDB/i) });
  });

  it('names a wrong password, a closed port and a malformed URL, without echoing the password', async () => {
    const wrong = new URL(database.url);
    wrong.password = 'definitely-wrong-pw';
    const auth = await testDatabase(wrong.toString(), null);
    expect(auth).toMatchObject({ ok: false, failure: 'auth', message: expect.stringMatching(/access denied/) });
    expect(JSON.stringify(auth)).not.toContain('definitely-wrong-pw');
    expect(await testDatabase('mysql://app:pw@127.0.0.1:1/db', null)).toMatchObject({ ok: false, failure: 'refused', message: expect.stringMatching(/refused/) });
    expect(await testDatabase('postgres://app:pw@127.0.0.1/db', null)).toMatchObject({ ok: false, failure: 'invalid-url' });
  });
});

describe('search.test', () => {
  it('accepts Elasticsearch 8 or newer and refuses an older one by name', async () => {
    answer = { status: 200, version: '9.1.0' };
    expect(await testSearch(`http://127.0.0.1:${elasticPort}`, null)).toMatchObject({ ok: true, serverVersion: '9.1.0' });
    answer = { status: 200, version: '7.17.9' };
    expect(await testSearch(`http://127.0.0.1:${elasticPort}`, null)).toMatchObject({ ok: false, failure: 'version', message: expect.stringContaining('7.17.9') });
  });

  it('names refused credentials and a closed port, without echoing the password', async () => {
    answer = { status: 401, version: '' };
    const auth = await testSearch(`http://elastic:search-pw-123@127.0.0.1:${elasticPort}`, null);
    expect(auth).toMatchObject({ ok: false, failure: 'auth' });
    expect(JSON.stringify(auth)).not.toContain('search-pw-123');
    expect(await testSearch('http://127.0.0.1:1', null)).toMatchObject({ ok: false, failure: 'refused' });
    expect(await testSearch('elastic.example:9200', null)).toMatchObject({ ok: false, failure: 'invalid-url' });
  });
});
