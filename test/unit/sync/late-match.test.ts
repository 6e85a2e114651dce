/** Late match keys: what a CRM gained (normalised), and the participant filter over raw Graph messages. */
import { describe, expect, it } from 'vitest';
import { addedMatchKeys, isEmptyKeys, participantFilter } from '../../../src-main/sync/late-match.js';

const crm = (domains: string[], contacts: string[], leads: string[] = []) => ({
  accounts: [{ id: 'A', name: 'A', domains }],
  contacts: contacts.map((email, i) => ({ id: `C${i}`, email, accountId: 'A', name: '' })),
  leads: leads.map((email, i) => ({ id: `L${i}`, email, company: '', name: '' })),
});

describe('addedMatchKeys', () => {
  it('lists only the domains and addresses the CRM gained, normalised', () => {
    const keys = addedMatchKeys(crm(['old.example'], ['a@old.example']), crm(['old.example', 'New.Example'], ['a@old.example', ' B@Free.example '], ['lead@x.example']));
    expect(keys).toEqual({ domains: ['new.example'], addresses: ['b@free.example', 'lead@x.example'] });
    expect(isEmptyKeys(addedMatchKeys(crm(['a.example'], []), crm([], [])))).toBe(true);
  });
});

describe('participantFilter', () => {
  const keep = participantFilter({ domains: ['newco.example'], addresses: ['lead@free.example'] });
  const from = (address: string) => ({ from: { emailAddress: { address } } });
  it('keeps mail with a From, To or Cc participant matching a new key (subdomains included)', () => {
    expect(keep(from('ceo@newco.example'))).toBe(true);
    expect(keep(from('x@eu.newco.example'))).toBe(true);
    expect(keep({ ...from('me@contoso.example'), ccRecipients: [{ emailAddress: { address: 'Lead@Free.example' } }] })).toBe(true);
  });
  it('drops mail with no matching participant', () => {
    expect(keep(from('someone@free.example'))).toBe(false);
    expect(keep(from('x@notnewco.example'))).toBe(false);
    expect(keep({ toRecipients: 'garbage' })).toBe(false);
  });
});
