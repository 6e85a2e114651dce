/**
 * The simulated HubSpot portal's records: companies, contacts and deals as CRM v3 objects
 * (string properties, numeric-string ids, `archived` soft deletion) with their company
 * associations, the owners and one deal pipeline. Generated from a CrmSnapshot so that the demo's
 * seeded directory is what the portal holds; mutations stamp the object's last-modified property
 * (contacts `lastmodifieddate`, companies and deals `hs_lastmodifieddate`, as HubSpot names them).
 */
import type { CrmSnapshot } from '@correspondent/contract';

export const HUBSPOT_OBJECT_TYPES = ['companies', 'contacts', 'deals'] as const;
export type HubspotObjectType = (typeof HUBSPOT_OBJECT_TYPES)[number];

/** The property HubSpot stamps on every change, per object (contacts differ from the rest). */
export const LAST_MODIFIED_PROPERTY: Record<HubspotObjectType, string> = {
  companies: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
};

export type HubspotRecord = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt: number | null;
  /** The associated company (contact->company, deal->company); null when none. */
  companyId: string | null;
};

export type HubspotOwner = { id: string; email: string; firstName: string; lastName: string; userId: number; createdAt: number; updatedAt: number; archived: boolean };

export type HubspotStage = { id: string; label: string; displayOrder: number; isClosed: boolean; probability: number };

export class HubspotStore {
  readonly objects: Record<HubspotObjectType, Map<string, HubspotRecord>> = { companies: new Map(), contacts: new Map(), deals: new Map() };
  readonly owners = new Map<string, HubspotOwner>();
  readonly stages: HubspotStage[] = [];
  /** Snapshot id -> HubSpot id, per snapshot table, so tests and the demo can address records. */
  readonly idOf = new Map<string, string>();
  private nextId = 1001;

  constructor(private clock: () => number) {}

  newId(): string {
    return String(this.nextId++);
  }

  private readonly sortedCache: Partial<Record<HubspotObjectType, HubspotRecord[]>> = {};

  /** Sorted by id (numerically), the order HubSpot's list endpoints page in; kept until a record is added. */
  sorted(type: HubspotObjectType): HubspotRecord[] {
    this.sortedCache[type] ??= [...this.objects[type].values()].sort((a, b) => Number(a.id) - Number(b.id));
    return this.sortedCache[type];
  }

  /** Up to `count` records after id `after` (exclusive) with the given archived state, in id order. */
  page(type: HubspotObjectType, after: number, archived: boolean, count: number): HubspotRecord[] {
    const all = this.sorted(type);
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Number(all[mid]!.id) <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: HubspotRecord[] = [];
    for (let i = lo; i < all.length && out.length < count; i++) if (all[i]!.archived === archived) out.push(all[i]!);
    return out;
  }

  stageIdFor(label: string, isClosed: boolean): string {
    const found = this.stages.find((s) => s.label === label && s.isClosed === isClosed);
    if (found) return found.id;
    const id = label.toLowerCase().replace(/[^a-z0-9]+/g, '') || `stage${this.stages.length + 1}`;
    const unique = this.stages.some((s) => s.id === id) ? `${id}${this.stages.length + 1}` : id;
    const won = /won/i.test(label);
    this.stages.push({ id: unique, label, displayOrder: this.stages.length, isClosed, probability: isClosed ? (won ? 1 : 0) : 0.5 });
    return unique;
  }

  /** Creates or replaces properties of a record, stamping its last-modified property with the clock. */
  upsert(type: HubspotObjectType, id: string | null, properties: Record<string, string | null>, companyId?: string | null): HubspotRecord {
    const now = this.clock();
    const key = id ?? this.newId();
    const existing = this.objects[type].get(key);
    const record: HubspotRecord = existing ?? { id: key, properties: {}, createdAt: now, updatedAt: now, archived: false, archivedAt: null, companyId: null };
    record.properties = { ...record.properties, ...properties, hs_object_id: key, createdate: properties['createdate'] ?? record.properties['createdate'] ?? new Date(record.createdAt).toISOString() };
    record.properties[LAST_MODIFIED_PROPERTY[type]] = new Date(now).toISOString();
    record.updatedAt = now;
    if (companyId !== undefined) record.companyId = companyId;
    if (!existing) delete this.sortedCache[type];
    this.objects[type].set(key, record);
    return record;
  }

  archive(type: HubspotObjectType, id: string): void {
    const record = this.objects[type].get(id);
    if (!record) throw new Error(`No ${type} record ${id}.`);
    const now = this.clock();
    record.archived = true;
    record.archivedAt = now;
    record.updatedAt = now;
  }

  static fromSnapshot(snapshot: CrmSnapshot, clock: () => number): HubspotStore {
    // Seeded records get distinct, increasing times ending now, as a portal filled over time has.
    const total = snapshot.users.length + snapshot.accounts.length + snapshot.contacts.length + snapshot.leads.length + snapshot.opportunities.length;
    let seedTime = clock() - total;
    const store = new HubspotStore(() => seedTime++);
    for (const user of snapshot.users) {
      const id = store.newId();
      const [firstName = '', ...rest] = user.name.split(' ');
      const now = store.clock();
      store.owners.set(id, { id, email: user.email, firstName, lastName: rest.join(' '), userId: Number(id) + 9_000_000, createdAt: now, updatedAt: now, archived: false });
      store.idOf.set(`users:${user.id}`, id);
    }
    for (const account of snapshot.accounts) {
      const [domain = null, ...more] = account.domains;
      const record = store.upsert('companies', null, { name: account.name, domain, hs_additional_domains: more.length > 0 ? more.join(';') : null });
      store.idOf.set(`accounts:${account.id}`, record.id);
    }
    for (const contact of snapshot.contacts) {
      const [firstname = '', ...rest] = contact.name.split(' ');
      const companyId = contact.accountId ? (store.idOf.get(`accounts:${contact.accountId}`) ?? null) : null;
      const record = store.upsert('contacts', null, { email: contact.email, firstname, lastname: rest.join(' '), lifecyclestage: 'customer', company: null }, companyId);
      store.idOf.set(`contacts:${contact.id}`, record.id);
    }
    for (const lead of snapshot.leads) {
      const [firstname = '', ...rest] = lead.name.split(' ');
      const record = store.upsert('contacts', null, { email: lead.email, firstname, lastname: rest.join(' '), lifecyclestage: 'lead', company: lead.company || null }, null);
      store.idOf.set(`leads:${lead.id}`, record.id);
    }
    for (const opportunity of snapshot.opportunities) {
      const record = store.upsert(
        'deals',
        null,
        {
          dealname: `Deal ${opportunity.id}`,
          dealstage: store.stageIdFor(opportunity.stage, opportunity.isClosed),
          pipeline: 'default',
          amount: opportunity.amount === null ? null : String(opportunity.amount),
          closedate: opportunity.closeDate ? `${opportunity.closeDate}T00:00:00.000Z` : null,
          createdate: opportunity.createdAt,
          hubspot_owner_id: store.idOf.get(`users:${opportunity.ownerUserId}`) ?? null,
        },
        store.idOf.get(`accounts:${opportunity.accountId}`) ?? null,
      );
      store.idOf.set(`opportunities:${opportunity.id}`, record.id);
    }
    store.clock = clock;
    return store;
  }
}
