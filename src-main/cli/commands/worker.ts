/**
 * `correspondent worker`: a long-running sync worker sharing MariaDB with other workers (on this
 * host or others). Each takes the due mailboxes whose lease is free (sync/worker-loop.ts), so
 * they split the work, and a dead worker's mailboxes are taken over once its lease heartbeat is
 * stale (or at once on the same host, its pid being gone).
 *
 * Only SIGTERM/SIGINT stop it (issue 20): a database that is down when it starts is waited for
 * like one lost later; every fault is a state it waits in with backoff, logged once per change
 * and kept in its status file (app/worker-status-file.ts) for `status`. On the signal the running
 * cycle ends at a page boundary, the leases are released and the process exits 0.
 */
import { hostname } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError, isAppError } from '../../../src-shared/errors.js';
import type { App } from '../../app/create-app.js';
import { createWorkerStatusWriter, type WorkerStatusWriter } from '../../app/worker-status-file.js';
import type { Logger } from '../../logging/logger.js';
import { abortableSleep, startWorkerLoop, type WorkerHealth } from '../../sync/worker-loop.js';
import { defaultMaxBackoffMs, faultOf, nextWaitMs, type WorkerState } from '../../sync/worker-health.js';
import type { CliContext } from '../cli-context.js';
import { dataDirOf, loggerOf } from './common-options.js';
import { formatSummary } from '../cycle-report.js';
import { instanceIdOf, NOT_CONFIGURED, type OpenedSyncApp, type SyncAppOpener } from './sync.js';
import { runAsCaller } from '../../app/caller.js';

type WorkerFlags = { pollSeconds: number; json?: boolean };

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new InvalidArgumentError(`must be a whole number of seconds from 1 to 3600, not ${value}`);
  return n;
}

type Stop = { stopped: boolean; signal: AbortSignal };

/**
 * Opens the app, waiting with backoff while the database (or anything else retryable) is not
 * there yet; a missing tenant, a bad setting or a wrong password is refused at once.
 */
async function openPatiently(open: () => Promise<OpenedSyncApp | null>, stop: Stop, pollMs: number, logger: Logger, report: (state: WorkerState, detail: string) => void): Promise<OpenedSyncApp | null> {
  let failures = 0;
  let lastState: string | null = null;
  while (!stop.stopped) {
    try {
      const opened = await open();
      if (!opened) throw new AppError('not-configured', NOT_CONFIGURED);
      if (failures > 0) logger.warn({ after: lastState, failures }, `worker: recovered from ${lastState ?? 'a failure'} at start`);
      return opened;
    } catch (error) {
      if (!isAppError(error) || !error.retryable) throw error;
      failures += 1;
      const state = faultOf(error);
      if (state !== lastState) logger.warn({ state, detail: error.message }, `worker: ${state} at start; retrying with backoff until it recovers`);
      lastState = state;
      report(state, error.message);
      await abortableSleep(nextWaitMs(failures, pollMs, defaultMaxBackoffMs(pollMs)), stop.signal);
    }
  }
  return null;
}

function statusOf(health: WorkerHealth, base: { instanceId: string; startedAt: string }, app: App | null) {
  const search = app?.searchState() ?? null;
  return {
    ...base,
    host: hostname(),
    pid: process.pid,
    ...health,
    search: search ? { consecutiveFailures: search.consecutiveFailures, lastError: search.lastError } : null,
    updatedAt: new Date().toISOString(),
  };
}

export function registerWorker(program: Command, context: CliContext, openApp: SyncAppOpener): void {
  program
    .command('worker')
    .description('a long-running sync worker sharing MariaDB with other workers (stops on SIGTERM/SIGINT only)')
    .option('--poll-seconds <n>', 'how often to look for due mailboxes (default 60)', parseSeconds, 60)
    .option('--json', 'print each cycle summary as a JSON line')
    .action(async (flags: WorkerFlags, command: Command) => {
      // Everything this command does, its cycles' audit entries included, is the worker's.
      await runAsCaller('worker', () => runWorker(flags, command, context, openApp));
    });
}

async function runWorker(flags: WorkerFlags, command: Command, context: CliContext, openApp: SyncAppOpener): Promise<void> {
      const logger = loggerOf(context);
      const dataDir = dataDirOf(command, context);
      const instanceId = instanceIdOf();
      const base = { instanceId, startedAt: new Date().toISOString() };
      const controller = new AbortController();
      const stop: Stop = { stopped: false, signal: controller.signal };
      const untilStopped = context.io.untilStopped().then(() => {
        stop.stopped = true;
        controller.abort();
      });
      const writer: WorkerStatusWriter = createWorkerStatusWriter(dataDir, logger);
      const pollMs = flags.pollSeconds * 1000;
      const since = new Date().toISOString();
      const opened = await openPatiently(
        () => openApp({ dataDir, command, context, logger, instanceId }),
        stop,
        pollMs,
        logger,
        (state, detail) => void writer.write(statusOf({ state, detail, since, consecutiveFailures: 1, nextAttemptAt: null, lastCycleAt: null }, base, null)),
      );
      if (!opened) {
        await writer.remove();
        return;
      }
      try {
        // Invalid settings are a configuration to fix, not a fault to wait out: refused at once, by field.
        opened.app.settings.require('The worker');
        const loop = startWorkerLoop({
          runCycle: (signal) => opened.app.runScheduledCycle(signal),
          pollMs,
          logger,
          // A poll that found nothing due (only mailboxes other workers hold) prints nothing.
          onCycle: (summary) => {
            if (summary.mailboxes === 0 && summary.failed.length === 0) return;
            context.io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
          },
          onHealth: (health) => void writer.write(statusOf(health, base, opened.app)),
          // The private MariaDB of the data dir is ours: killed, it is started again (MARIADB_URL's is not ours).
          beforeRetry: async (state) => {
            if (state === 'database-unavailable' || state === 'disk-full') await opened.reviveDatabase?.();
          },
        });
        if (!flags.json) context.io.stderr(`Worker started; looking for due mailboxes every ${flags.pollSeconds} s. Press Ctrl-C to stop.\n`);
        await untilStopped;
        await loop.stop();
      } finally {
        await opened.close().catch((error: unknown) => logger.warn({ err: error }, 'closing after the worker stopped failed'));
        await writer.remove();
      }
}
