/**
 * `correspondent console [--port N]`: the headless console for this installation's tenant - the
 * same renderer build and Api over HTTP on 127.0.0.1, the session token in the printed URL. With
 * no tenant configured it still starts (the guided setup runs in the console) and says so; Api
 * calls that need a tenant answer 'not-configured'. Syncs on the schedule once a tenant is
 * connected; a changed schedule applies without a restart.
 */
import type { Command } from 'commander';
import { printingBrowserOpener } from '../../auth/browser-opener.js';
import { RENDERER_DIR } from '../../app/paths.js';
import { scheduleWhileConnected, startTenantApp } from '../../app/tenant-app.js';
import { startSandboxTenant } from '../../sandbox-seam/sandbox-seam.js';
import { startConsoleServer } from '../../server/console-server.js';
import { createDownloadStore } from '../../server/download-store.js';
import type { CliContext } from '../cli-context.js';
import { databaseConfigOf, loggerOf, parsePort } from './common-options.js';

export function registerConsole(program: Command, context: CliContext): void {
  program
    .command('console')
    .description('the headless console for the configured tenant')
    .option('--port <n>', 'port (default: a free port)', parsePort)
    .action(async (flags: { port?: number }, command: Command) => {
      const logger = loggerOf(context);
      const downloads = await createDownloadStore();
      const running = await startTenantApp({
        auditExportSink: downloads.sink,
        ...databaseConfigOf(command, context, logger),
        shell: 'headless',
        env: context.io.env,
        openBrowser: printingBrowserOpener((text) => context.io.stderr(text)),
        launchSandbox: () => startSandboxTenant({ includeAutomated: true }),
      });
      try {
        const { app } = running;
        const tenant = running.loaded.tenant;
        if (!tenant) {
          context.io.stderr(
            'not-configured: no Microsoft 365 tenant is set up for this data directory. Open the console to run the guided setup, or run `correspondent setup`.\n',
          );
          if (running.loaded.vault.problem) context.io.stderr(`${running.loaded.vault.problem}\n`);
        } else if (tenant.config.consent) {
          void app.discoverMailboxesFromCrm().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'mailbox discovery failed'));
        }
        const server = await startConsoleServer({
          handlers: app.handlers,
          staticDir: RENDERER_DIR,
          events: app.events,
          logger,
          downloads,
          ...(flags.port !== undefined ? { port: flags.port } : {}),
        });
        const schedule = scheduleWhileConnected(app, logger);
        context.io.stdout(`Console: ${server.url}\n`);
        await context.io.untilStopped();
        schedule.stop();
        await server.close();
      } finally {
        await running.close();
        await downloads.close();
      }
    });
}
