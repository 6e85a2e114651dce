/**
 * Replacing the CRM tables from read CSVs, shared by `correspondent crm import` and the console's
 * `crm.import`: rows the table contract refuses are reported and left out; a file set with no
 * valid row at all is refused whole (an empty CRM would stop every import); a dry run changes
 * nothing and reports per table what would be added, removed and changed; a real import replaces
 * the tables in one transaction (the CRM revision moves, so every instance reloads) and is audited.
 */
import type { CrmImportReport } from '../../src-shared/crm-import.js';
import { AppError } from '../../src-shared/errors.js';
import type { AuditSource } from '../audit/audit-entry.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { diffCrm } from '../store/crm-diff.js';
import { validateCrmSnapshot, type CrmRejection } from '../store/crm-snapshot.js';

export type CrmTablesTarget = {
  current(): Promise<CrmSnapshot>;
  replace(snapshot: CrmSnapshot): Promise<void>;
  audit: AuditLog;
  actor: string;
  source: AuditSource;
};

export type CrmImportOutcome = Omit<CrmImportReport, 'rejected' | 'rejectedCount'> & { rejected: CrmRejection[] };

export async function importCrmTables(target: CrmTablesTarget, read: { snapshot: CrmSnapshot; rejected: readonly CrmRejection[] }, options: { dryRun: boolean; where: string }): Promise<CrmImportOutcome> {
  const { snapshot, rejected } = validateCrmSnapshot(read.snapshot);
  const allRejected = [...read.rejected, ...rejected];
  const rows = {
    accounts: snapshot.accounts.length,
    contacts: snapshot.contacts.length,
    leads: snapshot.leads.length,
    opportunities: snapshot.opportunities.length,
    users: snapshot.users.length,
  };
  if (Object.values(rows).every((n) => n === 0)) {
    throw new AppError('invalid-input', `${options.where} holds no valid CRM rows (${allRejected.length} rejected); the CRM was not changed.`);
  }
  const changes = diffCrm(await target.current(), snapshot);
  if (!options.dryRun) {
    await target.replace(snapshot);
    await target.audit.record({ actor: target.actor, source: target.source, action: 'crm.imported', payload: { rows, changes, rejected: allRejected.length } });
  }
  return { dryRun: options.dryRun, rows, changes, rejected: allRejected };
}
