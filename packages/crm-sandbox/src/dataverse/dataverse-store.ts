/**
 * The simulated Dataverse environment's rows: accounts, contacts, leads, opportunities and
 * systemusers keyed by GUID, each with the organisation-wide version number that change tracking
 * hands out (every create, update and delete takes the next one), and the tombstones of deleted
 * rows that a delta link reports as `$deletedEntity`. Generated from a CrmSnapshot.
 */
import type { CrmSnapshot } from '@correspondent/contract';

export const DATAVERSE_ENTITY_SETS = ['accounts', 'contacts', 'leads', 'opportunities', 'systemusers'] as const;
export type EntitySet = (typeof DATAVERSE_ENTITY_SETS)[number];

/** The primary key column of each table, as Dataverse names it. */
export const PRIMARY_KEY: Record<EntitySet, string> = {
  accounts: 'accountid',
  contacts: 'contactid',
  leads: 'leadid',
  opportunities: 'opportunityid',
  systemusers: 'systemuserid',
};

export type Row = { id: string; version: number; values: Record<string, unknown> };
export type Tombstone = { id: string; version: number };

export class DataverseStore {
  readonly tables: Record<EntitySet, Map<string, Row>> = { accounts: new Map(), contacts: new Map(), leads: new Map(), opportunities: new Map(), systemusers: new Map() };
  readonly tombstones: Record<EntitySet, Tombstone[]> = { accounts: [], contacts: [], leads: [], opportunities: [], systemusers: [] };
  readonly idOf = new Map<string, string>();
  version = 900_000;
  private nextGuid = 1;

  constructor(private readonly clock: () => number) {}

  newGuid(): string {
    const n = (this.nextGuid++).toString(16).padStart(12, '0');
    return `6f1c2b9e-0d87-4e71-80e5-${n}`;
  }

  upsert(set: EntitySet, id: string | null, values: Record<string, unknown>): Row {
    const key = id ?? this.newGuid();
    const now = new Date(this.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const existing = this.tables[set].get(key);
    this.version += 1;
    const row: Row = existing ?? { id: key, version: this.version, values: { createdon: now } };
    row.values = { ...row.values, ...values, [PRIMARY_KEY[set]]: key, modifiedon: now, versionnumber: this.version };
    row.version = this.version;
    this.tables[set].set(key, row);
    return row;
  }

  remove(set: EntitySet, id: string): void {
    if (!this.tables[set].delete(id)) throw new Error(`No ${set} row ${id}.`);
    this.version += 1;
    this.tombstones[set].push({ id, version: this.version });
  }

  /** Rows in version order (the order change tracking returns new or updated rows in). */
  byVersion(set: EntitySet): Row[] {
    return [...this.tables[set].values()].sort((a, b) => a.version - b.version);
  }

  static fromSnapshot(snapshot: CrmSnapshot, clock: () => number, appUser: { id: string; name: string }): DataverseStore {
    const store = new DataverseStore(clock);
    store.upsert('systemusers', appUser.id, { fullname: appUser.name, internalemailaddress: null, applicationid: '8b1d0f5e-3c3a-4f43-9e1d-5a9c2d7b1e10', accessmode: 4, isdisabled: false });
    for (const user of snapshot.users) {
      const row = store.upsert('systemusers', null, { fullname: user.name, internalemailaddress: user.email, applicationid: null, accessmode: 0, isdisabled: false });
      store.idOf.set(`users:${user.id}`, row.id);
    }
    for (const account of snapshot.accounts) {
      const [website, mailDomain] = account.domains;
      const row = store.upsert('accounts', null, {
        name: account.name,
        websiteurl: website ? `https://www.${website}` : null,
        emailaddress1: mailDomain ? `info@${mailDomain}` : null,
        statecode: 0,
      });
      store.idOf.set(`accounts:${account.id}`, row.id);
    }
    for (const contact of snapshot.contacts) {
      const [firstname = '', ...rest] = contact.name.split(' ');
      const parent = contact.accountId ? (store.idOf.get(`accounts:${contact.accountId}`) ?? null) : null;
      const row = store.upsert('contacts', null, {
        fullname: contact.name,
        firstname,
        lastname: rest.join(' '),
        emailaddress1: contact.email,
        _parentcustomerid_value: parent,
        '#parentcustomerid_type': parent ? 'account' : null,
        statecode: 0,
      });
      store.idOf.set(`contacts:${contact.id}`, row.id);
    }
    for (const lead of snapshot.leads) {
      const row = store.upsert('leads', null, { fullname: lead.name, emailaddress1: lead.email, companyname: lead.company, statecode: 0, statuscode: 1 });
      store.idOf.set(`leads:${lead.id}`, row.id);
    }
    for (const opportunity of snapshot.opportunities) {
      const won = opportunity.isClosed && /won/i.test(opportunity.stage);
      const statecode = opportunity.isClosed ? (won ? 1 : 2) : 0;
      const row = store.upsert('opportunities', null, {
        name: `Opportunity ${opportunity.id}`,
        stepname: opportunity.stage,
        statecode,
        statuscode: statecode === 0 ? 1 : statecode === 1 ? 3 : 5,
        _ownerid_value: store.idOf.get(`users:${opportunity.ownerUserId}`) ?? null,
        _parentaccountid_value: store.idOf.get(`accounts:${opportunity.accountId}`) ?? null,
        createdon: opportunity.createdAt.replace(/\.\d{3}Z$/, 'Z'),
        actualclosedate: opportunity.isClosed ? opportunity.closeDate : null,
        estimatedclosedate: opportunity.isClosed ? null : opportunity.closeDate,
        estimatedvalue: opportunity.amount,
      });
      store.idOf.set(`opportunities:${opportunity.id}`, row.id);
    }
    return store;
  }
}
