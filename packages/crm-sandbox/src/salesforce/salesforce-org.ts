/**
 * The records of one simulated Salesforce org. Every write stamps SystemModstamp from the org's
 * clock, strictly increasing, as the incremental read depends on; a delete is a soft delete
 * (IsDeleted = true, still returned by queryAll) until `purge` empties the recycle bin; a lead
 * conversion sets IsConverted. Seeded from a CrmSnapshot (the demo tenant's directory) with
 * Salesforce ids, and `idOf` tells a test which id a seeded row got.
 */
import type { CrmSnapshot } from '@correspondent/contract';
import { recordId } from './salesforce-ids.js';
import { SF_FIELDS, type SfObjectName } from './salesforce-schema.js';

export type SfRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

type SeedIds = Record<SfObjectName, Map<string, string>>;

function splitName(name: string): { FirstName: string | null; LastName: string } {
  const trimmed = name.trim();
  const space = trimmed.lastIndexOf(' ');
  if (space <= 0) return { FirstName: null, LastName: trimmed || '[not provided]' };
  return { FirstName: trimmed.slice(0, space), LastName: trimmed.slice(space + 1) };
}

export class SalesforceOrg {
  private readonly records: Record<SfObjectName, Map<string, SfRecord>> = { Account: new Map(), Contact: new Map(), Lead: new Map(), Opportunity: new Map(), User: new Map() };
  private readonly counters: Record<SfObjectName, number> = { Account: 0, Contact: 0, Lead: 0, Opportunity: 0, User: 0 };
  private readonly seedIds: SeedIds = { Account: new Map(), Contact: new Map(), Lead: new Map(), Opportunity: new Map(), User: new Map() };
  private lastStamp = 0;

  constructor(private readonly clock: () => Date) {}

  /** The next SystemModstamp: the clock, or 1 ms past the previous stamp when the clock has not moved. */
  private stamp(): string {
    this.lastStamp = Math.max(this.clock().getTime(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  /** Every record of an object, deleted ones included (queryAll's view). */
  all(object: SfObjectName): SfRecord[] {
    return [...this.records[object].values()];
  }

  get(object: SfObjectName, id: string): SfRecord | undefined {
    return this.records[object].get(id);
  }

  /** The Salesforce id the seeded row `seedId` was given. */
  idOf(object: SfObjectName, seedId: string): string {
    const id = this.seedIds[object].get(seedId);
    if (!id) throw new Error(`No seeded ${object} ${seedId}.`);
    return id;
  }

  count(object: SfObjectName, includeDeleted = false): number {
    return this.all(object).filter((r) => includeDeleted || r['IsDeleted'] !== true).length;
  }

  /** Creates a record; fields not given are null (IsDeleted false). Returns its id. */
  insert(object: SfObjectName, fields: Record<string, unknown>, seedId?: string): string {
    this.counters[object] += 1;
    const id = recordId(object, this.counters[object]);
    const now = this.stamp();
    const record: SfRecord = { Id: id, SystemModstamp: now };
    for (const field of Object.keys(SF_FIELDS[object])) record[field] ??= null;
    Object.assign(record, { CreatedDate: now, LastModifiedDate: now, ...fields, Id: id, SystemModstamp: now });
    if ('IsDeleted' in SF_FIELDS[object]) record['IsDeleted'] = false;
    this.derive(object, record);
    this.records[object].set(id, record);
    if (seedId !== undefined) this.seedIds[object].set(seedId, id);
    return id;
  }

  update(object: SfObjectName, id: string, fields: Record<string, unknown>): void {
    const record = this.records[object].get(id);
    if (!record || record['IsDeleted'] === true) throw new Error(`No live ${object} ${id}.`);
    const now = this.stamp();
    Object.assign(record, fields, { SystemModstamp: now, LastModifiedDate: now });
    this.derive(object, record);
  }

  /** A soft delete: to the recycle bin, where queryAll still sees it with IsDeleted = true. */
  delete(object: SfObjectName, id: string): void {
    const record = this.records[object].get(id);
    if (!record) throw new Error(`No ${object} ${id}.`);
    Object.assign(record, { IsDeleted: true, SystemModstamp: this.stamp() });
  }

  /** Emptying the recycle bin: the record is gone, even from queryAll. */
  purge(object: SfObjectName, id: string): void {
    this.records[object].delete(id);
  }

  convertLead(id: string): void {
    this.update('Lead', id, { IsConverted: true, Status: 'Closed - Converted' });
  }

  /** Formula-like fields Salesforce computes: Name from first and last name, IsWon from the stage. */
  private derive(object: SfObjectName, record: SfRecord): void {
    if (object === 'Contact' || object === 'Lead') record['Name'] = [record['FirstName'], record['LastName']].filter((p) => typeof p === 'string' && p !== '').join(' ');
    if (object === 'Opportunity') record['IsWon'] = record['IsClosed'] === true && record['StageName'] === 'Closed Won';
  }

  /** Loads a CRM directory: the first domain as the Website, the others in the Domains__c custom field. */
  seed(snapshot: CrmSnapshot): void {
    for (const user of snapshot.users) {
      this.insert('User', { Username: user.email, Name: user.name, Email: user.email, IsActive: true, Correspondent_Opt_In__c: user.optedIn, ...(user.signedUpAt ? { CreatedDate: user.signedUpAt } : {}) }, user.id);
    }
    const ownerOf = (seedId: string) => this.seedIds.User.get(seedId) ?? seedId;
    for (const account of snapshot.accounts) {
      const [first, ...rest] = account.domains;
      this.insert('Account', { Name: account.name, Website: first ? `https://www.${first}` : null, Domains__c: rest.length > 0 ? rest.join(';') : null }, account.id);
    }
    const accountOf = (seedId: string | null) => (seedId === null ? null : (this.seedIds.Account.get(seedId) ?? null));
    for (const contact of snapshot.contacts) this.insert('Contact', { ...splitName(contact.name), Email: contact.email, AccountId: accountOf(contact.accountId) }, contact.id);
    for (const lead of snapshot.leads) this.insert('Lead', { ...splitName(lead.name), Email: lead.email, Company: lead.company, IsConverted: false, Status: 'Open - Not Contacted' }, lead.id);
    for (const o of snapshot.opportunities) {
      this.insert(
        'Opportunity',
        { Name: `Opportunity ${o.id}`, AccountId: accountOf(o.accountId), OwnerId: ownerOf(o.ownerUserId), StageName: o.stage, IsClosed: o.isClosed, CreatedDate: o.createdAt, CloseDate: o.closeDate, Amount: o.amount },
        o.id,
      );
    }
  }
}
