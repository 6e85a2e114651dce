/**
 * Full and incremental reads of a HubSpot portal. Full: every list page of companies, contacts and
 * deals (with their company associations), owners and the deal pipelines. Incremental: the search
 * API by last-modified time ascending; it stops at 10,000 results per query, so at that ceiling
 * the search starts again from the last time seen (ids already read at that millisecond are
 * skipped) — more than 10,000 changes in one millisecond cannot be paged and mean a full refresh.
 * Search returns no associations, so the changed contacts' and deals' companies are read in v4
 * batches. Archived records (the list with `archived=true`) are the deletions.
 */
import type { CrmSnapshot } from '@correspondent/contract';
import { CrmCursorExpiredError, type CrmChangeSet, type CrmRecordRejection } from '../crm-connector.js';
import type { HubspotApi } from './hubspot-api.js';
import type { HubspotConfig } from './hubspot-config.js';
import { advance, emptyMark, HUBSPOT_TYPES, type HubspotCursor, type HubspotType, type Watermark } from './hubspot-cursor.js';
import { companyToAccount, contactToPerson, dealToOpportunity, ownerToUser, stageTable, type HubspotObject, type HubspotOwner, type StageInfo } from './hubspot-mapping.js';

const SEARCH_CEILING = 10_000;
const ASSOCIATION_BATCH = 1000;

const LAST_MODIFIED: Record<HubspotType, string> = { companies: 'hs_lastmodifieddate', contacts: 'lastmodifieddate', deals: 'hs_lastmodifieddate' };
const SINGULAR: Record<HubspotType, string> = { companies: 'company', contacts: 'contact', deals: 'deal' };

type ListedObject = HubspotObject & { associations?: { companies?: { results?: { id: string }[] } } };
type SearchPage = { total: number; results: HubspotObject[]; paging?: { next?: { after?: string } } };

function properties(type: HubspotType, config: HubspotConfig): string[] {
  switch (type) {
    case 'companies':
      return ['name', ...config.fieldMapping.domainProperties];
    case 'contacts':
      return ['email', 'firstname', 'lastname', 'lifecyclestage', 'company'];
    case 'deals':
      return ['dealname', 'dealstage', 'pipeline', 'amount', 'closedate', 'createdate', 'hubspot_owner_id'];
  }
}

function modifiedMs(type: HubspotType, record: HubspotObject): number {
  const raw = record.properties[LAST_MODIFIED[type]] ?? record.updatedAt ?? '';
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isNaN(ms) ? 0 : ms;
}

function archivedMs(record: HubspotObject): number {
  const ms = Date.parse(record.archivedAt ?? record.updatedAt ?? '');
  return Number.isNaN(ms) ? 0 : ms;
}

export class HubspotReader {
  readonly rejected: CrmRecordRejection[] = [];

  constructor(
    private readonly api: HubspotApi,
    private readonly config: HubspotConfig,
    private readonly signal: AbortSignal | undefined,
  ) {}

  private reject(type: string, id: string, reason: string, ids: string[]): void {
    this.rejected.push({ object: type, id, reason });
    ids.push(id);
  }

  async stages(): Promise<Map<string, StageInfo>> {
    const pipelines = await this.api.get<{ results: { stages?: { id: string; label: string; metadata?: { isClosed?: string } }[] }[] }>('/crm/v3/pipelines/deals', {}, this.signal);
    return stageTable(pipelines.results, this.config.fieldMapping);
  }

  async owners(archived: boolean): Promise<HubspotOwner[]> {
    return this.api.listAll<HubspotOwner>('/crm/v3/owners', { limit: '500', ...(archived ? { archived: 'true' } : {}) }, this.signal);
  }

  private listQuery(type: HubspotType, archived: boolean): Record<string, string> {
    const query: Record<string, string> = { limit: String(this.config.pageSize), properties: properties(type, this.config).join(',') };
    if (archived) query['archived'] = 'true';
    else if (type !== 'companies') query['associations'] = 'companies';
    return query;
  }

  async list(type: HubspotType, archived: boolean): Promise<ListedObject[]> {
    return this.api.listAll<ListedObject>(`/crm/v3/objects/${type}`, this.listQuery(type, archived), this.signal);
  }

  async listEach(type: HubspotType, onPage: (records: ListedObject[]) => void): Promise<void> {
    await this.api.listEach<ListedObject>(`/crm/v3/objects/${type}`, this.listQuery(type, false), onPage, this.signal);
  }

