/**
 * `correspondent crm connect|status|refresh [--json]` (docs/cli.md): connects a live CRM (the
 * credential read from a file or an environment variable, never from the command line, where
 * `ps` would show it), shows where the CRM tables come from and how fresh they are, and refreshes
 * them now. `crm status --json` prints at least source, lastRefreshAt, counts and error.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CONNECTED_CRM_SOURCES, DEFAULT_FIELD_MAPPINGS, type ConnectedCrm, type CrmRefreshReport, type CrmStatus } from '../../../src-shared/crm-connection.js';
import { AppError } from '../../../src-shared/errors.js';
import { openCrmRuntime, type CrmRuntime } from '../../app/crm-runtime.js';
import type { CliContext } from '../cli-context.js';
import { cliActor } from './audit.js';
import { databaseConfigOf, loggerOf } from './common-options.js';

const list = (value: string | undefined): string[] | undefined => (value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter((v) => v !== ''));

async function withRuntime<T>(command: Command, context: CliContext, extraCaPem: string[], work: (runtime: CrmRuntime) => Promise<T>): Promise<T> {
  const logger = loggerOf(context);
  const runtime = await openCrmRuntime({ ...databaseConfigOf(command, context, logger), env: context.io.env, actor: cliActor(), extraCaPem });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

function age(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function printStatus(context: CliContext, status: CrmStatus): void {
  const lines = [
    `source: ${status.source}${status.source !== 'csv' && !status.hasSecret ? ' (no credential in this vault)' : ''}`,
    `last refresh: ${status.lastRefreshAt ?? 'never'} (${age(status.ageSeconds)}${status.lastRefreshKind ? `, ${status.lastRefreshKind}` : ''})`,
    `rows: ${Object.entries(status.counts).map(([t, n]) => `${n} ${t}`).join(', ')}`,
  ];
  if (status.error) lines.push(`last refresh failed (${status.error.code}) at ${status.error.at}: ${status.error.message}`);
  if (status.rejected.count > 0) lines.push(`records rejected by the last refresh: ${status.rejected.count} (first: ${status.rejected.sample[0]?.object ?? ''} ${status.rejected.sample[0]?.id ?? ''}: ${status.rejected.sample[0]?.reason ?? ''})`);
  context.io.stdout(`${lines.join('\n')}\n`);
}

async function readSecret(options: { secretFile?: string; secretEnv?: string }, env: NodeJS.ProcessEnv): Promise<string> {
  if (options.secretFile && options.secretEnv) throw new AppError('invalid-input', 'Give the credential once: --secret-file or --secret-env.');
  if (options.secretFile) {
    try {
      return (await readFile(options.secretFile, 'utf8')).trim();
    } catch (cause) {
      throw new AppError('invalid-input', `The credential file ${options.secretFile} cannot be read.`, { cause });
    }
  }
  const name = options.secretEnv ?? 'CORRESPONDENT_CRM_SECRET';
  const value = env[name];
  if (!value) throw new AppError('invalid-input', `No credential: pass --secret-file FILE, or set ${name} (or name another variable with --secret-env).`);
  return value.trim();
}

async function readCa(file: string | undefined): Promise<string[]> {
  if (!file) return [];
  try {
    return [await readFile(file, 'utf8')];
  } catch (cause) {
    throw new AppError('invalid-input', `The CA file ${file} cannot be read.`, { cause });
  }
}

/** The connection settings each CRM takes from its own options (crm/connectors/*-factory.ts validate them). */
function settingsFromOptions(source: ConnectedCrm, options: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const picked: Record<ConnectedCrm, Record<string, unknown>> = {
    salesforce: { loginUrl: options['loginUrl'], clientId: options['clientId'], flow: options['flow'], username: options['username'] },
    hubspot: { baseUrl: options['baseUrl'] },
    dynamics: { environmentUrl: options['environmentUrl'], tenantId: options['tenantId'], clientId: options['clientId'], authorityHost: options['authorityHost'] },
  };
  const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  for (const [other, keys] of Object.entries(picked)) {
    if (other === source) continue;
    for (const key of Object.keys(keys)) {
      if (options[key] !== undefined && !(key in picked[source])) throw new AppError('invalid-input', `${flag(key)} is not a ${source} option (it belongs to ${other}).`);
    }
  }
  return Object.fromEntries(Object.entries(picked[source]).filter(([, v]) => v !== undefined));
}

