import { describe, expect, it } from 'vitest';
import { dynamicsFieldMappingSchema } from '../../../../src-main/crm/connectors/dynamics/dynamics-config.js';
import { accountRow, contactRow, leadRow, opportunityRow, systemUserRow } from '../../../../src-main/crm/connectors/dynamics/dynamics-mapping.js';
import { retryAfterMs } from '../../../../src-main/crm/connectors/hubspot/crm-http.js';

const mapping = dynamicsFieldMappingSchema.parse({});
const LOOKUP = '@Microsoft.Dynamics.CRM.lookuplogicalname';

describe('Dataverse row mapping', () => {
  it('takes an account’s domains from websiteurl and the domain of emailaddress1', () => {
    expect(accountRow({ name: 'Fabrikam', websiteurl: 'https://www.Fabrikam.com/about', emailaddress1: 'info@fabrikam.de' }, 'g1', mapping)).toEqual({
      ok: true,
      row: { id: 'g1', name: 'Fabrikam', domains: ['fabrikam.com', 'fabrikam.de'] },
    });
    expect(accountRow({ name: 'Same', websiteurl: 'same.com', emailaddress1: 'x@same.com' }, 'g2', mapping)).toMatchObject({ row: { domains: ['same.com'] } });
    expect(accountRow({ name: 'Bad', websiteurl: 'http://', emailaddress1: 'nobody' }, 'g3', mapping)).toMatchObject({ ok: false });
  });

  it('links a contact to its parent customer only when that is an account', () => {
    expect(contactRow({ fullname: 'Ann Lee', emailaddress1: 'ann@x.example', _parentcustomerid_value: 'acc', [`_parentcustomerid_value${LOOKUP}`]: 'account' }, 'c1')).toEqual({
      ok: true,
      row: { id: 'c1', email: 'ann@x.example', accountId: 'acc', name: 'Ann Lee' },
    });
    expect(contactRow({ fullname: 'Kid', emailaddress1: 'kid@x.example', _parentcustomerid_value: 'c0', [`_parentcustomerid_value${LOOKUP}`]: 'contact' }, 'c2')).toMatchObject({ row: { accountId: null } });
    expect(contactRow({ fullname: 'Nomail', emailaddress1: null }, 'c3')).toEqual({ ok: false, reason: 'no email address' });
  });

  it('keeps open leads and lets qualified or disqualified ones leave', () => {
    expect(leadRow({ fullname: 'L', emailaddress1: 'l@p.example', companyname: 'P', statecode: 0 }, 'l1', mapping)).toEqual({ ok: true, row: { id: 'l1', email: 'l@p.example', company: 'P', name: 'L' } });
    expect(leadRow({ emailaddress1: 'l@p.example', statecode: 1 }, 'l2', mapping)).toEqual({ ok: true, row: null });
    expect(leadRow({ emailaddress1: 'l@p.example', statecode: 2 }, 'l3', mapping)).toEqual({ ok: true, row: null });
  });

  it('reads an opportunity’s state, owner, dates and value, refusing team ownership and bad values', () => {
    const open = { _parentaccountid_value: 'a', _ownerid_value: 'u', [`_ownerid_value${LOOKUP}`]: 'systemuser', statecode: 0, stepname: '2-Develop', createdon: '2026-03-01T10:00:00Z', estimatedclosedate: '2026-06-30', actualclosedate: null, estimatedvalue: 2500 };
    expect(opportunityRow(open, 'o1', mapping)).toEqual({ ok: true, row: { id: 'o1', accountId: 'a', ownerUserId: 'u', stage: '2-Develop', isClosed: false, createdAt: '2026-03-01T10:00:00.000Z', closeDate: '2026-06-30', amount: 2500 } });
    const won = { ...open, statecode: 1, stepname: null, actualclosedate: '2026-05-02' };
    expect(opportunityRow(won, 'o2', mapping)).toMatchObject({ ok: true, row: { isClosed: true, stage: 'Won', closeDate: '2026-05-02' } });
    expect(opportunityRow({ ...open, [`_ownerid_value${LOOKUP}`]: 'team' }, 'o3', mapping)).toEqual({ ok: false, reason: 'the opportunity is owned by a team, not a user' });
    expect(opportunityRow({ ...open, _parentaccountid_value: null }, 'o4', mapping)).toMatchObject({ ok: false });
    expect(opportunityRow({ ...open, estimatedvalue: 'x' }, 'o5', mapping)).toEqual({ ok: false, reason: 'estimatedvalue is not a number' });
    const customOpen = dynamicsFieldMappingSchema.parse({ openOpportunityStateCodes: [0, 1] });
    expect(opportunityRow(won, 'o6', customOpen)).toMatchObject({ row: { isClosed: false } });
  });

  it('skips application users and maps people', () => {
    expect(systemUserRow({ fullname: '# App', internalemailaddress: null, applicationid: 'x', accessmode: 4 }, 's0')).toEqual({ ok: true, row: null });
    expect(systemUserRow({ fullname: 'Sam', internalemailaddress: 'sam@contoso.example', applicationid: null, accessmode: 0 }, 's1')).toEqual({
      ok: true,
      row: { id: 's1', email: 'sam@contoso.example', name: 'Sam', signedUpAt: null, optedIn: false },
    });
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after': '7' }, 0)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': new Date(30_000).toUTCString() }, 10_000)).toBe(20_000);
    expect(retryAfterMs({}, 0)).toBeNull();
  });
});
