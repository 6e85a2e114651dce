/**
 * vitest globalSetup for the integration and e2e suites: one MariaDB server per run. MARIADB_URL
 * (a server, its database part ignored) is used when set; otherwise a private server runs in a
 * temp folder and is stopped and deleted afterwards. Test files get the URL with inject('mariadbUrl')
 * and take a database of their own (test-database.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { withDatabase } from '../../src-main/store/database-url.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../../src-main/store/private-mariadb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** mysql://user:pass@host:port/ of the test server, without a database. */
    mariadbUrl: string;
  }
}

let server: PrivateMariaDb | null = null;
let dataDir: string | null = null;

export async function setup(project: TestProject): Promise<void> {
  const external = process.env['MARIADB_URL'];
  if (external) {
    project.provide('mariadbUrl', withDatabase(external, null));
    return;
  }
  dataDir = await mkdtemp(path.join(tmpdir(), 'correspondent-mariadb-'));
  // A throw-away server: durability is not worth the fsyncs.
  server = await startPrivateMariaDb({ dataDir, extraArgs: ['--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0'] });
  project.provide('mariadbUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  server = null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = null;
}
