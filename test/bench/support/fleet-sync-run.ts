/**
 * One first-sync measurement of the fleet bench: a fresh sandbox process (the same tenant every
 * time) and a fresh database on the shared MariaDB, prepared as the sync benches do (CRM with the
 * full lookback, every mailbox opted in); then `workers` worker processes (fleet-sync-child.ts)
 * first-sync the tenant between them at the given latency, all starting at once. Answers messages
 * read and imported per second over the wall time, and the CPU of each worker, MariaDB and the
 * sandbox over the run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { startAppHarness } from './app-harness.js';
import type { SyncWorkerConfig, SyncWorkerReport } from './fleet-sync-child.js';
import { runWorkers } from './fleet-workers.js';
import { processCpuSeconds } from './process-cpu.js';
import { startSandboxProcess } from './sandbox-client.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fleet-sync-child.ts');

export type SyncRun = {
  workers: number;
  read: number;
  imported: number;
  failed: number;
  wallSeconds: number;
  readPerSec: number;
  importedPerSec: number;
  workerCpuSeconds: number[];
  /** Mailboxes each worker synced (the leases split them as the workers reached them). */
  workerMailboxes: number[];
  mariadbCpuSeconds: number | null;
  sandboxCpuSeconds: number;
  throttled: number;
};

export type SyncRunOptions = { mailboxes: number; messages: number; latencyMs: number; mailboxConcurrency: number };

export async function syncRun(serverUrl: string, mariadbPid: number | null, workers: number, options: SyncRunOptions): Promise<SyncRun> {
  const sandbox = await startSandboxProcess({ scale: 'bench', seed: 3, bench: { mailboxes: options.mailboxes, messagesPerMailbox: options.messages, maxMaterialized: options.mailboxes } });
  const url = withDatabase(serverUrl, `bench_fleet_sync_${workers}_${process.pid}`);
  try {
    const setup = await startAppHarness(sandbox.info, { label: 'fleet', fullLookback: true, mariadbUrl: url });
    await setup.close();
    const { tenantId, clientId, clientSecret, authorityHost, graphBaseUrl, caPem, consentGranted, orgDomains, blockedDomains } = sandbox.info;
    const tenant = { tenantId, clientId, clientSecret, authorityHost, graphBaseUrl, caPem, consentGranted, orgDomains, blockedDomains };
    const configs: SyncWorkerConfig[] = Array.from({ length: workers }, (_, w) => ({ url, tenant, instanceId: `fleet-${workers}-${w}`, mailboxConcurrency: options.mailboxConcurrency }));
    await sandbox.resetTraffic();
    await sandbox.setLatency(options.latencyMs);
    const sandboxBefore = (await sandbox.traffic()).cpuSeconds;
    const dbBefore = mariadbPid === null ? null : processCpuSeconds(mariadbPid);
    const { wallSeconds, reports } = await runWorkers<SyncWorkerReport>(script, configs);
    const dbAfter = mariadbPid === null ? null : processCpuSeconds(mariadbPid);
    const traffic = await sandbox.traffic();
    const read = reports.reduce((sum, r) => sum + r.read, 0);
    const imported = reports.reduce((sum, r) => sum + r.imported, 0);
    return {
      workers,
      read,
      imported,
      failed: reports.reduce((sum, r) => sum + r.failed, 0),
      wallSeconds,
      readPerSec: read / wallSeconds,
      importedPerSec: imported / wallSeconds,
      workerCpuSeconds: reports.map((r) => r.cpuSeconds),
      workerMailboxes: reports.map((r) => r.mailboxes),
      mariadbCpuSeconds: dbBefore === null || dbAfter === null ? null : dbAfter - dbBefore,
      sandboxCpuSeconds: traffic.cpuSeconds - sandboxBefore,
      throttled: traffic.throttled,
    };
  } finally {
    await sandbox.stop();
    await dropDatabase(url).catch(() => undefined);
  }
}
