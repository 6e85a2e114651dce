/** `crm.import`: the console's CRM upload, checked (dry run) or imported like `correspondent crm import`. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import { MAX_REJECTED_SHOWN } from '../../../src-shared/crm-import.js';
import { readCrmFiles } from '../../crm/read-crm-files.js';
import { importCrmTables, type CrmTablesTarget } from '../import-crm-tables.js';

export function crmHandlers(target: CrmTablesTarget): Pick<ApiHandlers, 'crm.import'> {
  return {
    async 'crm.import'(input) {
      const read = readCrmFiles(
        input.files.map((f) => ({ fileName: f.name, text: f.text })),
        'the uploaded files',
      );
      const outcome = await importCrmTables(target, read, { dryRun: input.dryRun, allowRemovals: input.allowRemovals, where: 'The uploaded files', confirmRemovals: true });
      return { ...outcome, rejected: outcome.rejected.slice(0, MAX_REJECTED_SHOWN), rejectedCount: outcome.rejected.length };
    },
  };
}
