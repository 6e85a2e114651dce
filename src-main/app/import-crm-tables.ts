/**
 * Replacing the CRM tables from read CSVs, shared by `correspondent crm import` and the console's
 * `crm.import`: rows the table contract refuses are reported and left out; a file set with no
 * valid row at all is refused whole (an empty CRM would stop every import); a dry run changes
 * nothing and reports per table what would be added, removed and changed; a real import replaces
 * the tables in one transaction (the CRM revision moves, so every instance reloads) and is audited.
 *
 * No collateral loss (issues 19 and 20): a table whose file had rejected rows, or for which no file
 * was given at all, loses no row unless the caller passes `allowRemovals` (the CLI's
 * --allow-removals; the console after the admin confirmed what the check reported). A rejected row
 * is very often an existing record with one bad value - a users.csv whose only row was rejected
 * used to delete every CRM user - and a missing file used to empty its table, so the rows such a
 * table's file does not list are kept and reported as `withheld`; the import of everything else
 * goes ahead, and the report says what was (or, dry run, would be) removed and what was kept.
 * The console asks before any removal instead: with `confirmRemovals`, an import that would remove
 * rows once confirmed (withheld rows and emptied tables included) is refused with
 * `confirmation-required`, naming them, until the admin confirms (`allowRemovals`); its checks pass
 * `allowRemovals` so they show exactly what the confirmation would do.
 */
import { CRM_TABLE_NAMES, describeRemovals, type CrmImportReport, type CrmTableName } from '../../src-shared/crm-import.js';
import { AppError } from '../../src-shared/errors.js';
import type { AuditSource } from '../audit/audit-entry.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { crmTableOfFileName } from '../crm/read-crm-files.js';
import { diffCrm } from '../store/crm-diff.js';
import { validateCrmSnapshot, type CrmRejection } from '../store/crm-snapshot.js';

export type CrmTablesTarget = {
  current(): Promise<CrmSnapshot>;
  replace(snapshot: CrmSnapshot): Promise<void>;
  audit: AuditLog;
  actor: string;
  source: AuditSource;
};

/** Per table: rows an import removes, or keeps only because its file had rejections or was missing. */
export type TableCounts = Record<CrmTableName, number>;

export type CrmImportOutcome = Omit<CrmImportReport, 'rejected' | 'rejectedCount'> & { rejected: CrmRejection[] };

export type CrmImportOptions = {
  dryRun: boolean;
  where: string;
  /** Remove rows even from tables whose file had rejected rows or is missing (see the header). */
  allowRemovals?: boolean;
  /** Refuse (`confirmation-required`) an import that would remove any row, until allowRemovals (the console). */
  confirmRemovals?: boolean;
};

/** What was read: the snapshot, the rows refused, and the tables a file was given for (absent: all of them, a whole snapshot). */
export type CrmTablesRead = { snapshot: CrmSnapshot; rejected: readonly CrmRejection[]; present?: readonly CrmTableName[] };

const zero = (): TableCounts => ({ accounts: 0, contacts: 0, leads: 0, opportunities: 0, users: 0 });

function countRemoved(changes: ReturnType<typeof diffCrm>): TableCounts {
  const removed = zero();
  for (const table of CRM_TABLE_NAMES) removed[table] = changes[table].removed;
  return removed;
}

function removalsOf(removed: TableCounts): { table: CrmTableName; rows: number }[] {
  return CRM_TABLE_NAMES.filter((table) => removed[table] > 0).map((table) => ({ table, rows: removed[table] }));
}

/** The tables a rejection belongs to (by its file name: accounts.csv, Account.csv, ...). */
function tablesWithRejections(rejected: readonly CrmRejection[]): Set<CrmTableName> {
  return new Set(rejected.map((r) => crmTableOfFileName(r.file)).filter((t): t is CrmTableName => t !== null));
}

/** The snapshot with the rows of `guarded` tables that the file no longer lists put back, and how many. */
function keepUnlisted(current: CrmSnapshot, next: CrmSnapshot, guarded: ReadonlySet<CrmTableName>): { snapshot: CrmSnapshot; withheld: TableCounts } {
  const withheld = zero();
  const snapshot = { ...next } as Record<CrmTableName, { id: string }[]>;
  for (const table of guarded) {
    const listed = new Set((next[table] as { id: string }[]).map((row) => row.id));
    const kept = (current[table] as { id: string }[]).filter((row) => !listed.has(row.id));
    withheld[table] = kept.length;
    if (kept.length > 0) snapshot[table] = [...(next[table] as { id: string }[]), ...kept];
  }
  return { snapshot: snapshot as unknown as CrmSnapshot, withheld };
}

export async function importCrmTables(target: CrmTablesTarget, read: CrmTablesRead, options: CrmImportOptions): Promise<CrmImportOutcome> {
  const { snapshot: valid, rejected } = validateCrmSnapshot(read.snapshot);
  const allRejected = [...read.rejected, ...rejected];
  const rows = {
    accounts: valid.accounts.length,
    contacts: valid.contacts.length,
    leads: valid.leads.length,
    opportunities: valid.opportunities.length,
    users: valid.users.length,
  };
  if (Object.values(rows).every((n) => n === 0)) {
    throw new AppError('invalid-input', `${options.where} holds no valid CRM rows (${allRejected.length} rejected); the CRM was not changed.`);
  }
  const present = new Set(read.present ?? CRM_TABLE_NAMES);
  const missingTables = CRM_TABLE_NAMES.filter((table) => !present.has(table));
  const current = await target.current();
  const guarded = options.allowRemovals ? new Set<CrmTableName>() : new Set([...tablesWithRejections(allRejected), ...missingTables]);
  const { snapshot, withheld } = keepUnlisted(current, valid, guarded);
  const changes = diffCrm(current, snapshot);
  const removed = countRemoved(changes);
  const removals = removalsOf(removed);
  if (!options.dryRun && options.confirmRemovals && !options.allowRemovals) {
    // The console never keeps rows silently: what confirming would remove (withheld rows and
    // emptied tables included) is named, and nothing changes until the admin confirms it.
    const confirming = guarded.size === 0 ? removals : removalsOf(countRemoved(diffCrm(current, valid)));
    if (confirming.length > 0) {
      const emptied = missingTables.filter((table) => current[table].length > 0);
      const why = emptied.length === 0 ? '' : ` (no file was given for ${emptied.join(', ')}, so ${emptied.length === 1 ? 'that table would be' : 'those tables would be'} emptied)`;
      throw new AppError('confirmation-required', `Importing would remove ${describeRemovals(confirming)}${why}. Nothing was changed: check the files, then confirm the removals to import.`);
    }
  }
  if (!options.dryRun) {
    await target.replace(snapshot);
    await target.audit.record({ actor: target.actor, source: target.source, action: 'crm.imported', payload: { rows, changes, rejected: allRejected.length, withheld } });
  }
  return { dryRun: options.dryRun, rows, changes, rejected: allRejected, removed, withheld, missingTables, removals };
}
