/** The MariaDB implementation of the CrmRefreshStore port (crm-refresh-port.ts). */
import type { Pool } from 'mysql2/promise';
import type { CrmSnapshot } from '@correspondent/contract';
import type { CrmFieldMapping } from '../../src-shared/crm-connection.js';
import type { CrmChangeSet } from '../crm/connectors/crm-connector.js';
import { applyCrmChanges, applyCrmSnapshot } from './crm-apply.js';
import type { CrmApplyOptions, CrmConnectionRow, CrmRefreshStore } from './crm-refresh-port.js';
import {
  claimCrmRefresh,
  crmTableCounts,
  crmTablesChangedAt,
  readCrmConnection,
  readCrmRefreshState,
  recordCrmRefreshFailure,
  saveCrmConnection,
  saveCrmFieldMapping,
} from './crm-refresh-state.js';

export class MariaDbCrmRefreshStore implements CrmRefreshStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
    private readonly searchOutbox: boolean,
  ) {}
  connection = () => readCrmConnection(this.pool);
  saveConnection = (row: Omit<CrmConnectionRow, 'updatedAt'>, by: string) => saveCrmConnection(this.pool, row, by, this.clock());
  saveFieldMapping = (mapping: CrmFieldMapping, by: string) => saveCrmFieldMapping(this.pool, mapping, by, this.clock());
  state = () => readCrmRefreshState(this.pool);
  claim = (holder: string, options: { ttlMs: number; freshMs: number; force: boolean }) => claimCrmRefresh(this.pool, holder, options);
  applySnapshot = (snapshot: CrmSnapshot, options: CrmApplyOptions) => applyCrmSnapshot(this.pool, snapshot, { ...options, now: this.clock(), searchOutbox: this.searchOutbox });
  applyChanges = (changes: CrmChangeSet, options: CrmApplyOptions) => applyCrmChanges(this.pool, changes, { ...options, now: this.clock(), searchOutbox: this.searchOutbox });
  fail = (holder: string, error: { code: string; message: string }, options: { forgetCursor: boolean }) => recordCrmRefreshFailure(this.pool, holder, error, options);
  counts = () => crmTableCounts(this.pool);
  tablesChangedAt = () => crmTablesChangedAt(this.pool);
}
