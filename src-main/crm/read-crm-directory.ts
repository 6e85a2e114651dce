/**
 * Reads a CRM directory: the canonical CSVs (accounts.csv, contacts.csv, leads.csv,
 * opportunities.csv, users.csv), or Salesforce data-export names (Account.csv, Contact.csv, ...),
 * plus an optional columns.json naming other columns. Shared by `correspondent preview --crm`
 * and `correspondent crm import`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import { columnMappingSchema, CRM_TABLES, type ColumnMapping, type CrmTable } from './crm-csv-columns.js';
import { readCrmTables, type CrmCsvFile, type CrmTablesResult } from './crm-csv-rows.js';

const FILE_NAMES: Record<CrmTable, string[]> = {
  accounts: ['accounts.csv', 'account.csv', 'companies.csv'],
  contacts: ['contacts.csv', 'contact.csv'],
  leads: ['leads.csv', 'lead.csv'],
  opportunities: ['opportunities.csv', 'opportunity.csv', 'deals.csv'],
  users: ['users.csv', 'user.csv'],
};

async function readMapping(dir: string, entries: string[]): Promise<ColumnMapping> {
  const name = entries.find((entry) => entry.toLowerCase() === 'columns.json');
  if (name === undefined) return {};
  const file = path.join(dir, name);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError('invalid-input', `${file}:1: not valid JSON`, { cause: error });
  }
  const parsed = columnMappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid-input', `${file}:1: ${issue?.path.join('.') || 'columns'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function readCrmDirectory(dir: string, options: { columns?: ColumnMapping } = {}): Promise<CrmTablesResult> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    throw new AppError('invalid-input', `${dir}: cannot read the CRM directory`, { cause: error });
  }
  const mapping = options.columns ?? (await readMapping(dir, entries));
  const files: Partial<Record<CrmTable, CrmCsvFile>> = {};
  for (const table of CRM_TABLES) {
    const name = entries.find((entry) => FILE_NAMES[table].includes(entry.toLowerCase()));
    if (name === undefined) continue;
    const fileName = path.join(dir, name);
    files[table] = { fileName, text: await readFile(fileName, 'utf8') };
  }
  if (Object.keys(files).length === 0) {
    throw new AppError('invalid-input', `${dir}: no CRM files (expected ${CRM_TABLES.map((t) => `${t}.csv`).join(', ')})`);
  }
  return readCrmTables(files, mapping);
}
