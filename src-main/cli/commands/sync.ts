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
import type { Settings } from '../../../src-shared/settings.js';
import { createApp, type App, type TenantRuntime } from '../../app/create-app.js';
import { openDatabase } from '../../app/database.js';
import type { Logger } from '../../app/logger.js';
import { APP_VERSION } from '../../app/paths.js';
import { openSearchSink, type OpenedSearch } from '../../search/open-search.js';
import { readState } from '../../settings/state-file.js';
import { startSyncSchedule } from '../../sync/scheduler.js';
import type { CliEnv } from '../cli-env.js';
import type { CliContext } from '../cli-context.js';
import { databaseConfigOf, dataDirOf, loggerOf } from './common-options.js';
import { formatSummary } from './demo.js';

export type OpenedSyncApp = { app: App; settings: Settings; close(): Promise<void> };
/** Opens the app for the data dir's connected tenant; null when none is connected. */
export type SyncAppOpener = (options: { dataDir: string; command: Command; context: CliContext; logger: Logger; instanceId: string }) => Promise<OpenedSyncApp | null>;
/** The connected tenant of a data dir (app/tenant-runtime.ts), null when none. */
export type TenantLoader = (dataDir: string, env: CliEnv) => Promise<TenantRuntime | null>;

export const NOT_CONFIGURED = 'No Microsoft 365 tenant is connected to this data directory: run the setup (or `correspondent demo` for the sandbox) first.';

/** The default opener: the tenant from `loadTenant`, settings from the state file, MariaDB and Elasticsearch from the environment. */
export function tenantAppOpener(loadTenant: TenantLoader): SyncAppOpener {
  return async ({ dataDir, command, context, logger, instanceId }) => {
    const tenant = await loadTenant(dataDir, context.env());
    if (!tenant) return null;
    const state = await readState(dataDir);
    const config = databaseConfigOf(command, context, logger);
    const database = await openDatabase(config);
    let search: OpenedSearch | null = null;
    try {
      if (config.elasticsearchUrl) search = await openSearchSink(config.elasticsearchUrl);
      const app = await createApp({
        shell: 'cli',
        version: APP_VERSION,
        store: database.store,
        databaseServerVersion: database.serverVersion,
        tenant,
        settings: state.settings,
        logger,
        search,
        auditStore: database.audit,
        sync: { instanceId },
      });
      return {
        app,
        settings: state.settings,
        async close() {
          await app.close();
          await database.close();
        },
      };
    } catch (error) {
      await search?.close().catch(() => undefined);
      await database.close().catch(() => undefined);
      throw error;
    }
  };
}

/** Until the tenant setup lands in this build, no data dir has a connected tenant. */

export function instanceIdOf(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export async function openOrRefuse(openApp: SyncAppOpener, command: Command, context: CliContext, logger: Logger): Promise<OpenedSyncApp> {
  const opened = await openApp({ dataDir: dataDirOf(command, context), command, context, logger, instanceId: instanceIdOf() });
  if (!opened) throw new AppError('not-configured', NOT_CONFIGURED);
  return opened;
}

type SyncFlags = { once?: boolean; json?: boolean; mailbox?: string[] };

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
      const print = (summary: Parameters<typeof formatSummary>[0]) => context.io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      try {
        if (flags.mailbox && flags.mailbox.length > 0) {
          for (const mailbox of flags.mailbox) print(await opened.app.syncNow(mailbox));
          return;
        }
        print(await opened.app.syncNow());
        if (flags.once) return;
        const schedule = startSyncSchedule({ minutes: opened.settings.scheduleMinutes, runCycle: () => opened.app.runScheduledCycle(), onCycle: print, logger });
        if (!flags.json) context.io.stderr(`Syncing every ${opened.settings.scheduleMinutes} minutes. Press Ctrl-C to stop.\n`);
        await context.io.untilStopped();
        schedule.stop();
      } finally {
        await opened.close();
      }
    });
}
