/**
 * `correspondent sync [--once] [--mailbox ADDR]...`: sync the connected tenant as configured -
 * one cycle and exit with --once (or for named mailboxes), else a cycle now and then on the
 * schedule until stopped. The app is opened through an injected `openApp`, so the command works
 * the same for a tenant connected by the setup (tenant-runtime) and for tests wiring a sandbox;
 * without a connected tenant it answers 'not-configured' in one line.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors.js';
import type { CycleSummary } from '../../../src-shared/domain.js';
import type { Settings } from '../../../src-shared/settings.js';
import type { App } from '../../app/create-app.js';
import type { Logger } from '../../logging/logger.js';
import { openConnectedTenantApp } from '../../app/tenant-app.js';
import { startSyncSchedule } from '../../sync/scheduler.js';
import type { CliContext } from '../cli-context.js';
import type { CommandIncomplete } from '../cli-errors.js';
import { databaseConfigOf, dataDirOf, loggerOf } from './common-options.js';
import { formatSummary, syncEnding } from '../cycle-report.js';

export type OpenedSyncApp = {
  app: App;
  settings: Settings;
  /** Starts the data directory's private MariaDB again if it is gone (a no-op for MARIADB_URL). */
  reviveDatabase?: () => Promise<void>;
  close(): Promise<void>;
};
/** Opens the app for the data dir's connected tenant; null when none is connected. */
export type SyncAppOpener = (options: { dataDir: string; command: Command; context: CliContext; logger: Logger; instanceId: string }) => Promise<OpenedSyncApp | null>;

export const NOT_CONFIGURED = 'No Microsoft 365 tenant is connected to this data directory: run the setup (or `correspondent demo` for the sandbox) first.';

/**
 * The connected tenant of the data directory (state file + vault), opened through the one
 * composition root (app/compose-app.ts) like every other shell: network settings and proxy
 * environment, Elasticsearch and the audit log included.
 */
export const connectedTenantOpener: SyncAppOpener = async ({ command, context, logger, instanceId }) => {
  const running = await openConnectedTenantApp({ ...databaseConfigOf(command, context, logger), shell: 'cli', env: context.io.env, sync: { instanceId } });
  if (!running) return null;
  return { app: running.app, settings: running.app.settings.get(), reviveDatabase: () => running.database.revive(), close: () => running.close() };
};

export function instanceIdOf(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export async function openOrRefuse(openApp: SyncAppOpener, command: Command, context: CliContext, logger: Logger): Promise<OpenedSyncApp> {
  const opened = await openApp({ dataDir: dataDirOf(command, context), command, context, logger, instanceId: instanceIdOf() });
  if (!opened) throw new AppError('not-configured', NOT_CONFIGURED);
  return opened;
}

type SyncFlags = { once?: boolean; json?: boolean; mailbox?: string[] };

/** Runs what the flags ask; answers how a one-off run ended (null: fully, or scheduled until stopped). */
async function runSync(flags: SyncFlags, opened: OpenedSyncApp, print: (summary: CycleSummary) => void, context: CliContext, logger: Logger): Promise<CommandIncomplete | null> {
  if (flags.mailbox && flags.mailbox.length > 0) {
    const summaries: CycleSummary[] = [];
    for (const mailbox of flags.mailbox) {
      const summary = await opened.app.syncNow(mailbox);
      summaries.push(summary);
      print(summary);
    }
    return syncEnding(summaries);
  }
  const first = await opened.app.syncNow();
  print(first);
  if (flags.once) return syncEnding([first]);
  const schedule = startSyncSchedule({ minutes: opened.settings.scheduleMinutes, runCycle: () => opened.app.runScheduledCycle(), onCycle: print, logger });
  if (!flags.json) context.io.stderr(`Syncing every ${opened.settings.scheduleMinutes} minutes. Press Ctrl-C to stop.\n`);
  await context.io.untilStopped();
  schedule.stop();
  return null;
}

export function registerSync(program: Command, context: CliContext, openApp: SyncAppOpener): void {
  program
    .command('sync')
    .description('sync the connected tenant as configured (one cycle with --once)')
    .option('--once', 'run one cycle, print a summary and exit')
    .option('--json', 'print summaries as JSON lines')
    .option('--mailbox <addr...>', 'only these mailboxes (implies --once)')
    .action(async (flags: SyncFlags, command: Command) => {
      const logger = loggerOf(context);
      const opened = await openOrRefuse(openApp, command, context, logger);
      const print = (summary: CycleSummary) => context.io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      let ending: CommandIncomplete | null;
      try {
        ending = await runSync(flags, opened, print, context, logger);
      } finally {
        await opened.close();
      }
      if (ending) throw ending;
    });
}
