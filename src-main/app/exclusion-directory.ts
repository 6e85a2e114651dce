/**
 * The exclusion lists as the running app holds them: the stored entries and the revision they
 * were read at. Other processes (another worker, the CLI) change the lists too: the sync and the
 * preview call `refreshIfChanged` first, one primary-key read, and reload only when the revision
 * moved - the same pattern as the CRM directory.
 */
import type { ExclusionEntry, StoredExclusion } from '../../src-shared/capture-policy.js';
import type { ExclusionStore } from '../store/exclusion-store.js';
import type { Logger } from '../logging/logger.js';

export type ExclusionDirectory = {
  entries(): readonly ExclusionEntry[];
  stored(): readonly StoredExclusion[];
  revision(): number;
  refreshIfChanged(): Promise<void>;
};

export async function loadExclusionDirectory(store: ExclusionStore, logger: Logger): Promise<ExclusionDirectory> {
  let stored = await store.list();
  let revision = await store.revision();
  let entries: readonly ExclusionEntry[] = stored.map(({ kind, value, mailbox }) => ({ kind, value, mailbox }));
  return {
    entries: () => entries,
    stored: () => stored,
    revision: () => revision,
    async refreshIfChanged() {
      const current = await store.revision();
      if (current === revision) return;
      stored = await store.list();
      entries = stored.map(({ kind, value, mailbox }) => ({ kind, value, mailbox }));
      revision = current;
      logger.info({ revision, entries: entries.length }, 'exclusion lists reloaded');
    },
  };
}

/** No exclusion lists: for a sync or preview wired without a database (tests, benchmarks). */
export const NO_EXCLUSIONS: Pick<ExclusionDirectory, 'entries' | 'refreshIfChanged'> = Object.freeze({ entries: () => [], refreshIfChanged: async () => undefined });
