/**
 * Not a test: one sync worker of the fleet bench (fleet-workers.ts), an OS process of its own like
 * `correspondent worker`: the real app (createBenchApp) on the shared database, against the shared
 * sandbox process, running scheduled cycles - due mailboxes whose lease is free, so the workers
 * split the tenant between them - until a cycle finds nothing left to take.
 */
import { createBenchApp, type BenchTenant } from './app-harness.js';
import { openMailStore } from '../../../src-main/store/open-store.js';
import { runAsWorker, workerConfig } from './fleet-worker-child.js';

/** `tenant`: credentials and settings only (argv is limited; the CRM is in the shared database). */
export type SyncWorkerConfig = { url: string; tenant: BenchTenant; instanceId: string; mailboxConcurrency: number };
export type SyncWorkerReport = { mailboxes: number; read: number; imported: number; failed: number; cycles: number; seconds: number; cpuSeconds: number };

const config = workerConfig<SyncWorkerConfig>();

await runAsWorker(
  async () => {
    const database = await openMailStore({ mariadbUrl: config.url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
    return { database, app: await createBenchApp(config.tenant, database, { instanceId: config.instanceId, tuning: { mailboxConcurrency: config.mailboxConcurrency } }) };
  },
  async ({ app }) => {
    const totals = { mailboxes: 0, read: 0, imported: 0, failed: 0, cycles: 0 };
    for (;;) {
      const summary = await app.runScheduledCycle();
      if (summary === null) throw new Error('the schedule is paused');
      totals.cycles += 1;
      totals.mailboxes += summary.mailboxes;
      totals.read += summary.read;
      totals.imported += summary.imported;
      totals.failed += summary.failed.length;
      // Nothing taken: every mailbox is synced or being synced by another worker.
      if (summary.mailboxes === 0) return totals;
    }
  },
  async ({ app, database }) => {
    await app.close();
    await database.close();
  },
);
