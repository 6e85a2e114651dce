import { describe, expect, it } from 'vitest';
import { CrmIndex, isPublicSuffix } from '../../../src-main/crm/crm-index.js';
import type { CrmSnapshot } from '@correspondent/contract';

const snapshot: CrmSnapshot = {
  accounts: [
    { id: 'BAD-1', name: 'Row with a suffix as domain', domains: ['co.uk'] },
    { id: 'BAD-2', name: 'Pages site', domains: ['github.io'] },
    { id: 'G-1', name: 'Globex', domains: ['globex.co.uk'] },
  ],
  contacts: [],
  leads: [],
  opportunities: [],
  users: [],
};

describe('CrmIndex: public suffixes as account domains', () => {
  const index = CrmIndex.fromSnapshot(snapshot);

  it('knows public suffixes from the Public Suffix List, private section included', () => {
    expect(isPublicSuffix('co.uk')).toBe(true);
    expect(isPublicSuffix('github.io')).toBe(true);
    expect(isPublicSuffix('globex.co.uk')).toBe(false);
  });

  it('never matches a subdomain of a public suffix listed as an account domain', () => {
    expect(index.accountsByDomain('initech.co.uk')).toBeNull();
    expect(index.accountsByDomain('someone.github.io')).toBeNull();
  });

  it('still matches real account domains under that suffix, and their subdomains', () => {
    expect(index.accountsByDomain('globex.co.uk')?.accountIds).toEqual(['G-1']);
    expect(index.accountsByDomain('mail.globex.co.uk')?.accountIds).toEqual(['G-1']);
  });

  it('matches the suffix itself exactly, as the CRM row says', () => {
    expect(index.accountsByDomain('co.uk')?.accountIds).toEqual(['BAD-1']);
  });
});
