/**
 * One store measurement of the fleet bench: `workers` OS processes (fleet-store-child.ts) commit
 * `emails` captured emails between them, each into its own mailbox of one fresh database on the
 * shared MariaDB, all starting at once. Answers emails per second over the wall time, each
 * worker's CPU and MariaDB's CPU over the run.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { migrate } from '../../../src-main/store/migrations/migrate.js';
import type { StoreWorkerConfig, StoreWorkerReport } from './fleet-store-child.js';
import { runWorkers } from './fleet-workers.js';
import { processCpuSeconds } from './process-cpu.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fleet-store-child.ts');

export type StoreRun = { workers: number; emails: number; wallSeconds: number; emailsPerSec: number; workerCpuSeconds: number[]; mariadbCpuSeconds: number | null };

export async function storeRun(serverUrl: string, mariadbPid: number | null, workers: number, emails: number, pageSize: number): Promise<StoreRun> {
  const url = withDatabase(serverUrl, `bench_fleet_store_${workers}_${process.pid}`);
  const pool = await connectMariaDb(url, { connectionLimit: 1 });
  await migrate(pool);
  await pool.end();
  try {
    const share = Math.ceil(emails / workers);
    const configs: StoreWorkerConfig[] = Array.from({ length: workers }, (_, w) => ({
      url,
      mailbox: `seller${w}@contoso.example`,
      first: w * share,
      count: Math.max(0, Math.min(share, emails - w * share)),
      pageSize,
    }));
    const dbBefore = mariadbPid === null ? null : processCpuSeconds(mariadbPid);
    const { wallSeconds, reports } = await runWorkers<StoreWorkerReport>(script, configs);
    const dbAfter = mariadbPid === null ? null : processCpuSeconds(mariadbPid);
    const stored = reports.reduce((sum, r) => sum + r.emails, 0);
    return {
      workers,
      emails: stored,
      wallSeconds,
      emailsPerSec: stored / wallSeconds,
      workerCpuSeconds: reports.map((r) => r.cpuSeconds),
      mariadbCpuSeconds: dbBefore === null || dbAfter === null ? null : dbAfter - dbBefore,
    };
  } finally {
    await dropDatabase(url);
  }
}
