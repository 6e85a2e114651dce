/**
 * Issue 20, point 1: `correspondent worker` - the built binary, set up as a server is (`setup`,
 * `mailboxes opt-in --all`) - outlives MariaDB being killed (SIGKILL) under it in the middle of
 * its first sync. Before the fix it exited with code 13 within a second (its wait for SIGTERM
 * kept nothing alive once the pool's sockets closed). Now, while the database is away, it stays
 * up in state `database-unavailable` (its status file, `status --json`) and logs that once;
 * when mariadbd is started again on the same data dir and port it resumes by itself and the
 * store ends up with exactly the generator's ground truth; SIGTERM then stops it with exit 0 and
 * its leases released. Without MARIADB_URL the database is the data directory's private server,
 * which is the worker's own: killed, the worker starts it again on its port and carries on.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { readFile } from 'node:fs/promises';
import { readWorkerStatuses, workersDir } from '../../../src-main/app/worker-status-file.js';
import { EMPTY_STATE, writeState } from '../../../src-main/settings/state-file.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { processExists } from '../../../src-main/store/lease-holder.js';
import { openMailStore } from '../../../src-main/store/open-store.js';
import { freePort } from '../../../src-main/store/private-mariadb-support.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import { assertBuilt, correspondent, spawnCorrespondent, type CliProcess } from '../../support/cli-process.js';
import { expectedSightings } from '../sync/ground-truth.js';
import { asPairs, readStoredSightings } from '../sync/shared-tenant.js';

const DB = 'worker_outage';
let root: string;
let port: number;
let server: PrivateMariaDb;
let sandbox: SandboxHandle;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let worker: CliProcess | null = null;

const startServer = () => startPrivateMariaDb({ dataDir: path.join(root, 'mariadb'), port, extraArgs: ['--innodb-flush-log-at-trx-commit=2'] });
const url = () => withDatabase(server.url, DB);

/** Polls `condition` (a database read, a file) until it holds; the test's own time-out bounds it. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withPool<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = await connectMariaDb(url(), { connectionLimit: 1 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

/** Sets up a data directory for the sandbox tenant from the command line; answers its environment. */
async function setUpDataDir(target: string, environment: NodeJS.ProcessEnv): Promise<void> {
  const caFile = path.join(root, 'sandbox-ca.pem');
  await writeState(target, {
    ...EMPTY_STATE,
    settings: { ...EMPTY_STATE.settings, orgDomains: sandbox.orgDomains, blockedDomains: sandbox.suggestedSettings.blockedDomains, network: { proxyUrl: null, noProxy: null, extraCaFile: caFile } },
  });
  const setup = await correspondent(environment, ['--data-dir', target, 'setup', '--tenant', sandbox.tenantId, '--client-id', sandbox.clientId, '--client-secret-file', path.join(root, 'client-secret'), '--json']);
  expect(setup.code, setup.stderr).toBe(0);
}

