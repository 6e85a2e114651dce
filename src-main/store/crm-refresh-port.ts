/**
 * The CRM connection and refresh as the app sees them (a port, like SyncStateStore): the
 * connection row, the shared refresh lease and state, the atomic apply of a read, and the table
 * counts. Types only: the MariaDB implementation is crm-refresh-store.ts.
 */
import type { CrmSnapshot } from '@correspondent/contract';
import type { CrmFieldMapping } from '../../src-shared/crm-connection.js';
import type { CrmChangeSet, CrmRecordRejection } from '../crm/connectors/crm-connector.js';
import type { CrmConnectionRow, CrmRefreshClaim, CrmRefreshKind, CrmRefreshState } from './crm-refresh-state.js';

export type { CrmConnectionRow, CrmRefreshClaim, CrmRefreshState };

export type CrmApplyInput = {
  holder: string;
  source: string;
  cursor: string;
  rejected: readonly CrmRecordRejection[];
  requests: number;
  who: { actor: string; source: string };
  now: Date;
  searchOutbox: boolean;
};

export type CrmApplyResult = { kind: CrmRefreshKind; upserted: number; deleted: number; reassigned: number; rejected: CrmRecordRejection[] };

export type CrmApplyOptions = Omit<CrmApplyInput, 'now' | 'searchOutbox'>;

export interface CrmRefreshStore {
  connection(): Promise<CrmConnectionRow>;
  saveConnection(row: Omit<CrmConnectionRow, 'updatedAt'>, by: string): Promise<void>;
  saveFieldMapping(mapping: CrmFieldMapping, by: string): Promise<void>;
  state(): Promise<CrmRefreshState>;
  claim(holder: string, options: { ttlMs: number; freshMs: number; force: boolean }): Promise<CrmRefreshClaim>;
  applySnapshot(snapshot: CrmSnapshot, options: CrmApplyOptions): Promise<CrmApplyResult>;
  applyChanges(changes: CrmChangeSet, options: CrmApplyOptions): Promise<CrmApplyResult>;
  fail(holder: string, error: { code: string; message: string }, options: { forgetCursor: boolean }): Promise<void>;
  counts(): Promise<Record<'accounts' | 'contacts' | 'leads' | 'opportunities' | 'users', number>>;
  /** When the CRM tables last changed by any path (refresh, CSV import, ETL). */
  tablesChangedAt(): Promise<string | null>;
}
