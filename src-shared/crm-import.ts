/**
 * `crm.import` from the console: the CRM CSVs (canonical, Salesforce or HubSpot names, plus an
 * optional columns.json) uploaded as text, checked (dry run) or imported. The same validation and
 * report as `correspondent crm import`.
 */
import { z } from 'zod';

/** Largest `crm.import` request: a CRM of a few hundred thousand rows. Other calls stay at 1 MB. */
export const MAX_CRM_UPLOAD_BYTES = 64_000_000;
/** Rejected rows returned in full; the rest only counted (the CLI prints them all). */
export const MAX_REJECTED_SHOWN = 200;

export const CRM_TABLE_NAMES = ['accounts', 'contacts', 'leads', 'opportunities', 'users'] as const;

export const crmImportInputSchema = z
  .object({
    files: z
      .array(z.object({ name: z.string().trim().min(1).max(255), text: z.string().max(MAX_CRM_UPLOAD_BYTES) }).strict())
      .min(1, { message: 'choose at least one CSV file' })
      .max(12),
    dryRun: z.boolean().default(false),
    /**
     * Remove rows even from a table whose file had rejected rows or for which no file was given
     * (issues 19, 20: otherwise those rows are kept and reported as withheld); the console also
     * refuses any removal with `confirmation-required` until this is set. The console sets it once
     * the admin confirmed what the check reported (its checks set it too, to show everything a
     * confirmation would remove); the CLI's `--allow-removals` is the same flag.
     */
    allowRemovals: z.boolean().default(false),
  })
  .strict();
export type CrmImportInput = z.infer<typeof crmImportInputSchema>;

const count = z.number().int().min(0);
const tableChanges = z.object({ added: count, removed: count, changed: count, unchanged: count });
const tableCounts = z.object({ accounts: count, contacts: count, leads: count, opportunities: count, users: count });

export const crmImportReportSchema = z.object({
  dryRun: z.boolean(),
  /** Valid rows per table in the files. */
  rows: z.object({ accounts: count, contacts: count, leads: count, opportunities: count, users: count }),
  changes: z.object({ accounts: tableChanges, contacts: tableChanges, leads: tableChanges, opportunities: tableChanges, users: tableChanges }),
  rejected: z.array(z.object({ file: z.string(), line: z.number().int().nullable(), reason: z.string() })),
  rejectedCount: count,
  /** Rows the import removed (dry run: would remove), per table. */
  removed: tableCounts,
  /** Rows kept although no file lists them, because the table's file had rejected rows or no file was given for it; allowRemovals removes them. */
  withheld: tableCounts,
  /** Tables no file was given for: their rows are kept (withheld) unless allowRemovals, which empties them (the console asks first). */
  missingTables: z.array(z.enum(CRM_TABLE_NAMES)),
  /** Rows the import removes (or, dry run, would remove), per table with any. */
  removals: z.array(z.object({ table: z.enum(CRM_TABLE_NAMES), rows: count })),
});
export type CrmImportReport = z.infer<typeof crmImportReportSchema>;
export type CrmTableName = (typeof CRM_TABLE_NAMES)[number];

const TABLE_WORDS: Record<CrmTableName, [string, string]> = {
  accounts: ['account', 'accounts'],
  contacts: ['contact', 'contacts'],
  leads: ['lead', 'leads'],
  opportunities: ['opportunity', 'opportunities'],
  users: ['user', 'users'],
};

/** "5 accounts, 11 contacts and 1 lead": removal counts in words (the core's refusal and the console's dialog say the same). */
export function describeRemovals(removals: readonly { table: CrmTableName; rows: number }[]): string {
  const parts = removals.filter((r) => r.rows > 0).map((r) => `${r.rows.toLocaleString('en')} ${TABLE_WORDS[r.table][r.rows === 1 ? 0 : 1]}`);
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
