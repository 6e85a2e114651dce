/**
 * Full and incremental reads through Dataverse change tracking: every table is read with
 * `Prefer: odata.track-changes` (and odata.maxpagesize), following `@odata.nextLink` to the page
 * that carries `@odata.deltaLink`; the cursor holds one delta link per table. The next refresh
 * follows those links: rows created or updated since, then `$deletedEntity` entries for deletions.
 * Change tracking refuses `$filter`, so open leads and people (not application users) are chosen
 * here; a lead that is qualified or disqualified since leaves the leads table as a deletion.
 */
import { z } from 'zod';
import type { CrmSnapshot } from '@correspondent/contract';
import { CrmCursorExpiredError, type CrmChangeSet, type CrmRecordRejection } from '../crm-connector.js';
import type { Mapped } from '../hubspot/record-values.js';
import type { DynamicsApi } from './dynamics-api.js';
import type { DynamicsConfig } from './dynamics-config.js';
import { accountRow, contactRow, leadRow, opportunityRow, systemUserRow, type DataverseRow } from './dynamics-mapping.js';

const TABLES = ['accounts', 'contacts', 'leads', 'opportunities', 'systemusers'] as const;
type Table = (typeof TABLES)[number];
const KEY: Record<Table, string> = { accounts: 'accountid', contacts: 'contactid', leads: 'leadid', opportunities: 'opportunityid', systemusers: 'systemuserid' };
const OBJECT: Record<Table, string> = { accounts: 'account', contacts: 'contact', leads: 'lead', opportunities: 'opportunity', systemusers: 'systemuser' };
const SNAPSHOT_TABLE: Record<Table, keyof CrmSnapshot> = { accounts: 'accounts', contacts: 'contacts', leads: 'leads', opportunities: 'opportunities', systemusers: 'users' };

const cursorSchema = z.object({ v: z.literal(1), deltaLinks: z.object({ accounts: z.string(), contacts: z.string(), leads: z.string(), opportunities: z.string(), systemusers: z.string() }) });
export type DynamicsCursor = z.infer<typeof cursorSchema>;

function columns(table: Table, config: DynamicsConfig): string[] {
  switch (table) {
    case 'accounts':
      return [...new Set(['name', ...config.fieldMapping.accountDomainFields])];
    case 'contacts':
      return ['fullname', 'firstname', 'lastname', 'emailaddress1', '_parentcustomerid_value'];
    case 'leads':
      return ['fullname', 'firstname', 'lastname', 'emailaddress1', 'companyname', 'statecode'];
    case 'opportunities':
      return [...new Set(['name', config.fieldMapping.stageField, 'statecode', 'statuscode', '_ownerid_value', '_parentaccountid_value', 'createdon', 'actualclosedate', 'estimatedclosedate', 'estimatedvalue'])];
    case 'systemusers':
      return ['fullname', 'internalemailaddress', 'applicationid', 'accessmode'];
  }
}

type TableRead<T> = { mapped: T[]; leaving: string[]; rejectedIds: string[]; deleted: string[]; deltaLink: string };

export class DynamicsReader {
  readonly rejected: CrmRecordRejection[] = [];

  constructor(
    private readonly api: DynamicsApi,
    private readonly config: DynamicsConfig,
    private readonly signal: AbortSignal | undefined,
  ) {}