beforeAll(async () => {
  assertBuilt();
  root = await mkdtemp(path.join(tmpdir(), 'correspondent-worker-outage-'));
  port = await freePort();
  server = await startServer();
  await connectMariaDb(url(), { connectionLimit: 1 }).then((pool) => pool.end()); // creates the database
  sandbox = await startSandbox({ seed: 91, scale: 'bench', bench: { mailboxes: 4, messagesPerMailbox: 400, maxMaterialized: 8 } });
  dataDir = path.join(root, 'data');
  await writeFile(path.join(root, 'sandbox-ca.pem'), sandbox.caPem);
  await writeFile(path.join(root, 'client-secret'), `${sandbox.clientSecret}\n`, { mode: 0o600 });
  const { ELASTICSEARCH_URL: _unused, ...inherited } = process.env;
  env = {
    ...inherited,
    MARIADB_URL: url(),
    CORRESPONDENT_LOG_LEVEL: 'warn',
    CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('hex'),
    CORRESPONDENT_AUTHORITY_HOST: sandbox.authorityHost,
    CORRESPONDENT_GRAPH_BASE_URL: sandbox.graphBaseUrl,
  };
  await setUpDataDir(dataDir, env);
  // The CRM the rules match against (`crm import` is tested on its own).
  const opened = await openMailStore({ mariadbUrl: url(), mariadbCaFile: null, dataDir: null, searchOutbox: false });
  await opened.store.replaceCrm(sandbox.crm);
  await opened.close();
}, 180_000);

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await sandbox?.stop();
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('correspondent worker when MariaDB is killed under it', () => {
  it('waits in database-unavailable, resumes by itself, completes with the ground truth, and stops on SIGTERM with exit 0', async () => {
    const mailboxes = sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address.toLowerCase());
    const optIn = await correspondent(env, ['--data-dir', dataDir, 'mailboxes', 'opt-in', '--all', '--json']);
    expect(optIn.code, optIn.stderr).toBe(0);
    expect((JSON.parse(optIn.stdout) as { changed: string[] }).changed).toEqual([...mailboxes].sort());

    const syncedAt = new Date();
    worker = spawnCorrespondent(env, ['--data-dir', dataDir, 'worker', '--poll-seconds', '1', '--json']);
    const running = worker;
    // The first page is committed: the first cycle is under way.
    await until(() => withPool(async (pool) => Number((await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM emails'))[0][0]?.['n']) > 0));
    const before = await withPool(async (pool) => (await pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM mailboxes WHERE opted_in AND state = 'ok'"))[0][0]?.['n']);
    expect(Number(before)).toBeLessThan(mailboxes.length); // killed mid-cycle, not after it

    process.kill(server.pid, 'SIGKILL');
    await until(async () => !processExists(server.pid));

    // Down: the worker lives on and says why it waits.
    await until(async () => (await readWorkerStatuses(dataDir)).some((w) => w.state === 'database-unavailable'));
    const status = await correspondent(env, ['--data-dir', dataDir, 'status', '--json']);
    expect(status.code, status.stderr).toBe(3);
    const document = JSON.parse(status.stdout) as { app: { database: { connected: boolean } }; workers: { pid: number; state: string }[] };
    expect(document.app.database.connected).toBe(false);
    expect(document.workers).toEqual([expect.objectContaining({ pid: running.child.pid, state: 'database-unavailable' })]);
    expect(running.alive()).toBe(true);

    server = await startServer();
    expect(server.url).toBe(`mysql://root@127.0.0.1:${port}/`);
    // Back: every opted-in mailbox ends synced, by the same worker, without a restart.
    await until(() =>
      withPool(async (pool) => {
        const [rows] = await pool.query<RowDataPacket[]>('SELECT state FROM mailboxes WHERE opted_in');
        return rows.length === mailboxes.length && rows.every((r) => r['state'] === 'ok');
      }),
    );
    await until(async () => (await readWorkerStatuses(dataDir)).some((w) => w.state === 'running'));
    expect(running.alive()).toBe(true);

    const stored = await withPool(readStoredSightings);
    const expected = expectedSightings(sandbox, mailboxes, syncedAt);
    expect(expected.size).toBeGreaterThan(20);
    expect([...stored.rowsPerKey.values()].every((n) => n === 1)).toBe(true); // none stored twice
    expect(asPairs(stored.sightings)).toEqual(asPairs(expected)); // none lost, nothing the truth skips

    // Only SIGTERM stops it: exit 0, leases released, its status file gone.
    expect(await running.stop('SIGTERM')).toBe(0);
    worker = null;
    const held = await withPool(async (pool) => (await pool.query<RowDataPacket[]>('SELECT mailbox FROM mailbox_leases WHERE holder IS NOT NULL'))[0]);
    expect(held).toEqual([]);
    expect((await readdir(workersDir(dataDir))).filter((f) => f.endsWith('.json'))).toEqual([]);
    // The outage was logged once when it began and once when it ended, not on every attempt.
    const log = running.stderr();
    expect(log.match(/worker: database-unavailable/g)).toHaveLength(1);
    expect(log.match(/worker: recovered from database-unavailable/g)).toHaveLength(1);
  }, 300_000);

  it("starts the data directory's own MariaDB again when it is killed, resumes, and stops it with itself", async () => {
    const privateDir = path.join(root, 'private');
    const { MARIADB_URL: _external, ...privateEnv } = env;
    await setUpDataDir(privateDir, privateEnv);
    // The CRM into the private database (the test starts it for that and stops it after).
    const opened = await openMailStore({ mariadbUrl: null, mariadbCaFile: null, dataDir: privateDir, searchOutbox: false });
    await opened.store.replaceCrm(sandbox.crm);
    await opened.close();
    const mailboxes = sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address.toLowerCase());
    const optIn = await correspondent(privateEnv, ['--data-dir', privateDir, 'mailboxes', 'opt-in', '--all', '--json']);
    expect(optIn.code, optIn.stderr).toBe(0);

    const serverState = async () => JSON.parse(await readFile(path.join(privateDir, 'mariadb', 'correspondent-server.json'), 'utf8')) as { pid: number; port: number };
    const privatePool = async <T>(work: (pool: Pool) => Promise<T>): Promise<T> => {
      const pool = await connectMariaDb(`mysql://root@127.0.0.1:${(await serverState()).port}/correspondent`, { connectionLimit: 1 });
      try {
        return await work(pool);
      } finally {
        await pool.end();
      }
    };
    const syncedAt = new Date();
    worker = spawnCorrespondent(privateEnv, ['--data-dir', privateDir, 'worker', '--poll-seconds', '1', '--json']);
    const running = worker;
    await until(() => privatePool(async (pool) => Number((await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM emails'))[0][0]?.['n']) > 0));
    const first = await serverState();
    process.kill(first.pid, 'SIGKILL');
    await until(async () => !processExists(first.pid));

    // The worker starts the server again (a new process, the same port) and completes the sync.
    await until(async () => {
      const again = await serverState();
      return again.pid !== first.pid && processExists(again.pid);
    });
    expect((await serverState()).port).toBe(first.port);
    await until(() =>
      privatePool(async (pool) => {
        const [rows] = await pool.query<RowDataPacket[]>('SELECT state FROM mailboxes WHERE opted_in');
        return rows.length === mailboxes.length && rows.every((r) => r['state'] === 'ok');
      }),
    );
    expect(running.alive()).toBe(true);
    const stored = await privatePool(readStoredSightings);
    expect([...stored.rowsPerKey.values()].every((n) => n === 1)).toBe(true);
    expect(asPairs(stored.sightings)).toEqual(asPairs(expectedSightings(sandbox, mailboxes, syncedAt)));

    const revived = (await serverState()).pid;
    expect(await running.stop('SIGTERM')).toBe(0);
    worker = null;
    await until(async () => !processExists(revived)); // it stopped the server it started
  }, 300_000);
});
