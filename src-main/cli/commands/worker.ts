/**
 * `correspondent worker`: a long-running sync worker sharing MariaDB with other workers (on this
 * host or others). Each takes the due mailboxes whose lease is free (sync/worker-loop.ts), so
 * they split the work, and a dead worker's mailboxes are taken over once its leases expire.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { startWorkerLoop } from '../../sync/worker-loop.js';
import type { CliContext } from '../cli-context.js';
import { loggerOf } from './common-options.js';
import { formatSummary } from './demo.js';
import { openOrRefuse, type SyncAppOpener } from './sync.js';

type WorkerFlags = { pollSeconds: number; json?: boolean };

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new InvalidArgumentError(`must be a whole number of seconds from 1 to 3600, not ${value}`);
  return n;
}

export function registerWorker(program: Command, context: CliContext, openApp: SyncAppOpener): void {
  program
    .command('worker')
    .description('a long-running sync worker sharing MariaDB with other workers')
    .option('--poll-seconds <n>', 'how often to look for due mailboxes (default 60)', parseSeconds, 60)
    .option('--json', 'print each cycle summary as a JSON line')
    .action(async (flags: WorkerFlags, command: Command) => {
      const logger = loggerOf(context);
      const opened = await openOrRefuse(openApp, command, context, logger);
      try {
        const loop = startWorkerLoop({
          runCycle: () => opened.app.runScheduledCycle(),
          pollMs: flags.pollSeconds * 1000,
          logger,
          onCycle: (summary) => context.io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`),
        });
        if (!flags.json) context.io.stderr(`Worker started; looking for due mailboxes every ${flags.pollSeconds} s. Press Ctrl-C to stop.\n`);
        await context.io.untilStopped();
        await loop.stop();
      } finally {
        await opened.close();
      }
    });
}