  private prefer(tracking: boolean): string {
    return [...(tracking ? ['odata.track-changes'] : []), `odata.maxpagesize=${this.config.pageSize}`, 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"'].join(',');
  }

  /**
   * One table, page by page, from its start (tracking) or from a delta link. Each page is mapped as
   * it arrives, so only CRM rows are kept, never a whole table of raw OData entities.
   */
  async readTable<T>(table: Table, deltaLink: string | null): Promise<TableRead<T>> {
    let url: string | undefined = deltaLink ?? this.api.url(`/${table}?$select=${columns(table, this.config).join(',')}`);
    const out: TableRead<T> = { mapped: [], leaving: [], rejectedIds: [], deleted: [], deltaLink: '' };
    for (;;) {
      const page = await this.api.get(url, this.prefer(deltaLink === null), this.signal);
      const rows: DataverseRow[] = [];
      for (const entry of page.value) {
        if (typeof entry['@odata.context'] === 'string' && entry['@odata.context'].endsWith('/$deletedEntity')) out.deleted.push(String(entry['id']));
        else rows.push(entry);
      }
      const mapped = this.mapTable<T>(table, rows);
      for (const row of mapped.mapped) out.mapped.push(row);
      out.leaving.push(...mapped.leaving);
      out.rejectedIds.push(...mapped.rejectedIds);
      url = page['@odata.nextLink'];
      if (url === undefined) {
        const next = page['@odata.deltaLink'];
        if (next === undefined) throw new CrmCursorExpiredError('dynamics', `${table} answered without a delta link: change tracking is not enabled for the table`);
        out.deltaLink = next;
        return out;
      }
    }
  }

  /** Maps one table's rows; returns rows, ids that leave the table (not open / app users) and rejected ids. */
  mapTable<T>(table: Table, rows: DataverseRow[]): { mapped: T[]; leaving: string[]; rejectedIds: string[] } {
    const mapped: T[] = [];
    const leaving: string[] = [];
    const rejectedIds: string[] = [];
    for (const row of rows) {
      const id = String(row[KEY[table]] ?? '');
      let result: Mapped<unknown>;
      if (id === '') result = { ok: false, reason: `the row has no ${KEY[table]}` };
      else if (table === 'accounts') result = accountRow(row, id, this.config.fieldMapping);
      else if (table === 'contacts') result = contactRow(row, id);
      else if (table === 'leads') result = leadRow(row, id, this.config.fieldMapping);
      else if (table === 'opportunities') result = opportunityRow(row, id, this.config.fieldMapping);
      else result = systemUserRow(row, id);
      if (!result.ok) {
        this.rejected.push({ object: OBJECT[table], id: id || null, reason: result.reason });
        if (id) rejectedIds.push(id);
      } else if (result.row === null) leaving.push(id);
      else mapped.push(result.row as T);
    }
    return { mapped, leaving, rejectedIds };
  }
}

export function encodeCursor(cursor: DynamicsCursor): string {
  return JSON.stringify(cursor);
}

export function decodeCursor(raw: string): DynamicsCursor {
  try {
    return cursorSchema.parse(JSON.parse(raw));
  } catch {
    throw new CrmCursorExpiredError('dynamics', 'the stored cursor is not one this connector wrote');
  }
}

export async function fullRead(reader: DynamicsReader): Promise<{ snapshot: CrmSnapshot; cursor: DynamicsCursor }> {
  const snapshot: CrmSnapshot = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };
  const deltaLinks = {} as DynamicsCursor['deltaLinks'];
  for (const table of TABLES) {
    const read = await reader.readTable(table, null);
    (snapshot[SNAPSHOT_TABLE[table]] as unknown[]) = read.mapped;
    deltaLinks[table] = read.deltaLink;
  }
  return { snapshot, cursor: { v: 1, deltaLinks } };
}

export async function incrementalRead(reader: DynamicsReader, from: DynamicsCursor): Promise<{ changes: CrmChangeSet; cursor: DynamicsCursor }> {
  const changes: CrmChangeSet = {
    accounts: { upserted: [], deleted: [] },
    contacts: { upserted: [], deleted: [] },
    leads: { upserted: [], deleted: [] },
    opportunities: { upserted: [], deleted: [] },
    users: { upserted: [], deleted: [] },
  };
  const deltaLinks = {} as DynamicsCursor['deltaLinks'];
  for (const table of TABLES) {
    const { mapped, leaving, rejectedIds, ...read } = await reader.readTable(table, from.deltaLinks[table]);
    const target = changes[SNAPSHOT_TABLE[table]] as { upserted: unknown[]; deleted: string[] };
    target.upserted = mapped;
    target.deleted = [...new Set([...read.deleted, ...leaving, ...rejectedIds])];
    deltaLinks[table] = read.deltaLink;
  }
  return { changes, cursor: { v: 1, deltaLinks } };
}
