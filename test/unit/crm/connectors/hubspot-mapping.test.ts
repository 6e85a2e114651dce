import { describe, expect, it } from 'vitest';
import { hubspotFieldMappingSchema } from '../../../../src-main/crm/connectors/hubspot/hubspot-config.js';
import { advance, decodeCursor } from '../../../../src-main/crm/connectors/hubspot/hubspot-cursor.js';
import { companyToAccount, contactToPerson, dealToOpportunity, ownerToUser, stageTable } from '../../../../src-main/crm/connectors/hubspot/hubspot-mapping.js';
import { CrmCursorExpiredError } from '../../../../src-main/crm/connectors/crm-connector.js';

const mapping = hubspotFieldMappingSchema.parse({});
const record = (id: string, properties: Record<string, string | null>) => ({ id, properties });

describe('HubSpot record mapping', () => {
  it('takes an account’s domains from domain and hs_additional_domains, normalised, and refuses a company with only invalid ones', () => {
    expect(companyToAccount(record('1', { name: 'Acme', domain: 'WWW.Acme.com', hs_additional_domains: 'acme.de;https://acme.fr/en' }), mapping)).toEqual({
      ok: true,
      row: { id: '1', name: 'Acme', domains: ['acme.com', 'acme.de', 'acme.fr'] },
    });
    expect(companyToAccount(record('2', { name: 'No domain', domain: null }), mapping)).toEqual({ ok: true, row: { id: '2', name: 'No domain', domains: [] } });
    expect(companyToAccount(record('3', { name: 'Bad', domain: 'not a domain!' }), mapping)).toMatchObject({ ok: false });
    const custom = hubspotFieldMappingSchema.parse({ domainProperties: ['website_domains'] });
    expect(companyToAccount(record('4', { name: 'C', domain: 'ignored.com', website_domains: 'c.com' }), custom)).toMatchObject({ ok: true, row: { domains: ['c.com'] } });
  });

  it('makes a contact in an early lifecycle stage a lead, and any other a contact of its company', () => {
    expect(contactToPerson(record('7', { email: 'A@B.example', firstname: 'Ann', lastname: 'Lee', lifecyclestage: 'lead', company: 'B Ltd' }), '99', mapping)).toEqual({
      ok: true,
      row: { table: 'leads', row: { id: '7', email: 'a@b.example', company: 'B Ltd', name: 'Ann Lee' } },
    });
    expect(contactToPerson(record('8', { email: 'c@d.example', firstname: 'Cy', lastname: null, lifecyclestage: 'customer' }), '99', mapping)).toEqual({
      ok: true,
      row: { table: 'contacts', row: { id: '8', email: 'c@d.example', accountId: '99', name: 'Cy' } },
    });
    expect(contactToPerson(record('9', { email: null }), null, mapping)).toEqual({ ok: false, reason: 'no email address' });
  });

  it('reads closed/won/lost from the pipeline stage metadata, overridable per stage id', () => {
    const pipelines = [{ stages: [{ id: 'won', label: 'Closed Won', metadata: { isClosed: 'true' } }, { id: 'demo', label: 'Demo', metadata: { isClosed: 'false' } }] }];
    const stages = stageTable(pipelines, mapping);
    const deal = record('5', { dealstage: 'won', hubspot_owner_id: '11', createdate: '2026-01-02T03:04:05.000Z', closedate: '2026-02-01T00:00:00.000Z', amount: '1,500.50' });
    expect(dealToOpportunity(deal, '42', stages)).toEqual({
      ok: true,
      row: { id: '5', accountId: '42', ownerUserId: '11', stage: 'Closed Won', isClosed: true, createdAt: '2026-01-02T03:04:05.000Z', closeDate: '2026-02-01', amount: 1500.5 },
    });
    const overridden = stageTable(pipelines, hubspotFieldMappingSchema.parse({ openStageIds: ['won'], closedStageIds: ['demo'] }));
    expect(overridden.get('won')?.isClosed).toBe(false);
    expect(overridden.get('demo')?.isClosed).toBe(true);
    expect(dealToOpportunity(deal, null, stages)).toEqual({ ok: false, reason: 'the deal is associated with no company' });
    expect(dealToOpportunity(record('6', { ...deal.properties, dealstage: 'gone' }), '42', stages)).toEqual({ ok: false, reason: 'dealstage "gone" is in no deal pipeline' });
    expect(dealToOpportunity(record('6', { ...deal.properties, hubspot_owner_id: null }), '42', stages)).toMatchObject({ ok: false });
  });

  it('maps owners to users, refusing one without an email', () => {
    expect(ownerToUser({ id: '3', email: 'S@X.example', firstName: 'Sam', lastName: 'Ode' })).toEqual({ ok: true, row: { id: '3', email: 's@x.example', name: 'Sam Ode', signedUpAt: null, optedIn: false } });
    expect(ownerToUser({ id: '4', email: null })).toMatchObject({ ok: false });
  });
});

describe('HubSpot cursor', () => {
  it('keeps the ids read at the newest millisecond, and forgets them when time moves on', () => {
    let mark = { ms: 0, ids: [] as string[] };
    mark = advance(mark, 10, 'a');
    mark = advance(mark, 10, 'b');
    mark = advance(mark, 9, 'c');
    expect(mark).toEqual({ ms: 10, ids: ['a', 'b'] });
    expect(advance(mark, 11, 'd')).toEqual({ ms: 11, ids: ['d'] });
  });

  it('refuses a cursor it did not write as expired', () => {
    expect(() => decodeCursor('{"v":1}')).toThrow(CrmCursorExpiredError);
    expect(() => decodeCursor('[')).toThrow(CrmCursorExpiredError);
  });
});
