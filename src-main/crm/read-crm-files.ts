/**
 * CRM files by name: the canonical CSVs (accounts.csv, contacts.csv, leads.csv, opportunities.csv,
 * users.csv), Salesforce data-export and HubSpot names (Account.csv, deals.csv, ...), and an
 * optional columns.json naming other columns. Shared by a CRM directory on disk (CLI) and files
 * uploaded through the console.
 */
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
export const COLUMN_MAPPING_FILE = 'columns.json';

/** The CRM table a file name stands for (case-insensitive), or null. */
export function crmTableOfFileName(name: string): CrmTable | null {
  const lower = baseName(name).toLowerCase();
  return CRM_TABLES.find((table) => FILE_NAMES[table].includes(lower)) ?? null;
}

export function isColumnMappingFile(name: string): boolean {
  return baseName(name).toLowerCase() === COLUMN_MAPPING_FILE;
}

export function parseColumnMapping(fileName: string, text: string): ColumnMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid-input', `${fileName}:1: not valid JSON`, { cause: error });
  }
  const parsed = columnMappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid-input', `${fileName}:1: ${issue?.path.join('.') || 'columns'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Reads named CRM files. `where` names their origin in errors (a directory, "the uploaded files").
 * A file that is neither a CRM table nor columns.json, or two files for one table, is refused by name.
 */
/** The tables read, and which tables a file was given for (an import keeps the rows of the others). */
export type CrmFilesResult = CrmTablesResult & { present: CrmTable[] };

export function readCrmFiles(files: readonly CrmCsvFile[], where: string, options: { columns?: ColumnMapping } = {}): CrmFilesResult {
  const tables: Partial<Record<CrmTable, CrmCsvFile>> = {};
  let mapping = options.columns ?? {};
  let mappingFile: string | null = null;
  for (const file of files) {
    if (isColumnMappingFile(file.fileName)) {
      if (mappingFile !== null) throw new AppError('invalid-input', `${file.fileName}: a second ${COLUMN_MAPPING_FILE} (${mappingFile}); give one`);
      mappingFile = file.fileName;
      if (!options.columns) mapping = parseColumnMapping(file.fileName, file.text);
      continue;
    }
    const table = crmTableOfFileName(file.fileName);
    if (table === null) throw new AppError('invalid-input', `${file.fileName}: not a CRM file (expected ${expectedNames()} or ${COLUMN_MAPPING_FILE})`);
    if (tables[table]) throw new AppError('invalid-input', `${file.fileName}: a second file for ${table} (${tables[table].fileName}); give one per table`);
    tables[table] = file;
  }
  if (Object.keys(tables).length === 0) throw new AppError('invalid-input', `${where}: no CRM files (expected ${expectedNames()})`);
  return { ...readCrmTables(tables, mapping), present: CRM_TABLES.filter((table) => tables[table] !== undefined) };
}

function expectedNames(): string {
  return CRM_TABLES.map((t) => `${t}.csv`).join(', ');
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}
