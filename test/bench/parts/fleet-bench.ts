/**
 * Fleet (issue 17, point 3): does throughput grow with worker processes sharing one MariaDB?
 * - store: N worker OS processes commit captured emails in pages of 100 straight to the store
 *   (like the store part), each into its own mailbox, --emails between them, one reply thread
 *   across all their mailboxes (each worker's first email answers the previous worker's last);
 * - first sync: N `correspondent worker`-like processes (the real app's scheduled cycles, leases
 *   splitting the mailboxes) first-sync --mailboxes x --messages of one sandbox process at
 *   --latency ms per request, each syncing --concurrency mailboxes at once.
 * For each N of --workers (default 1,2,4): emails per second, the ratio to one worker, each
 * worker's CPU seconds, MariaDB's (and the sandbox's) CPU and the cores they kept busy. The bound:
 * every process shares this machine's cores, so at one worker's CPU per email throughput can grow
 * at most by cores / (cores busy with one worker) - reported as cpuBoundRatio, measured, not
 * assumed (contention raises the CPU per email, batching in MariaDB can lower it).
 * The store runs are short, so each count runs --repeat times (default 3), interleaved, and the
 * median is reported with every run's figure.
 * Options: --workers (1,2,4) --emails (40000, 0 skips) --repeat (3) --mailboxes (24, 0 skips)
 * --messages (2000) --latency (40) --concurrency (8).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import { numberOption, type BenchOptions, type BenchPart, type BenchRow, type Figure } from '../bench-types.js';
import { storeRun, type StoreRun } from '../support/fleet-store-run.js';
import { syncRun, type SyncRun } from '../support/fleet-sync-run.js';

const PAGE = 100;

function workerCounts(options: BenchOptions): number[] {
  const counts = (options['workers'] ?? '1,2,4').split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error(`--workers must be whole numbers from 1 to 16, not ${options['workers']}`);
  return counts.includes(1) ? counts : [1, ...counts];
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Cores the run kept busy: every process's CPU over the wall time. */
function coresBusy(run: { wallSeconds: number; workerCpuSeconds: number[]; mariadbCpuSeconds: number | null }, extraCpu = 0): number {
  return (sum(run.workerCpuSeconds) + (run.mariadbCpuSeconds ?? 0) + extraCpu) / run.wallSeconds;
}

function byWorkers<R extends { workers: number }>(runs: readonly R[], figures: (run: R) => Record<string, Figure>): Record<string, Figure> {
  return Object.fromEntries(runs.map((run) => [String(run.workers), figures(run)]));
}

/** Per worker count, the run with the median throughput (the store runs are short: the host's drift shows). */
function medianRuns(all: readonly StoreRun[]): StoreRun[] {
  const counts = [...new Set(all.map((r) => r.workers))];
  return counts.map((n) => {
    const sorted = all.filter((r) => r.workers === n).sort((a, b) => a.emailsPerSec - b.emailsPerSec);
    return sorted[Math.floor((sorted.length - 1) / 2)]!;
  });
}

function storeFigures(all: StoreRun[], emails: number, cores: number) {
  const runs = medianRuns(all);
  const one = runs.find((r) => r.workers === 1)!;
  const busyAtOne = coresBusy(one);
  return {
    figures: {
      emails,
      pageSize: PAGE,
      cpuBoundRatio: round(cores / busyAtOne),
      repetitions: all.length / runs.length,
      byWorkers: byWorkers(runs, (run) => ({
        emailsPerSec: Math.round(run.emailsPerSec),
        ratioToOneWorker: round(run.emailsPerSec / one.emailsPerSec),
        emailsPerSecEveryRun: all.filter((r) => r.workers === run.workers).map((r) => Math.round(r.emailsPerSec)),
        wallSeconds: round(run.wallSeconds),
        cpuSecondsPerWorker: run.workerCpuSeconds.map((s) => round(s)),
        mariadbCpuSeconds: run.mariadbCpuSeconds === null ? null : round(run.mariadbCpuSeconds),
        coresBusy: round(coresBusy(run)),
      })),
    },
    rows: runs.flatMap((run): BenchRow[] => [
      { metric: `storeEmailsPerSec.${run.workers}`, value: run.emailsPerSec, unit: `emails/s (${run.workers} workers)` },
      { metric: `storeRatio.${run.workers}`, value: run.emailsPerSec / one.emailsPerSec, unit: 'x one worker', ...(run.workers === 4 ? { target: { op: '>=' as const, value: 3 } } : {}) },
    ]),
    note: `store: one worker keeps ${busyAtOne.toFixed(2)} of ${cores} cores busy (itself and MariaDB): at one worker's CPU per email these cores allow at most x${(cores / busyAtOne).toFixed(2)}`,
  };
}

