/**
 * The exclusion lists' storage port (MariaDB implements it: mariadb-exclusion-store.ts). Every
 * change commits together with its `exclusions.changed` audit entry, or not at all, and bumps the
 * revision the sync and the console poll. Entries arrive normalised (rules/exclusion-entry.ts).
 */
import type { ExclusionEntry, StoredExclusion } from '../../src-shared/capture-policy.js';

/** Who made a change, for the audit log (the MailStore's Actor; not imported from it, which holds this port). */
export type Actor = { actor: string; source: string };

/** How a change was made, for the audit entry. */
export type ExclusionChangeVia = 'console' | 'csv-import' | 'cli' | 'defaults';

export type ExclusionChange = {
  add: readonly ExclusionEntry[];
  /** Ids of stored entries to remove. */
  removeIds: readonly number[];
  /** Remove every entry not in `add` (a CSV import that replaces the lists). */
  replace?: boolean;
};

export type ExclusionChangeResult = { added: number; removed: number; unchanged: number; revision: number };

export interface ExclusionStore {
  list(): Promise<StoredExclusion[]>;
  /** Changes whenever the lists change; one primary-key read. */
  revision(): Promise<number>;
  change(change: ExclusionChange, by: Actor & { via: ExclusionChangeVia }): Promise<ExclusionChangeResult>;
  /** Adds these entries once per database (a new installation's defaults); false when that was done before. */
  seedOnce(entries: readonly ExclusionEntry[], by: Actor): Promise<boolean>;
}
