/**
 * A live CRM connector (issue 22): Salesforce, HubSpot or Dynamics 365 Sales read through its API.
 * Nothing outside src-main/crm/connectors knows which CRM a snapshot or change set came from: the
 * refresh (one per cycle, shared by all workers through MariaDB) applies either to the CRM tables
 * in one transaction, so a failure midway changes nothing and the previous copy keeps serving.
 */
import type { Dispatcher } from 'undici';
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmSnapshot, CrmUser } from '@correspondent/contract';
import type { CrmFieldMapping } from '../../../src-shared/crm-connection.js';

export const CRM_SOURCES = ['salesforce', 'hubspot', 'dynamics', 'csv'] as const;
export type CrmSource = (typeof CRM_SOURCES)[number];
export type ConnectedCrmSource = Exclude<CrmSource, 'csv'>;

/** The rows of one table that changed since the cursor (upserted whole) and the ids deleted. */
export type CrmTableChanges<Row> = { upserted: Row[]; deleted: string[] };

export type CrmChangeSet = {
  accounts: CrmTableChanges<CrmAccount>;
  contacts: CrmTableChanges<CrmContact>;
  leads: CrmTableChanges<CrmLead>;
  opportunities: CrmTableChanges<CrmOpportunity>;
  users: CrmTableChanges<CrmUser>;
};

/** A record the connector could not turn into a row (no email, a malformed value): reported, never fatal. */
export type CrmRecordRejection = { object: string; id: string | null; reason: string };

/**
 * `cursor`: opaque to everyone but the connector that wrote it (a SystemModstamp, an
 * hs_lastmodifieddate, a Dataverse delta link), stored with the refresh state and handed back to
 * the next `changesSince`. Null from `changesSince` never happens; a connector that can no longer
 * resume (an expired delta token) throws CrmCursorExpiredError and the refresh falls back to full.
 */
export type CrmFullRead = { snapshot: CrmSnapshot; cursor: string; rejected: CrmRecordRejection[]; requests: number };
export type CrmIncrementalRead = { changes: CrmChangeSet; cursor: string; rejected: CrmRecordRejection[]; requests: number };

export interface CrmConnector {
  readonly source: ConnectedCrmSource;
  /** Reads every object in full. Throws an AppError (a named state: crm-auth, crm-limit, crm-unreachable ...) on failure. */
  readAll(signal?: AbortSignal): Promise<CrmFullRead>;
  /** Reads what changed since `cursor` (a previous read's). */
  readChangesSince(cursor: string, signal?: AbortSignal): Promise<CrmIncrementalRead>;
  /** One cheap authenticated call: the console's and `crm connect`'s "test the connection". */
  testConnection(signal?: AbortSignal): Promise<void>;
}

export class CrmCursorExpiredError extends Error {
  constructor(readonly source: ConnectedCrmSource, detail: string) {
    super(`${source}: the incremental cursor can no longer be used (${detail}); a full refresh is needed.`);
    this.name = 'CrmCursorExpiredError';
  }
}

/** What every connector factory is built from: a saved connection, its vault secret, and the shared HTTP stack. */
export type CrmConnectorInput = {
  /** The connection's non-secret settings, validated by the connector itself. */
  settings: unknown;
  /** The credential from the vault. */
  secret: string;
  fieldMapping: CrmFieldMapping;
  dispatcher: Dispatcher;
  clock: () => Date;
};
