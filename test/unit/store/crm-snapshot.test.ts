import { describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { diffCrm } from '../../../src-main/store/crm-diff.js';
import { validateCrmSnapshot } from '../../../src-main/store/crm-snapshot.js';

const empty: CrmSnapshot = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };
const opportunity = { id: 'O1', accountId: 'A1', ownerUserId: 'U1', stage: 'Open', isClosed: false, createdAt: '2024-01-01T00:00:00Z', closeDate: null, amount: 1 };

describe('validateCrmSnapshot', () => {
  it('keeps valid rows, rejects duplicates and malformed rows with a reason', () => {
    const { snapshot, rejected } = validateCrmSnapshot({
      ...empty,
      accounts: [
        { id: ' A1 ', name: 'Acme', domains: ['Acme.example', 'acme.example'] },
        { id: 'A1', name: 'Again', domains: [] },
      ],
      opportunities: [opportunity, { ...opportunity, id: 'O2', createdAt: 'yesterday' }, { ...opportunity, id: 'O3', closeDate: '31/12/2024' }],
    });
    expect(snapshot.accounts).toEqual([{ id: 'A1', name: 'Acme', domains: ['acme.example'] }]);
    expect(snapshot.opportunities.map((o) => o.id)).toEqual(['O1']);
    expect(rejected.map((r) => r.file)).toEqual(['accounts.csv', 'opportunities.csv', 'opportunities.csv']);
    expect(rejected[0]?.reason).toMatch(/A1: duplicate id/);
    expect(rejected[1]?.reason).toMatch(/O2: createdAt is not a date-time/);
  });
});

describe('diffCrm', () => {
  it('counts added, removed, changed and unchanged rows per table', () => {
    const before: CrmSnapshot = { ...empty, opportunities: [opportunity, { ...opportunity, id: 'O2' }, { ...opportunity, id: 'O3' }] };
    const after: CrmSnapshot = {
      ...empty,
      opportunities: [{ ...opportunity, createdAt: '2024-01-01T00:00:00.000Z' }, { ...opportunity, id: 'O2', stage: 'Won', isClosed: true }, { ...opportunity, id: 'O4' }],
    };
    expect(diffCrm(before, after).opportunities).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(diffCrm(before, after).accounts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 0 });
  });
});
