/**
 * The Salesforce connector: accounts, contacts, unconverted leads, opportunities and users read
 * with SOQL over the REST API (salesforce-api.ts), mapped to rows through the field mapping
 * (salesforce-rows.ts). A full read uses Query; an incremental read uses QueryAll for records
 * whose SystemModstamp moved since the cursor (salesforce-cursor.ts): IsDeleted = true and a lead
 * converted since are deletions, everything else an upsert. Users cannot be deleted in Salesforce
 * (they are deactivated), so a user is never a deletion, only opted out.
 */
import type { CrmSnapshot } from '@correspondent/contract';
import { salesforceSettingsSchema, type CrmFieldMapping, type SalesforceSettings } from '../../../../src-shared/crm-connection.js';
import { parseConnectionSettings } from '../connection-settings.js';
import type { CrmChangeSet, CrmConnector, CrmConnectorInput, CrmFullRead, CrmIncrementalRead, CrmRecordRejection } from '../crm-connector.js';
import { SalesforceApi, type SalesforceRecord } from './salesforce-api.js';
import { newer, parseCursor, soqlDateTime, SALESFORCE_OBJECTS, type SalesforceCursor, type SalesforceObject } from './salesforce-cursor.js';
import { accountRow, contactRow, leadRow, opportunityRow, salesforceDateTime, userRow, type Mapped } from './salesforce-rows.js';

function fieldsOf(object: SalesforceObject, mapping: CrmFieldMapping): string[] {
  const base: Record<SalesforceObject, string[]> = {
    Account: ['Id', 'Name', ...mapping.accountDomainFields],
    Contact: ['Id', 'Name', 'Email', 'AccountId'],
    Lead: ['Id', 'Name', 'Email', 'Company', 'IsConverted'],
    Opportunity: ['Id', 'AccountId', 'OwnerId', 'StageName', 'IsClosed', 'CreatedDate', 'CloseDate', 'Amount'],
    User: ['Id', 'Name', 'Email', 'IsActive', 'CreatedDate', ...(mapping.userOptInField ? [mapping.userOptInField] : [])],
  };
  // User has no IsDeleted field in Salesforce; the other four do.
  const stamp = object === 'User' ? ['SystemModstamp'] : ['SystemModstamp', 'IsDeleted'];
  return [...new Set([...base[object], ...stamp])];
}

type Table = keyof CrmSnapshot;
const TABLE_OF: Record<SalesforceObject, Table> = { Account: 'accounts', Contact: 'contacts', Lead: 'leads', Opportunity: 'opportunities', User: 'users' };

/** `options.secret`: the consumer secret (client credentials) or the PEM private key (JWT bearer). */
export function createSalesforceConnector(options: CrmConnectorInput): CrmConnector {
  const settings: SalesforceSettings = parseConnectionSettings('Salesforce', salesforceSettingsSchema, options.settings);
  const mapping = options.fieldMapping;

  function mapRecord(object: SalesforceObject, record: SalesforceRecord, rejected: CrmRecordRejection[]): unknown {
    let mapped: Mapped<unknown>;
    if (object === 'Account') {
      const account = accountRow(record, mapping);
      if ('rejection' in account) mapped = account;
      else {
        rejected.push(...account.rejections);
        mapped = { row: account.row };
      }
    } else if (object === 'Contact') mapped = contactRow(record);
    else if (object === 'Lead') mapped = leadRow(record);
    else if (object === 'Opportunity') mapped = opportunityRow(record);
    else mapped = userRow(record, mapping);
    if ('rejection' in mapped) {
      rejected.push(mapped.rejection);
      return null;
    }
    return mapped.row;
  }

  async function read(api: SalesforceApi, object: SalesforceObject, where: string[], all: boolean, signal: AbortSignal | undefined, visit: (record: SalesforceRecord) => void): Promise<string | null> {
    let newest: string | null = null;
    const soql = `SELECT ${fieldsOf(object, mapping).join(', ')} FROM ${object}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
    await api.queryAll(soql, {
      all,
      ...(signal ? { signal } : {}),
      onPage: (records) => {
        for (const record of records) {
          newest = newer(newest, salesforceDateTime(record['SystemModstamp']));
          visit(record);
        }
      },
    });
    return newest;
  }

  const api = () => new SalesforceApi(options.dispatcher, settings, options.secret, options.clock);

  return {
    source: 'salesforce',
    async testConnection(signal) {
      await api().get(`/services/data/${settings.apiVersion}/limits`, signal);
    },
    async readAll(signal): Promise<CrmFullRead> {
      const client = api();
      const readAt = options.clock().toISOString();
      const snapshot: CrmSnapshot = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };
      const rejected: CrmRecordRejection[] = [];
      const since = {} as SalesforceCursor['since'];
      for (const object of SALESFORCE_OBJECTS) {
        const rows = snapshot[TABLE_OF[object]] as unknown[];
        since[object] = await read(client, object, object === 'Lead' ? ['IsConverted = false'] : [], false, signal, (record) => {
          const row = mapRecord(object, record, rejected);
          if (row !== null) rows.push(row);
        });
      }
      const cursor: SalesforceCursor = { v: 1, readAt, since };
      return { snapshot, cursor: JSON.stringify(cursor), rejected, requests: client.requests() };
    },
    async readChangesSince(text, signal): Promise<CrmIncrementalRead> {
      const previous = parseCursor(text, options.clock());
      const client = api();
      const readAt = options.clock().toISOString();
      const changes: CrmChangeSet = {
        accounts: { upserted: [], deleted: [] },
        contacts: { upserted: [], deleted: [] },
        leads: { upserted: [], deleted: [] },
        opportunities: { upserted: [], deleted: [] },
        users: { upserted: [], deleted: [] },
      };
      const rejected: CrmRecordRejection[] = [];
      const since = {} as SalesforceCursor['since'];
      for (const object of SALESFORCE_OBJECTS) {
        const table = changes[TABLE_OF[object]] as { upserted: unknown[]; deleted: string[] };
        const from = previous.since[object];
        const newest = await read(client, object, from === null ? [] : [`SystemModstamp >= ${soqlDateTime(from)}`], true, signal, (record) => {
          const id = typeof record['Id'] === 'string' ? record['Id'] : null;
          if (id !== null && (record['IsDeleted'] === true || (object === 'Lead' && record['IsConverted'] === true))) {
            table.deleted.push(id);
            return;
          }
          const row = mapRecord(object, record, rejected);
          // A record that changed into one we cannot use (its email was removed) leaves the copy.
          if (row !== null) table.upserted.push(row);
          else if (id !== null) table.deleted.push(id);
        });
        since[object] = newer(from, newest);
      }
      const cursor: SalesforceCursor = { v: 1, readAt, since };
      return { changes, cursor: JSON.stringify(cursor), rejected, requests: client.requests() };
    },
  };
}
