import { describe, expect, it } from 'vitest';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import type { CrmOpportunity, CrmSnapshot } from '@correspondent/contract';

function opportunity(id: string, accountId: string, ownerUserId: string, isClosed: boolean): CrmOpportunity {
  return { id, accountId, ownerUserId, stage: isClosed ? 'Closed Won' : 'Proposal', isClosed, createdAt: '2025-01-01T00:00:00Z', closeDate: null, amount: null };
}

const snapshot: CrmSnapshot = {
  accounts: [
    { id: 'A-1', name: 'Acme', domains: ['Customer.Example', 'acme.example'] },
    { id: 'A-2', name: 'Acme Twin', domains: ['customer.example'] },
    { id: 'B-1', name: 'Beta', domains: ['eu.customer.example'] },
    { id: 'F-1', name: 'Freemailers', domains: ['gmail.com', 'WEB.DE', 'hotmail.co.uk'] },
    { id: 'X-1', name: 'Broken', domains: ['', 'not a domain', 'com'] },
    { id: 'I-1', name: 'IDN', domains: ['bücher.example'] },
  ],
  contacts: [
    { id: 'C-1', email: ' Alice@Customer.Example ', accountId: 'A-1', name: 'Alice' },
    { id: 'C-2', email: 'alice@customer.example', accountId: 'A-2', name: 'Alice (dup)' },
    { id: 'C-3', email: 'dave@gmail.com', accountId: 'A-1', name: 'Dave' },
    { id: 'C-4', email: 'not-an-address', accountId: 'A-1', name: 'Broken' },
  ],
  leads: [{ id: 'L-1', email: 'Bob@Lead.Example', company: 'Bob Ltd', name: 'Bob' }],
  opportunities: [
    opportunity('O-1', 'A-1', 'U-1', false),
    opportunity('O-2', 'A-1', 'U-1', true),
    opportunity('O-3', 'B-1', 'U-1', false),
    opportunity('O-4', 'A-1', 'U-2', false),
  ],
  users: [
    { id: 'U-1', email: 'Sam@OurCo.Example', name: 'Sam', signedUpAt: null, optedIn: true },
    { id: 'U-2', email: 'kim@ourco.example', name: 'Kim', signedUpAt: null, optedIn: false },
  ],
};

const index = CrmIndex.fromSnapshot(snapshot);

describe('CrmIndex: people by address', () => {
  it('finds contacts by normalised address, duplicates included', () => {
    expect(index.contactsByAddress('alice@customer.example').map((c) => c.id)).toEqual(['C-1', 'C-2']);
    expect(index.contactsByAddress('dave@gmail.com').map((c) => c.id)).toEqual(['C-3']);
    expect(index.contactsByAddress('nobody@customer.example')).toEqual([]);
  });

  it('finds leads and users by normalised address', () => {
    expect(index.leadsByAddress('bob@lead.example').map((l) => l.id)).toEqual(['L-1']);
    expect(index.userByAddress('sam@ourco.example')?.id).toBe('U-1');
    expect(index.userByAddress('nobody@ourco.example')).toBeUndefined();
  });
});

describe('CrmIndex: accounts by domain', () => {
  it('matches the exact domain, listing every account that owns it', () => {
    expect(index.accountsByDomain('customer.example')).toEqual({ accountDomain: 'customer.example', accountIds: ['A-1', 'A-2'] });
    expect(index.accountsByDomain('acme.example')?.accountIds).toEqual(['A-1']);
    expect(index.accountsByDomain('xn--bcher-kva.example')?.accountIds).toEqual(['I-1']);
  });

  it('matches subdomains through the nearest account domain', () => {
    expect(index.accountsByDomain('mail.customer.example')).toEqual({ accountDomain: 'customer.example', accountIds: ['A-1', 'A-2'] });
    expect(index.accountsByDomain('eu.customer.example')?.accountIds).toEqual(['B-1']);
    expect(index.accountsByDomain('smtp.eu.customer.example')?.accountIds).toEqual(['B-1']);
  });

  it('never matches a lookalike or parent domain', () => {
    expect(index.accountsByDomain('notcustomer.example')).toBeNull();
    expect(index.accountsByDomain('example')).toBeNull();
  });

  it('never treats free-mail domains as account domains', () => {
    expect(index.accountsByDomain('gmail.com')).toBeNull();
    expect(index.accountsByDomain('web.de')).toBeNull();
    expect(index.accountsByDomain('hotmail.co.uk')).toBeNull();
  });

  it('accepts another free-mail list', () => {
    const custom = CrmIndex.fromSnapshot(snapshot, { isFreeMailDomain: (d) => d === 'acme.example' });
    expect(custom.accountsByDomain('gmail.com')?.accountIds).toEqual(['F-1']);
    expect(custom.accountsByDomain('acme.example')).toBeNull();
  });

  it('skips unusable CRM domains without failing', () => {
    expect(index.accountsByDomain('com')).toBeNull();
    expect(index.account('X-1')?.name).toBe('Broken');
  });
});

describe('CrmIndex: opportunities', () => {
  it('lists all opportunities of an account', () => {
    expect(index.opportunitiesByAccount('A-1').map((o) => o.id)).toEqual(['O-1', 'O-2', 'O-4']);
    expect(index.opportunitiesByAccount('none')).toEqual([]);
  });

  it('lists only open opportunities by owner', () => {
    expect(index.openOpportunitiesByOwner('U-1').map((o) => o.id)).toEqual(['O-1', 'O-3']);
    expect(index.openOpportunitiesByOwner('U-2').map((o) => o.id)).toEqual(['O-4']);
    expect(index.openOpportunitiesByOwner('U-3')).toEqual([]);
  });
});
