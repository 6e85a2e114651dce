/**
 * `exclusions.*`: the console's editor and CSV import/export of the capture policy's exclusion
 * lists. Every entry is normalised by the rules' own function (exclusion-entry.ts); one bad entry
 * or CSV row refuses the whole change with its reason, and nothing is changed. Each change that
 * adds or removes something commits with its `exclusions.changed` audit entry (the store's job).
 */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { ExclusionEntry } from '../../../src-shared/capture-policy.js';
import { AppError } from '../../../src-shared/errors.js';
import { normaliseExclusion } from '../../rules/exclusion-entry.js';
import type { ExclusionStore } from '../../store/exclusion-store.js';
import type { Actor } from '../../store/mail-store.js';
import type { ExclusionDirectory } from '../exclusion-directory.js';
import { formatExclusionsCsv, parseExclusionsCsv } from '../exclusions-csv.js';

type Methods = 'exclusions.list' | 'exclusions.change' | 'exclusions.importCsv' | 'exclusions.exportCsv';

export type ExclusionHandlerDeps = { store: ExclusionStore; directory: ExclusionDirectory; /** Who is making the change (read per call). */
  by: () => Actor };

export function exclusionHandlers(deps: ExclusionHandlerDeps): Pick<ApiHandlers, Methods> {
  const { store, directory, by } = deps;
  return {
    'exclusions.list': async () => {
      await directory.refreshIfChanged();
      return { items: [...directory.stored()], revision: directory.revision() };
    },
    'exclusions.change': async ({ add, remove }) => {
      const entries: ExclusionEntry[] = [];
      const issues: { path: string; message: string }[] = [];
      add.forEach((input, index) => {
        const parsed = normaliseExclusion(input);
        if (parsed.ok) entries.push(parsed.entry);
        else issues.push({ path: `add.${index}.value`, message: parsed.reason });
      });
      if (issues.length > 0) throw new AppError('invalid-input', issues.length === 1 ? `Not added: ${issues[0]!.message}.` : `${issues.length} entries are not valid; nothing was changed.`, { issues });
      const result = await store.change({ add: entries, removeIds: remove }, { ...by(), via: 'console' });
      await directory.refreshIfChanged();
      return result;
    },
    'exclusions.importCsv': async ({ text, mode, dryRun }) => {
      const parsed = parseExclusionsCsv(text);
      const report = { dryRun, rows: parsed.rows, rejected: parsed.rejected };
      if (parsed.rejected.length > 0) {
        if (dryRun) return { ...report, added: 0, removed: 0, unchanged: 0 };
        throw new AppError('invalid-input', `${parsed.rejected.length} rows of the file are not valid; nothing was imported.`, {
          issues: parsed.rejected.slice(0, 50).map((r) => ({ path: `line ${r.line}`, message: r.reason })),
        });
      }
      if (dryRun) {
        await directory.refreshIfChanged();
        const keys = (e: ExclusionEntry) => `${e.kind}\u0000${e.mailbox ?? ''}\u0000${e.value}`;
        const current = new Set(directory.entries().map(keys));
        const incoming = new Set(parsed.entries.map(keys));
        const added = parsed.entries.filter((e) => !current.has(keys(e))).length;
        const removed = mode === 'replace' ? directory.entries().filter((e) => !incoming.has(keys(e))).length : 0;
        return { ...report, added, removed, unchanged: parsed.entries.length - added };
      }
      const result = await store.change({ add: parsed.entries, removeIds: [], replace: mode === 'replace' }, { ...by(), via: 'csv-import' });
      await directory.refreshIfChanged();
      return { ...report, added: result.added, removed: result.removed, unchanged: result.unchanged };
    },
    'exclusions.exportCsv': async () => {
      await directory.refreshIfChanged();
      return { csv: formatExclusionsCsv(directory.stored()), entries: directory.stored().length };
    },
  };
}
