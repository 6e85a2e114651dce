/**
 * `correspondent status [--json]`: consent, connections and per-mailbox sync state, read through
 * the same Api handlers the console uses (so the CLI and the console never disagree).
 */
import type { Command } from 'commander';
import type { ApiOutput } from '../../../src-shared/api.js';
import { printingBrowserOpener } from '../../auth/browser-opener.js';
import { startTenantApp } from '../../app/tenant-app.js';
import type { CliContext } from '../cli-context.js';
import { databaseConfigOf, loggerOf } from './common-options.js';

export type StatusDocument = {
  app: ApiOutput<'app.status'>;
  setup: ApiOutput<'setup.state'>;
  consent: ApiOutput<'consent.health'>;
  mailboxes: ApiOutput<'mailboxes.list'>['items'];
  lastCycle: ApiOutput<'sync.lastCycle'>;
};

export function formatStatus(status: StatusDocument): string {
  const lines: string[] = [];
  const tenant = status.setup.tenant;
  lines.push(`Tenant:    ${tenant ? `${tenant.tenant}${tenant.tenantId && tenant.tenantId !== tenant.tenant ? ` (${tenant.tenantId})` : ''}, ${tenant.cloud} cloud, ${tenant.credential.kind}` : 'not configured'}`);
  lines.push(`Consent:   ${status.consent.state} - ${status.consent.message}`);
  lines.push(`Database:  ${status.app.database.connected ? `connected (${status.app.database.serverVersion ?? 'unknown version'})` : 'not connected'}`);
  lines.push(`Search:    ${status.app.search.configured ? `configured, backlog ${status.app.search.backlog ?? 0}` : 'not configured'}`);
  lines.push(`Network:   ${status.setup.network.proxyUrl ? `proxy ${status.setup.network.proxyUrl} (${status.setup.network.source})` : 'direct'}`);
  for (const step of status.setup.missing) lines.push(`To do:     ${step.message}`);
  const cycle = status.lastCycle.cycle;
  lines.push(`Last sync: ${cycle && status.lastCycle.finishedAt ? `${status.lastCycle.finishedAt}: read ${cycle.read}, imported ${cycle.imported}` : 'never'}`);
  lines.push(`Mailboxes: ${status.mailboxes.length} (${status.mailboxes.filter((m) => m.optedIn).length} opted in)`);
  for (const m of status.mailboxes.filter((m) => m.optedIn)) {
    lines.push(`  ${m.address}  ${m.state}  imported ${m.imported}  last success ${m.lastSuccessAt ?? '-'}${m.lastError ? `  error: ${m.lastError}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerStatus(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('consent, connections, per-mailbox sync state')
    .option('--json', 'one JSON document')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const logger = loggerOf(context);
      const running = await startTenantApp({
        ...databaseConfigOf(command, context, logger),
        shell: 'cli',
        env: context.io.env,
        openBrowser: printingBrowserOpener((text) => context.io.stderr(text)),
      });
      try {
        const { handlers } = running.app;
        // Consent first: probing it records a consent granted meanwhile, which the rest then shows.
        const consent = await handlers['consent.health']({});
        const status: StatusDocument = {
          app: await handlers['app.status']({}),
          setup: await handlers['setup.state']({}),
          consent,
          mailboxes: (await handlers['mailboxes.list']({})).items,
          lastCycle: await handlers['sync.lastCycle']({}),
        };
        context.io.stdout(flags.json ? `${JSON.stringify(status)}\n` : formatStatus(status));
      } finally {
        await running.close();
      }
    });
}
