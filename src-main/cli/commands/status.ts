/**
 * `correspondent status [--json]`: consent, connections and per-mailbox sync state, read through
 * the same Api handlers the console uses (so the CLI and the console never disagree).
 */
import type { Command } from 'commander';
import type { ApiOutput } from '../../../src-shared/api.js';
import { printingBrowserOpener } from '../../auth/browser-opener.js';
import { isAppError } from '../../../src-shared/errors.js';
import { startTenantApp, type TenantApp } from '../../app/tenant-app.js';
import { loadTenantRuntime } from '../../app/tenant-runtime.js';
import { readWorkerStatuses, type WorkerStatus } from '../../app/worker-status-file.js';
import { CommandIncomplete, EXIT_CODES } from '../cli-errors.js';
import type { StateProblem } from '../../settings/state-file.js';
import { describeProblems } from '../../settings/state-sections.js';
import type { CliContext } from '../cli-context.js';
import { databaseConfigOf, loggerOf } from './common-options.js';

export type StatusDocument = {
  app: ApiOutput<'app.status'>;
  setup: ApiOutput<'setup.state'>;
  consent: ApiOutput<'consent.health'>;
  mailboxes: ApiOutput<'mailboxes.list'>['items'];
  /** Each mailbox's last run, whose figures add up like a cycle's (read = imported + alreadyStored + unchanged + skipped). */
  health: ApiOutput<'health.mailboxes'>['items'];
  lastCycle: ApiOutput<'sync.lastCycle'>;
  /** The live `correspondent worker` processes of this data directory and their state (issue 20). */
  workers: WorkerStatus[];
  /** Invalid fields of the settings file: the sync and the preview refuse to start until fixed. */
  settingsProblems: readonly StateProblem[];
};

/**
 * What `status` can still say when MariaDB is unreachable (issue 20): the tenant from the state
 * file, the workers from their status files (each waiting in `database-unavailable`), and why the
 * rest is missing. The same keys as the full document, unknown parts null.
 */
export type DegradedStatusDocument = {
  app: { database: { connected: false; error: string }; tenant: { configured: boolean; tenantId: string | null } };
  setup: null;
  consent: null;
  mailboxes: [];
  lastCycle: null;
  workers: WorkerStatus[];
};

function formatWorkers(workers: readonly WorkerStatus[]): string[] {
  const lines = [`Workers:   ${workers.length === 0 ? 'none running from this data directory' : workers.length}`];
  for (const w of workers) {
    lines.push(`  ${w.instanceId}  ${w.state} since ${w.since}${w.detail ? `: ${w.detail}` : ''}${w.nextAttemptAt ? `  (next attempt ${w.nextAttemptAt})` : ''}`);
    if (w.search && w.search.consecutiveFailures > 0) lines.push(`    search: unreachable (${w.search.consecutiveFailures} failures): ${w.search.lastError ?? ''}`);
  }
  return lines;
}

export function formatDegradedStatus(status: DegradedStatusDocument): string {
  const lines = [
    `Tenant:    ${status.app.tenant.configured ? (status.app.tenant.tenantId ?? 'configured') : 'not configured'}`,
    `Database:  unavailable - ${status.app.database.error}`,
    ...formatWorkers(status.workers),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatStatus(status: StatusDocument): string {
  const lines: string[] = [];
  const tenant = status.setup.tenant;
  lines.push(`Tenant:    ${tenant ? `${tenant.tenant}${tenant.tenantId && tenant.tenantId !== tenant.tenant ? ` (${tenant.tenantId})` : ''}, ${tenant.cloud} cloud, ${tenant.credential.kind}` : 'not configured'}`);
  lines.push(`Consent:   ${status.consent.state} - ${status.consent.message}`);
  lines.push(`Database:  ${status.app.database.connected ? `connected (${status.app.database.serverVersion ?? 'unknown version'})` : 'not connected'}`);
  lines.push(`Search:    ${status.app.search.configured ? `configured, backlog ${status.app.search.backlog ?? 0}` : 'not configured'}`);
  if (status.settingsProblems.length > 0) lines.push(`Settings:  INVALID, so the sync does not start - ${describeProblems(status.settingsProblems)}`);
  lines.push(`Network:   ${status.setup.network.proxyUrl ? `proxy ${status.setup.network.proxyUrl} (${status.setup.network.source})` : 'direct'}`);
  for (const step of status.setup.missing) lines.push(`To do:     ${step.message}`);
  const cycle = status.lastCycle.cycle;
  lines.push(`Last sync: ${cycle && status.lastCycle.finishedAt ? `${status.lastCycle.finishedAt}: read ${cycle.read}, imported ${cycle.imported}, already stored ${cycle.alreadyStored}, unchanged ${cycle.unchanged}` : 'never'}`);
  lines.push(`Mailboxes: ${status.mailboxes.length} (${status.mailboxes.filter((m) => m.optedIn).length} opted in)`);
  for (const m of status.mailboxes.filter((m) => m.optedIn)) {
    lines.push(`  ${m.address}  ${m.state}  imported ${m.imported}  also seen ${m.alreadyStored}  last success ${m.lastSuccessAt ?? '-'}${m.lastError ? `  error: ${m.lastError}` : ''}`);
  }
  lines.push(...formatWorkers(status.workers));
  return `${lines.join('\n')}\n`;
}

export function registerStatus(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('consent, connections, per-mailbox sync state')
    .option('--json', 'one JSON document')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const logger = loggerOf(context);
      const config = databaseConfigOf(command, context, logger);
      const print = (document: StatusDocument | DegradedStatusDocument, text: string) => context.io.stdout(flags.json ? `${JSON.stringify(document)}\n` : text);
      let running: TenantApp;
      try {
        running = await startTenantApp({ ...config, shell: 'cli', env: context.io.env, openBrowser: printingBrowserOpener((text) => context.io.stderr(text)) });
      } catch (error) {
        if (!isAppError(error) || error.code !== 'database-unavailable') throw error;
        const loaded = await loadTenantRuntime(config.dataDir, context.io.env).catch(() => null);
        const tenant = loaded?.tenant?.config ?? null;
        const degraded: DegradedStatusDocument = {
          app: { database: { connected: false, error: error.message }, tenant: { configured: tenant !== null, tenantId: tenant?.tenantId ?? null } },
          setup: null,
          consent: null,
          mailboxes: [],
          lastCycle: null,
          workers: await readWorkerStatuses(config.dataDir),
        };
        print(degraded, formatDegradedStatus(degraded));
        throw new CommandIncomplete(EXIT_CODES.partial, `${error.message} Status shows what the data directory knows.`);
      }
      try {
        const { handlers } = running.app;
        // Consent first: probing it records a consent granted meanwhile, which the rest then shows.
        const consent = await handlers['consent.health']({});
        const status: StatusDocument = {
          app: await handlers['app.status']({}),
          setup: await handlers['setup.state']({}),
          consent,
          mailboxes: (await handlers['mailboxes.list']({})).items,
          health: (await handlers['health.mailboxes']({})).items,
          lastCycle: await handlers['sync.lastCycle']({}),
          workers: await readWorkerStatuses(config.dataDir),
          settingsProblems: running.app.settings.problems(),
        };
        print(status, formatStatus(status));
      } finally {
        await running.close();
      }
    });
}
