/**
 * Replacing the CRM tables from read CSVs, shared by `correspondent crm import` and the console's
 * `crm.import`: rows the table contract refuses are reported and left out; a file set with no
 * valid row at all is refused whole (an empty CRM would stop every import); a dry run changes
 * nothing and reports per table what would be added, removed and changed; a real import replaces
 * the tables in one transaction (the CRM revision moves, so every instance reloads) and is audited.
 *
 * No collateral loss (issue 20): a table whose file had rejected rows loses no row unless the
 * caller passes `allowRemovals` (the CLI's --allow-removals; the console after the admin's
 * confirmation). A rejected row is very often an existing record with one bad value - a users.csv
 * whose only row was rejected used to delete every CRM user - so the rows such a file no longer
 * lists are kept and reported as `withheld`; the import of everything else goes ahead, and the
 * report says what was (or, dry run, would be) removed and what was kept.
 */
import type { CrmImportReport } from '../../src-shared/crm-import.js';
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

type Table = keyof CrmSnapshot;
const TABLES: readonly Table[] = ['accounts', 'contacts', 'leads', 'opportunities', 'users'];

/** Per table: rows an import removes, or keeps only because its file had rejections. */
export type TableCounts = Record<Table, number>;

export type CrmImportOutcome = Omit<CrmImportReport, 'rejected' | 'rejectedCount'> & {
  rejected: CrmRejection[];
  /** Rows removed (dry run: that would be removed), per table. */
  removed: TableCounts;
  /** Rows kept although their file no longer lists them, because that file had rejected rows (see the header). */
  withheld: TableCounts;
};

export type CrmImportOptions = {
  dryRun: boolean;
  where: string;
  /** Remove rows even from tables whose file had rejected rows. */
  allowRemovals?: boolean;
};

const zero = (): TableCounts => ({ accounts: 0, contacts: 0, leads: 0, opportunities: 0, users: 0 });

/** The tables a rejection belongs to (by its file name: accounts.csv, Account.csv, ...). */
function tablesWithRejections(rejected: readonly CrmRejection[]): Set<Table> {
  return new Set(rejected.map((r) => crmTableOfFileName(r.file)).filter((t): t is Table => t !== null));
}

/** The snapshot with the rows of `guarded` tables that the file no longer lists put back, and how many. */
function keepUnlisted(current: CrmSnapshot, next: CrmSnapshot, guarded: ReadonlySet<Table>): { snapshot: CrmSnapshot; withheld: TableCounts } {
  const withheld = zero();
  const snapshot = { ...next } as Record<Table, { id: string }[]>;
  for (const table of guarded) {
    const listed = new Set((next[table] as { id: string }[]).map((row) => row.id));
    const kept = (current[table] as { id: string }[]).filter((row) => !listed.has(row.id));
    withheld[table] = kept.length;
    if (kept.length > 0) snapshot[table] = [...(next[table] as { id: string }[]), ...kept];
  }
  return { snapshot: snapshot as unknown as CrmSnapshot, withheld };
}

export async function importCrmTables(target: CrmTablesTarget, read: { snapshot: CrmSnapshot; rejected: readonly CrmRejection[] }, options: CrmImportOptions): Promise<CrmImportOutcome> {
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
  const current = await target.current();
  const guarded = options.allowRemovals ? new Set<Table>() : tablesWithRejections(allRejected);
  const { snapshot, withheld } = keepUnlisted(current, valid, guarded);
  const changes = diffCrm(current, snapshot);
  const removed = zero();
  for (const table of TABLES) removed[table] = changes[table].removed;
  if (!options.dryRun) {
    await target.replace(snapshot);
    await target.audit.record({ actor: target.actor, source: target.source, action: 'crm.imported', payload: { rows, changes, rejected: allRejected.length, withheld } });
  }
  return { dryRun: options.dryRun, rows, changes, rejected: allRejected, removed, withheld };
}
