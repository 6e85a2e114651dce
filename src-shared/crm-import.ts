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
     * Remove rows even from a table whose file had rejected rows (issue 20: otherwise those rows
     * are kept and reported as withheld). The console sets it after the admin's confirmation.
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
  /** Rows kept although the file no longer lists them, because the table's file had rejected rows; allowRemovals removes them. */
  withheld: tableCounts,
});
export type CrmImportReport = z.infer<typeof crmImportReportSchema>;
