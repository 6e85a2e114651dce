import { describe, expect, it } from 'vitest';
import { lookbackStart } from '../../../src-main/sync/lookback.js';
import type { CrmOpportunity } from '@correspondent/contract';

const now = new Date('2026-06-30T12:00:00Z');
const users = [{ id: 'U1', email: 'Ann@Contoso.example', name: 'Ann', signedUpAt: null, optedIn: true }];
const opp = (id: string, createdAt: string, isClosed = false, ownerUserId = 'U1'): CrmOpportunity => ({
  id, accountId: 'A', ownerUserId, stage: 'open', isClosed, createdAt, closeDate: null, amount: null,
});

describe('lookbackStart', () => {
  it('starts at the oldest open opportunity the mailbox user owns', () => {
    const start = lookbackStart({
      mailbox: 'ann@contoso.example',
      crm: { users, opportunities: [opp('O1', '2026-03-01T00:00:00Z'), opp('O2', '2026-01-15T00:00:00Z'), opp('O3', '2025-01-01T00:00:00Z', true), opp('O4', '2024-01-01T00:00:00Z', false, 'U2')] },
      now,
      lookbackMaxDays: null,
    });
    expect(start.toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });

  it('falls back to one week for a user without open opportunities', () => {
    const start = lookbackStart({ mailbox: 'bob@contoso.example', crm: { users, opportunities: [opp('O1', '2026-03-01T00:00:00Z')] }, now, lookbackMaxDays: null });
    expect(start.toISOString()).toBe('2026-06-23T12:00:00.000Z');
  });

  it('is capped by the lookback maximum', () => {
    const start = lookbackStart({ mailbox: 'ann@contoso.example', crm: { users, opportunities: [opp('O1', '2025-01-01T00:00:00Z')] }, now, lookbackMaxDays: 30 });
    expect(start.toISOString()).toBe('2026-05-31T12:00:00.000Z');
  });
});