export function registerCrmConnection(program: Command, context: CliContext): void {
  const crm = program.commands.find((c) => c.name() === 'crm') ?? program.command('crm').description('The CRM directory');
  const out = { writeErr: (text: string) => context.io.stderr(text), writeOut: (text: string) => context.io.stdout(text) };

  const connect = crm
    .command('connect')
    .description('Connect a live CRM (Salesforce, HubSpot or Dynamics 365 Sales): test the connection, save it, keep the CRM tables current before every sync cycle')
    .requiredOption('--source <crm>', `the CRM: ${CONNECTED_CRM_SOURCES.join(', ')}`)
    .option('--login-url <url>', 'Salesforce: the My Domain URL (https://yourcompany.my.salesforce.com) or https://login.salesforce.com')
    .option('--client-id <id>', 'Salesforce: the connected app\'s consumer key; Dynamics 365: the app registration\'s application (client) id')
    .option('--flow <flow>', 'Salesforce: client-credentials (default) or jwt-bearer')
    .option('--username <name>', 'Salesforce JWT bearer flow: the integration user\'s username')
    .option('--base-url <url>', 'HubSpot: the API host (default https://api.hubapi.com)')
    .option('--environment-url <url>', 'Dynamics 365: the environment URL, e.g. https://contoso.crm.dynamics.com')
    .option('--tenant-id <id>', 'Dynamics 365: the Entra tenant id (the tenant the admin consented)')
    .option('--authority-host <host>', 'Dynamics 365: the Entra ID host (default login.microsoftonline.com; a national cloud\'s otherwise)')
    .option('--settings-json <json>', 'the connection settings as a JSON object (any CRM; overrides the options above)')
    .option('--secret-file <file>', 'the credential in a file: Salesforce consumer secret or PEM private key (JWT bearer), HubSpot private app access token, Dynamics 365 client secret')
    .option('--secret-env <name>', 'the environment variable holding the credential (default CORRESPONDENT_CRM_SECRET)')
    .option('--domain-fields <fields>', 'account fields holding domains, comma-separated (defaults: Salesforce Website; HubSpot domain,hs_additional_domains; Dynamics 365 websiteurl,emailaddress1)')
    .option('--open-stages <stages>', 'opportunity stages that count as open, comma-separated (default: the CRM\'s closed flag decides)')
    .option('--opt-in-field <field>', 'a boolean user field saying who is opted in (default: every active user)')
    .option('--ca-file <file>', 'an extra CA certificate (PEM) the CRM\'s host needs, for this command')
    .option('--no-test', 'save without testing the connection first')
    .option('--json', 'one JSON document on stdout')
    .configureOutput(out);
  connect.action(async (options: Record<string, string | boolean | undefined>) => {
    const source = String(options['source']);
    if (!(CONNECTED_CRM_SOURCES as readonly string[]).includes(source)) throw new AppError('invalid-input', `--source must be one of ${CONNECTED_CRM_SOURCES.join(', ')}.`);
    let settings: Record<string, unknown>;
    if (typeof options['settingsJson'] === 'string') {
      try {
        settings = JSON.parse(options['settingsJson']) as Record<string, unknown>;
      } catch {
        throw new AppError('invalid-input', '--settings-json is not JSON.');
      }
    } else {
      settings = settingsFromOptions(source as ConnectedCrm, options);
    }
    const secret = await readSecret({ ...(typeof options['secretFile'] === 'string' ? { secretFile: options['secretFile'] } : {}), ...(typeof options['secretEnv'] === 'string' ? { secretEnv: options['secretEnv'] } : {}) }, context.io.env);
    const domainFields = list(options['domainFields'] as string | undefined);
    const openStages = list(options['openStages'] as string | undefined);
    const optIn = options['optInField'] as string | undefined;
    const customMapping = domainFields !== undefined || openStages !== undefined || optIn !== undefined;
    const status = await withRuntime(connect, context, await readCa(options['caFile'] as string | undefined), async ({ service }) => {
      const defaults = DEFAULT_FIELD_MAPPINGS[source as ConnectedCrm];
      return service.connect({
        source,
        settings,
        secret,
        test: options['test'] !== false,
        ...(customMapping ? { fieldMapping: { accountDomainFields: domainFields ?? defaults.accountDomainFields, openStages: openStages ?? defaults.openStages, userOptInField: optIn ?? defaults.userOptInField } } : {}),
      });
    });
    if (options['json']) context.io.stdout(`${JSON.stringify(status)}\n`);
    else {
      context.io.stdout(`connected ${source}; the CRM tables are refreshed before the next sync cycle (or now: correspondent crm refresh)\n`);
      printStatus(context, status);
    }
  });

  const status = crm
    .command('status')
    .description('Where the CRM tables come from (salesforce, hubspot, dynamics or csv), how old the copy is, rows per table, the last refresh error')
    .option('--json', 'one JSON document on stdout')
    .configureOutput(out);
  status.action(async (options: { json?: boolean }) => {
    const shown = await withRuntime(status, context, [], ({ service }) => service.status());
    if (options.json) context.io.stdout(`${JSON.stringify(shown)}\n`);
    else printStatus(context, shown);
  });

  const refresh = crm
    .command('refresh')
    .description('Refresh the CRM tables from the connected CRM now (incremental; --full reads everything)')
    .option('--full', 'read everything instead of what changed')
    .option('--ca-file <file>', 'an extra CA certificate (PEM) the CRM\'s host needs, for this command')
    .option('--json', 'one JSON document on stdout')
    .configureOutput(out);
  refresh.action(async (options: { full?: boolean; json?: boolean; caFile?: string }) => {
    const { report, shown } = await withRuntime(refresh, context, await readCa(options.caFile), async ({ service }) => {
      const report: CrmRefreshReport = await service.refresh({ full: Boolean(options.full) });
      return { report, shown: await service.status() };
    });
    if (options.json) context.io.stdout(`${JSON.stringify({ ...report, status: shown })}\n`);
    else if (report.outcome === 'refreshed') context.io.stdout(`refreshed (${report.kind}): ${report.changes.upserted} rows written, ${report.changes.deleted} removed, ${report.rejected} records rejected, ${report.reassigned} emails reassigned, ${report.requests} requests\n`);
    else if (report.outcome === 'unchanged') context.io.stdout('no CRM is connected: the CRM tables come from CSV imports (correspondent crm import)\n');
    else if (report.outcome === 'skipped') context.io.stdout('another instance is refreshing the CRM right now; its refresh is used\n');
    if (report.outcome === 'failed' && report.error) throw new AppError(report.error.code as AppError['code'], `The CRM refresh failed; the previous copy keeps serving. ${report.error.message}`);
  });
}