  /** Every record modified at or after the watermark (minus the ids it already holds), past the search ceiling. */
  async changedSince(type: HubspotType, since: Watermark): Promise<HubspotObject[]> {
    // Ids the cursor holds were read at exactly since.ms; changed again since, they are news.
    const atMark = new Set(since.ids);
    const seen = new Set<string>();
    const out: HubspotObject[] = [];
    let lowerBound = since.ms;
    for (;;) {
      let offset = 0;
      let lastMs = lowerBound;
      let more = false;
      for (;;) {
        const page = await this.api.post<SearchPage>(
          `/crm/v3/objects/${type}/search`,
          {
            filterGroups: [{ filters: [{ propertyName: LAST_MODIFIED[type], operator: 'GTE', value: String(lowerBound) }] }],
            sorts: [{ propertyName: LAST_MODIFIED[type], direction: 'ASCENDING' }],
            properties: properties(type, this.config),
            limit: this.config.searchPageSize,
            after: String(offset),
          },
          this.signal,
        );
        for (const record of page.results) {
          const ms = modifiedMs(type, record);
          lastMs = Math.max(lastMs, ms);
          if (seen.has(record.id) || (ms === since.ms && atMark.has(record.id))) continue;
          seen.add(record.id);
          out.push(record);
        }
        const next = page.paging?.next?.after;
        if (next === undefined) break;
        offset = Number(next);
        if (offset >= SEARCH_CEILING) {
          more = true;
          break;
        }
      }
      if (!more) return out;
      if (lastMs === lowerBound) throw new CrmCursorExpiredError('hubspot', `more than ${SEARCH_CEILING} ${type} changed within one millisecond`);
      lowerBound = lastMs;
    }
  }

  /** The newest change of a type right now (one search, newest first): where the next incremental starts. */
  async latestMark(type: HubspotType): Promise<Watermark> {
    const page = await this.api.post<SearchPage>(
      `/crm/v3/objects/${type}/search`,
      { sorts: [{ propertyName: LAST_MODIFIED[type], direction: 'DESCENDING' }], properties: [LAST_MODIFIED[type]], limit: 1 },
      this.signal,
    );
    const newest = page.results[0];
    return newest ? { ms: modifiedMs(type, newest), ids: [newest.id] } : emptyMark();
  }

  async companiesOf(type: 'contacts' | 'deals', ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += ASSOCIATION_BATCH) {
      const inputs = ids.slice(i, i + ASSOCIATION_BATCH).map((id) => ({ id }));
      const batch = await this.api.post<{ results?: { from: { id: string }; to: { toObjectId: number | string }[] }[] }>(
        `/crm/v4/associations/${type}/companies/batch/read`,
        { inputs },
        this.signal,
      );
      for (const result of batch.results ?? []) {
        const first = result.to[0];
        if (first !== undefined) out.set(String(result.from.id), String(first.toObjectId));
      }
    }
    return out;
  }

  mapAll(
    records: { companies: HubspotObject[]; contacts: HubspotObject[]; deals: HubspotObject[] },
    companyOf: (type: 'contacts' | 'deals', record: HubspotObject) => string | null,
    stages: Map<string, StageInfo>,
    owners: HubspotOwner[],
  ): { snapshot: CrmSnapshot; rejectedIds: Record<'accounts' | 'people' | 'opportunities' | 'users', string[]> } {
    const snapshot: CrmSnapshot = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };
    const rejectedIds = { accounts: [] as string[], people: [] as string[], opportunities: [] as string[], users: [] as string[] };
    for (const record of records.companies) {
      const mapped = companyToAccount(record, this.config.fieldMapping);
      if (mapped.ok) snapshot.accounts.push(mapped.row);
      else this.reject(SINGULAR.companies, record.id, mapped.reason, rejectedIds.accounts);
    }
    for (const record of records.contacts) {
      const mapped = contactToPerson(record, companyOf('contacts', record), this.config.fieldMapping);
      if (!mapped.ok) this.reject(SINGULAR.contacts, record.id, mapped.reason, rejectedIds.people);
      else if (mapped.row.table === 'leads') snapshot.leads.push(mapped.row.row);
      else snapshot.contacts.push(mapped.row.row);
    }
    for (const record of records.deals) {
      const mapped = dealToOpportunity(record, companyOf('deals', record), stages);
      if (mapped.ok) snapshot.opportunities.push(mapped.row);
      else this.reject(SINGULAR.deals, record.id, mapped.reason, rejectedIds.opportunities);
    }
    for (const owner of owners) {
      const mapped = ownerToUser(owner);
      if (mapped.ok) snapshot.users.push(mapped.row);
      else this.reject('owner', owner.id, mapped.reason, rejectedIds.users);
    }
    return { snapshot, rejectedIds };
  }
}

export function listedCompany(_type: 'contacts' | 'deals', record: HubspotObject): string | null {
  return (record as ListedObject).associations?.companies?.results?.[0]?.id ?? null;
}

