/**
 * The real app path for the sync benchmarks, wired like the demo (app/demo-runtime.ts) but against
 * a sandbox in another process: a private mariadbd in a temp folder (or MARIADB_URL), the
 * migrated store, createApp with the sandbox tenant, its CRM imported and every mailbox opted in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { settingsSchema } from '../../../src-shared/settings.js';
import { createApp, type App } from '../../../src-main/app/create-app.js';
import { sandboxRuntimeFromCredentials, type SandboxCredentials } from '../../../src-main/app/tenant-runtime.js';
import type { FetchMode } from '../../../src-main/graph/graph-message.js';

/** Throughput knobs: mailboxes synced at once and messages per Graph page. */
export type SyncTuning = { mailboxConcurrency?: number; pageSize?: number; /** Default the product's (header-first). */ fetchMode?: FetchMode };
import { createLogger, type LogLevel } from '../../../src-main/logging/logger.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { openMailStore, type OpenedStore } from '../../../src-main/store/open-store.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import type { SandboxInfo } from './sandbox-protocol.js';

export type AppHarness = { app: App; database: OpenedStore; close(): Promise<void> };

const DAY = 86_400_000;

/**
 * The first sync reads from the creation of the user's oldest open opportunity (architecture.md
 * Lookback), which the bench CRM puts 30-330 days back. To read every generated message, the
 * benchmarks move every opportunity's creation 400 days back (the mail spans one year).
 */
export function withFullLookback(crm: CrmSnapshot, now = new Date()): CrmSnapshot {
  const created = new Date(now.getTime() - 400 * DAY).toISOString();
  return { ...crm, opportunities: crm.opportunities.map((o) => ({ ...o, createdAt: created })) };
}

/** What the app needs of the sandbox tenant (the CRM and users come from the store). */
export type BenchTenant = SandboxCredentials & Pick<SandboxInfo, 'orgDomains' | 'blockedDomains'>;

/** The app as the benchmarks run it, on an opened store: `instanceId` names its leases (fleet workers). */
export async function createBenchApp(info: BenchTenant, database: OpenedStore, options: { tuning?: SyncTuning; instanceId?: string } = {}): Promise<App> {
  const settings = settingsSchema.parse({ orgDomains: info.orgDomains, blockedDomains: info.blockedDomains });
  const tuning = options.tuning ?? {};
  return createApp({
    shell: 'cli',
    version: 'bench',
    store: database.store,
    databaseServerVersion: database.serverVersion,
    tenant: await sandboxRuntimeFromCredentials(info),
    auditStore: database.audit,
    settings,
    // BENCH_LOG_LEVEL=error shows why a mailbox failed (stderr).
    logger: createLogger({ level: (process.env.BENCH_LOG_LEVEL as LogLevel | undefined) ?? 'silent' }),
    sync: {
      ...(options.instanceId ? { instanceId: options.instanceId } : {}),
      ...(tuning.mailboxConcurrency ? { concurrency: tuning.mailboxConcurrency } : {}),
      ...(tuning.pageSize ? { pageSize: tuning.pageSize } : {}),
      ...(tuning.fetchMode ? { fetchMode: tuning.fetchMode } : {}),
    },
  });
}

/**
 * `mariadbUrl`: a database prepared elsewhere (the fleet bench's shared server), left in place on
 * close; otherwise MARIADB_URL (a database of its own, dropped on close) or a private server.
 */
export async function startAppHarness(info: SandboxInfo, options: { tuning?: SyncTuning; fullLookback?: boolean; label: string; mariadbUrl?: string }): Promise<AppHarness> {
  const temp = await mkdtemp(path.join(os.tmpdir(), `bench-${options.label}-`));
  let server: PrivateMariaDb | null = null;
  const given = options.mariadbUrl ?? null;
  const own = given === null && process.env.MARIADB_URL ? withDatabase(process.env.MARIADB_URL, `bench_${options.label}_${process.pid}`) : null;
  let url = given ?? own;
  if (url === null) {
    server = await startPrivateMariaDb({ dataDir: path.join(temp, 'mariadb') });
    url = withDatabase(server.url, 'bench');
  }
  const database = await openMailStore({ mariadbUrl: url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
  const app = await createBenchApp(info, database, options.tuning ? { tuning: options.tuning } : {});
  await app.importCrm(options.fullLookback ? withFullLookback(info.crm) : info.crm);
  await app.discoverMailboxes(() => true);
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
      if (own !== null) await dropDatabase(own);
      await server?.stop();
      await rm(temp, { recursive: true, force: true });
    },
  };
}