function syncFigures(runs: SyncRun[], cores: number) {
  const one = runs.find((r) => r.workers === 1)!;
  const busyAtOne = coresBusy(one, one.sandboxCpuSeconds);
  return {
    figures: {
      cpuBoundRatio: round(cores / busyAtOne),
      byWorkers: byWorkers(runs, (run) => ({
        messagesRead: run.read,
        imported: run.imported,
        emailsPerSec: Math.round(run.readPerSec),
        importedPerSec: Math.round(run.importedPerSec),
        ratioToOneWorker: round(run.readPerSec / one.readPerSec),
        wallSeconds: round(run.wallSeconds),
        cpuSecondsPerWorker: run.workerCpuSeconds.map((s) => round(s)),
        mailboxesPerWorker: run.workerMailboxes,
        mariadbCpuSeconds: run.mariadbCpuSeconds === null ? null : round(run.mariadbCpuSeconds),
        sandboxCpuSeconds: round(run.sandboxCpuSeconds),
        coresBusy: round(coresBusy(run, run.sandboxCpuSeconds)),
        failedMailboxes: run.failed,
        throttled: run.throttled,
      })),
    },
    rows: runs.flatMap((run): BenchRow[] => [
      { metric: `syncEmailsPerSec.${run.workers}`, value: run.readPerSec, unit: `messages read/s (${run.workers} workers)` },
      { metric: `syncRatio.${run.workers}`, value: run.readPerSec / one.readPerSec, unit: 'x one worker' },
    ]),
    note: `first sync: one worker keeps ${busyAtOne.toFixed(2)} of ${cores} cores busy (itself, MariaDB and the sandbox): at one worker's CPU per message these cores allow at most x${(cores / busyAtOne).toFixed(2)}`,
  };
}

export const fleetBench: BenchPart = {
  name: 'fleet',
  description: 'store and first-sync throughput with 1, 2 and 4 worker processes sharing one MariaDB (and one sandbox process)',
  async run(options) {
    const counts = workerCounts(options);
    const emails = numberOption(options, 'emails', 40_000);
    const repeat = Math.max(1, numberOption(options, 'repeat', 3));
    const sync = { mailboxes: numberOption(options, 'mailboxes', 24), messages: numberOption(options, 'messages', 2000), latencyMs: numberOption(options, 'latency', 40), mailboxConcurrency: numberOption(options, 'concurrency', 8) };
    const cores = os.cpus().length;
    const temp = await mkdtemp(path.join(os.tmpdir(), 'bench-fleet-'));
    const server = process.env.MARIADB_URL ? null : await startPrivateMariaDb({ dataDir: temp, extraArgs: ['--max-connections=500'] });
    const serverUrl = process.env.MARIADB_URL ?? server!.url;
    const mariadbPid = server && !server.reused ? server.pid : null;
    try {
      const storeRuns: StoreRun[] = [];
      // Interleaved (1, 2, 4, 1, 2, 4, ...), so that a drift of the host's speed touches every count alike.
      for (let rep = 1; rep <= repeat; rep++) {
        for (const n of emails > 0 ? counts : []) {
          console.error(`bench: fleet store, ${n} worker(s), run ${rep} of ${repeat}`);
          storeRuns.push(await storeRun(serverUrl, mariadbPid, n, emails, PAGE));
        }
      }
      const syncRuns: SyncRun[] = [];
      for (const n of sync.mailboxes > 0 ? counts : []) {
        console.error(`bench: fleet first sync, ${n} worker(s)`);
        syncRuns.push(await syncRun(serverUrl, mariadbPid, n, sync));
      }
      const store = storeRuns.length > 0 ? storeFigures(storeRuns, emails, cores) : null;
      const firstSync = syncRuns.length > 0 ? syncFigures(syncRuns, cores) : null;
      const bound = `${cores} cores shared by the workers, MariaDB${firstSync ? ' and the sandbox' : ''}: throughput can grow with workers only while cores are idle; ${store?.note ?? ''}${store && firstSync ? '; ' : ''}${firstSync?.note ?? ''}`;
      return {
        figures: {
          cores,
          workerCounts: counts.join(','),
          bound,
          ...(mariadbPid === null ? { mariadbCpu: 'not measured (MARIADB_URL)' } : {}),
          ...(store ? { store: store.figures } : {}),
          ...(firstSync ? { firstSync: { mailboxes: sync.mailboxes, messagesPerMailbox: sync.messages, latencyMs: sync.latencyMs, mailboxConcurrencyPerWorker: sync.mailboxConcurrency, ...firstSync.figures } } : {}),
        },
        rows: [...(store?.rows ?? []), ...(firstSync?.rows ?? [])],
        notes: [
          bound,
          ...storeRuns.map((r) => `store run, ${r.workers} worker(s): ${r.emails} emails in ${r.wallSeconds.toFixed(1)} s, worker CPU ${r.workerCpuSeconds.map((s) => s.toFixed(1)).join(' / ')} s, MariaDB CPU ${r.mariadbCpuSeconds?.toFixed(1) ?? '-'} s`),
          ...syncRuns.map((r) => `first sync, ${r.workers} worker(s): ${r.read} read, ${r.imported} imported in ${r.wallSeconds.toFixed(1)} s (${r.failed} mailboxes failed, ${r.throttled} throttled), mailboxes per worker ${r.workerMailboxes.join(' / ')}, worker CPU ${r.workerCpuSeconds.map((s) => s.toFixed(1)).join(' / ')} s, MariaDB ${r.mariadbCpuSeconds?.toFixed(1) ?? '-'} s, sandbox ${r.sandboxCpuSeconds.toFixed(1)} s`),
        ],
      };
    } finally {
      await server?.stop();
      await rm(temp, { recursive: true, force: true });
    }
  },
};
