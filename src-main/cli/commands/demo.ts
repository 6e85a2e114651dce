/**
 * `correspondent demo`: the main job on the sandbox tenant. Starts the sandbox, configures the app
 * against it, runs one full sync cycle into MariaDB, then (without --once) serves the console and
 * keeps syncing on the schedule until stopped.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors.js';
import { startDemo } from '../../app/demo-runtime.js';
import { RENDERER_DIR } from '../../app/paths.js';
import { parseSandboxEnvelopes } from '../../sandbox-seam/sandbox-seam.js';
import { readCrmDirectory } from '../../crm/read-crm-directory.js';
import { startConsoleServer } from '../../server/console-server.js';
import { createDownloadStore } from '../../server/download-store.js';
import { startSyncSchedule } from '../../sync/scheduler.js';
import type { CliContext } from '../cli-context.js';
import type { CommandIncomplete } from '../cli-errors.js';
import { formatSummary, syncEnding } from '../cycle-report.js';
import { databaseConfigOf, loggerOf, parsePort } from './common-options.js';

type DemoFlags = { once?: boolean; json?: boolean; port?: number; messages?: string; crm?: string; settings?: string; seed?: number };

async function readJsonFile(file: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new AppError('invalid-input', `Cannot read ${what} ${file}.`, { cause });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new AppError('invalid-input', `${what} ${file} is not a JSON object.`, { cause });
  }
}

export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('sync the sandbox tenant into MariaDB and serve the console')
    .option('--once', 'run one full cycle, print a summary and exit')
    .option('--json', 'print the summary as one JSON document')
    .option('--port <n>', 'console port (default: a free port)', parsePort)
    .option('--messages <file.jsonl>', 'seed the sandbox from message envelopes')
    .option('--crm <dir>', 'import this CRM (canonical CSVs) instead of the generated one')
    .option('--settings <file.json>', 'apply these settings')
    .option('--seed <n>', 'generator seed', (v) => parsePort(v))
    .action(async (flags: DemoFlags, command: Command) => {
      const logger = loggerOf(context);
      const crm = flags.crm ? await readCrmDirectory(flags.crm) : undefined;
      for (const rejected of crm?.rejected ?? []) context.io.stderr(`CRM row rejected: ${rejected.file}:${rejected.line}: ${rejected.reason}\n`);
      const envelopes = flags.messages ? await parseSandboxEnvelopes(await readFile(flags.messages, 'utf8').catch((cause) => {
        throw new AppError('invalid-input', `Cannot read ${flags.messages}.`, { cause });
      })) : undefined;
      const settingsOverride = flags.settings ? await readJsonFile(flags.settings, 'the settings file') : undefined;
      const downloads = await createDownloadStore();
      const demo = await startDemo({
        auditExportSink: downloads.sink,
        ...databaseConfigOf(command, context, logger),
        shell: 'cli',
        logger,
        // Only the alert webhook: the demo's calls go to the local sandbox, never through a proxy.
        ...(context.io.env['CORRESPONDENT_ALERT_WEBHOOK_URL'] ? { env: { CORRESPONDENT_ALERT_WEBHOOK_URL: context.io.env['CORRESPONDENT_ALERT_WEBHOOK_URL'] } } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(envelopes ? { envelopes } : {}),
        ...(settingsOverride ? { settingsOverride } : {}),
        ...(crm ? { crm: crm.snapshot } : {}),
      });
      let ending: CommandIncomplete | null = null;
      try {
        if (!flags.json) context.io.stderr('Sandbox tenant started; syncing every opted-in mailbox...\n');
        const summary = await demo.app.syncNow();
        if (flags.once) {
          context.io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
          ending = syncEnding([summary]);
          return;
        }
        if (flags.json) context.io.stdout(`${JSON.stringify(summary)}\n`);
        else context.io.stderr(`${formatSummary(summary)}\n`);
        const server = await startConsoleServer({
          handlers: demo.app.handlers,
          staticDir: RENDERER_DIR,
          events: demo.app.events,
          downloads,
          ...(flags.port !== undefined ? { port: flags.port } : {}),
        });
        const schedule = startSyncSchedule({
          minutes: demo.settings.scheduleMinutes,
          runCycle: () => demo.app.runScheduledCycle(),
          onCycle: (cycle) => {
            if (!flags.json) context.io.stderr(`${formatSummary(cycle)}\n`);
          },
          logger,
        });
        if (!flags.json) context.io.stdout(`Console: ${server.url}\nSyncing every ${demo.settings.scheduleMinutes} minutes. Press Ctrl-C to stop.\n`);
        else context.io.stderr(`Console: ${server.url}\n`);
        await context.io.untilStopped();
        schedule.stop();
        await server.close();
      } finally {
        await demo.close();
        await downloads.close();
      }
      // --once exits like `sync --once`: 3 when a mailbox failed, 4 when none was synced.
      if (ending) throw ending;
    });
}
