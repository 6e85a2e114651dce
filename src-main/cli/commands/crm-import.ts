/**
 * `correspondent crm import DIR [--dry-run] [--allow-removals] [--json]`: reads the CRM CSVs (an
 * injected reader, src-main/crm/read-crm-directory.ts), validates them against the table contract
 * (docs/crm-tables.md) and replaces the CRM tables in one transaction. Rejected rows are reported
 * and left out; a dry run changes nothing and reports per table what would be added, removed and
 * changed. The replacement bumps the CRM revision, so running instances reload their CRM index.
 * A table whose file had rejected rows, or for which DIR has no file, keeps the rows no file lists
 * unless --allow-removals is given (app/import-crm-tables.ts); the command then exits 3 and says so.
 */
import type { Command } from 'commander';
import { importCrmTables, type CrmImportOutcome, type CrmTablesRead } from '../../app/import-crm-tables.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { openMailStore } from '../../store/open-store.js';
import { createAuditLog } from '../../audit/audit-log.js';
import { cliActor } from './audit.js';
import { CommandIncomplete, EXIT_CODES, oneLine } from '../cli-errors.js';
import { defaultDataDir } from '../../app/data-dir.js';

/** The shape of src-main/crm/read-crm-directory.ts (`present`: the tables a file was found for). */
export type CrmDirectoryReader = (dir: string) => Promise<CrmTablesRead>;

export type CrmImportContext = {
  io: { stdout(t: string): void; stderr(t: string): void };
  env: () => { mariadbUrl: string | null; mariadbCaFile: string | null; elasticsearchUrl: string | null };
  readCrmDirectory: CrmDirectoryReader;
};

/** What the command prints (the console's report adds row counts and caps the rejected list). */
type CliCrmReport = Pick<CrmImportOutcome, 'dryRun' | 'changes' | 'rejected' | 'removed' | 'withheld' | 'missingTables'>;

function whyKept(report: CliCrmReport, table: string): string {
  return (report.missingTables as readonly string[]).includes(table) ? 'no file for it' : 'its file had rejected rows';
}

function becauseKept(report: CliCrmReport, tables: readonly string[]): string {
  const missing = tables.filter((table) => (report.missingTables as readonly string[]).includes(table));
  if (missing.length === 0) return tables.length === 1 ? 'that file had rejected rows' : 'those files had rejected rows';
  if (missing.length === tables.length) return `DIR has no file for ${tables.length === 1 ? 'that table' : 'those tables'}`;
  return `their files had rejected rows or are missing (${missing.join(', ')})`;
}

export function registerCrmImport(program: Command, context: CrmImportContext): void {
  const crm = program.commands.find((c) => c.name() === 'crm') ?? program.command('crm').description('The CRM directory');
  const command = crm
    .command('import')
    .description('Replace the CRM tables with the canonical CSVs of DIR (accounts, contacts, leads, opportunities, users)')
    .argument('<dir>', 'folder holding the CSV files')
    .option('--dry-run', 'validate and report what would change, change nothing')
    .option('--allow-removals', 'remove rows even from a table whose file had rejected rows or is missing (otherwise they are kept)')
    .option('--json', 'one JSON document on stdout')
    .option('--data-dir <dir>', 'data folder (private MariaDB when MARIADB_URL is not set)')
    .configureOutput({ writeErr: (text) => context.io.stderr(text), writeOut: (text) => context.io.stdout(text) });
  command.action(async (dir: string, options: { dryRun?: boolean; allowRemovals?: boolean; json?: boolean }) => {
    const report = await runCrmImport(context, dir, { dryRun: Boolean(options.dryRun), allowRemovals: Boolean(options.allowRemovals) }, dataDirOf(command));
    printReport(context, report, Boolean(options.json));
    const kept = Object.entries(report.withheld).filter(([, n]) => n > 0);
    if (kept.length > 0) {
      const what = kept.map(([table, n]) => `${n} ${table}`).join(', ');
      throw new CommandIncomplete(
        EXIT_CODES.partial,
        `${report.dryRun ? 'would keep' : 'kept'} ${what} that the files no longer list, because ${becauseKept(report, kept.map(([table]) => table))}: fix them, or pass --allow-removals to remove the rows.`,
      );
    }
  });
}

async function runCrmImport(context: CrmImportContext, dir: string, mode: { dryRun: boolean; allowRemovals: boolean }, dataDir: string | null): Promise<CliCrmReport> {
  const read = await context.readCrmDirectory(dir);
  const env = context.env();
  const opened = await openMailStore({ mariadbUrl: env.mariadbUrl, mariadbCaFile: env.mariadbCaFile, dataDir, searchOutbox: env.elasticsearchUrl !== null });
  try {
    const target = {
      current: () => opened.store.loadCrm(),
      replace: (snapshot: CrmSnapshot) => opened.store.replaceCrm(snapshot),
      audit: createAuditLog({ store: opened.audit, clock: () => new Date() }),
      actor: cliActor(),
      source: 'cli' as const,
    };
    const { changes, rejected, removed, withheld, missingTables } = await importCrmTables(target, read, { ...mode, where: dir });
    return { dryRun: mode.dryRun, changes, rejected, removed, withheld, missingTables };
  } finally {
    await opened.close();
  }
}

function printReport(context: CrmImportContext, report: CliCrmReport, json: boolean): void {
  if (json) {
    context.io.stdout(`${JSON.stringify(report)}\n`);
    return;
  }
  for (const r of report.rejected) context.io.stderr(`rejected ${r.file}${r.line === null ? '' : `:${r.line}`}: ${oneLine(r.reason)}\n`);
  context.io.stdout(report.dryRun ? 'Dry run: nothing was changed. Importing would change:\n' : 'CRM imported:\n');
  for (const [table, c] of Object.entries(report.changes)) {
    const kept = report.withheld[table as keyof CliCrmReport['withheld']];
    context.io.stdout(`  ${table}: ${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.unchanged} unchanged${kept > 0 ? `, ${kept} kept (${whyKept(report, table)})` : ''}\n`);
  }
  if (report.rejected.length > 0) context.io.stdout(`${report.rejected.length} row(s) rejected (listed on stderr).\n`);
}

function dataDirOf(command: Command): string {
  const value: unknown = command.optsWithGlobals()['dataDir'];
  return typeof value === 'string' && value !== '' ? value : defaultDataDir();
}