export async function fullRead(reader: HubspotReader): Promise<{ snapshot: CrmSnapshot; cursor: HubspotCursor }> {
  // The cursor starts at the newest change *before* the lists are read, not at the newest seen in
  // them: a record changed while the pages go by is then read again next time instead of lost.
  const changedMarks = { companies: await reader.latestMark('companies'), contacts: await reader.latestMark('contacts'), deals: await reader.latestMark('deals') };
  const stages = await reader.stages();
  const owners = await reader.owners(false);
  const snapshot: CrmSnapshot = { ...reader.mapAll({ companies: [], contacts: [], deals: [] }, listedCompany, stages, owners).snapshot };
  const none: HubspotObject[] = [];
  // Each page is mapped as it arrives: a full read keeps CRM rows, never every raw record.
  const add = (part: CrmSnapshot) => {
    for (const table of ['accounts', 'contacts', 'leads', 'opportunities'] as const) for (const row of part[table]) (snapshot[table] as unknown[]).push(row);
  };
  await reader.listEach('companies', (page) => add(reader.mapAll({ companies: page, contacts: none, deals: none }, listedCompany, stages, []).snapshot));
  await reader.listEach('contacts', (page) => add(reader.mapAll({ companies: none, contacts: page, deals: none }, listedCompany, stages, []).snapshot));
  await reader.listEach('deals', (page) => add(reader.mapAll({ companies: none, contacts: none, deals: page }, listedCompany, stages, []).snapshot));
  const cursor: HubspotCursor = {
    v: 1,
    changed: changedMarks,
    archived: { companies: emptyMark(), contacts: emptyMark(), deals: emptyMark() },
    ownersMs: 0,
  };
  for (const type of HUBSPOT_TYPES) {
    // Deletions that happened before this read are already absent; only later ones are news.
    for (const record of await reader.list(type, true)) cursor.archived[type] = advance(cursor.archived[type], archivedMs(record), record.id);
  }
  for (const owner of [...owners, ...(await reader.owners(true))]) cursor.ownersMs = Math.max(cursor.ownersMs, Date.parse(owner.updatedAt ?? '') || 0);
  return { snapshot, cursor };
}

export async function incrementalRead(reader: HubspotReader, from: HubspotCursor): Promise<{ changes: CrmChangeSet; cursor: HubspotCursor }> {
  const cursor: HubspotCursor = structuredClone(from);
  const stages = await reader.stages();
  const changed = { companies: [] as HubspotObject[], contacts: [] as HubspotObject[], deals: [] as HubspotObject[] };
  const gone = { companies: [] as string[], contacts: [] as string[], deals: [] as string[] };
  for (const type of HUBSPOT_TYPES) {
    changed[type] = await reader.changedSince(type, from.changed[type]);
    for (const record of changed[type]) cursor.changed[type] = advance(cursor.changed[type], modifiedMs(type, record), record.id);
    const seenAt = new Set(from.archived[type].ids);
    for (const record of await reader.list(type, true)) {
      const ms = archivedMs(record);
      if (ms < from.archived[type].ms || (ms === from.archived[type].ms && seenAt.has(record.id))) continue;
      gone[type].push(record.id);
      cursor.archived[type] = advance(cursor.archived[type], ms, record.id);
    }
  }
  const contactCompanies = await reader.companiesOf('contacts', changed.contacts.map((r) => r.id));
  const dealCompanies = await reader.companiesOf('deals', changed.deals.map((r) => r.id));
  const owners = (await reader.owners(false)).filter((o) => (Date.parse(o.updatedAt ?? '') || 0) > from.ownersMs);
  const archivedOwners = (await reader.owners(true)).filter((o) => (Date.parse(o.updatedAt ?? '') || 0) > from.ownersMs);
  for (const owner of [...owners, ...archivedOwners]) cursor.ownersMs = Math.max(cursor.ownersMs, Date.parse(owner.updatedAt ?? '') || 0);
  const { snapshot, rejectedIds } = reader.mapAll(changed, (type, record) => (type === 'contacts' ? contactCompanies : dealCompanies).get(record.id) ?? null, stages, owners);
  // A person is a contact or a lead by lifecycle stage: becoming one removes it from the other table.
  const leadIds = new Set(snapshot.leads.map((l) => l.id));
  const contactIds = new Set(snapshot.contacts.map((c) => c.id));
  const changes: CrmChangeSet = {
    accounts: { upserted: snapshot.accounts, deleted: [...gone.companies, ...rejectedIds.accounts] },
    contacts: { upserted: snapshot.contacts, deleted: [...gone.contacts, ...rejectedIds.people, ...leadIds] },
    leads: { upserted: snapshot.leads, deleted: [...gone.contacts, ...rejectedIds.people, ...contactIds] },
    opportunities: { upserted: snapshot.opportunities, deleted: [...gone.deals, ...rejectedIds.opportunities] },
    users: { upserted: snapshot.users, deleted: [...archivedOwners.map((o) => o.id), ...rejectedIds.users] },
  };
  return { changes, cursor };
}
