/**
 * Reads a CRM directory (the files read-crm-files.ts names; others in the folder are ignored).
 * Shared by `correspondent preview --crm` and `correspondent crm import`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors.js';
import type { ColumnMapping } from './crm-csv-columns.js';
import type { CrmCsvFile } from './crm-csv-rows.js';
import { crmTableOfFileName, isColumnMappingFile, readCrmFiles, type CrmFilesResult } from './read-crm-files.js';

export async function readCrmDirectory(dir: string, options: { columns?: ColumnMapping } = {}): Promise<CrmFilesResult> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    throw new AppError('invalid-input', `${dir}: cannot read the CRM directory`, { cause: error });
  }
  const files: CrmCsvFile[] = [];
  for (const entry of entries) {
    if (crmTableOfFileName(entry) === null && !isColumnMappingFile(entry)) continue;
    const fileName = path.join(dir, entry);
    files.push({ fileName, text: await readFile(fileName, 'utf8') });
  }
  return readCrmFiles(files, dir, options);
}
