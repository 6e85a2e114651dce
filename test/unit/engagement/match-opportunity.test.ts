import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchOpportunity, type OpportunityCandidate } from '../../../src-main/engagement/match-opportunity.js';

const opp = (id: string, overrides: Partial<OpportunityCandidate> = {}): OpportunityCandidate => ({
  id,
  ownerUserId: `owner-of-${id}`,
  isClosed: false,
  createdAt: '2024-01-01T00:00:00.000Z',
  closeDate: null,
  ...overrides,
});
const SENT = '2024-03-10T15:00:00.000Z';

describe('matchOpportunity', () => {
  it('ignores closed opportunities and returns null when none is open', () => {
    expect(matchOpportunity([opp('a', { isClosed: true })], new Set(), SENT)).toBeNull();
    expect(matchOpportunity([opp('a', { isClosed: true, ownerUserId: 'u1' }), opp('b')], new Set(['u1']), SENT)?.id).toBe('b');
  });

  it('prefers an opportunity whose owner takes part, even with a farther close date', () => {
    const near = opp('near', { closeDate: '2024-03-11' });
    const owned = opp('owned', { closeDate: '2025-12-31', ownerUserId: 'u1' });
    expect(matchOpportunity([near, owned], new Set(['u1']), SENT)?.id).toBe('owned');
    expect(matchOpportunity([near, owned], new Set(['someone-else']), SENT)?.id).toBe('near');
  });

  it('breaks ties by the close date nearest the sent date (before or after), undated last', () => {
    const candidates = [opp('undated'), opp('after', { closeDate: '2024-03-14' }), opp('before', { closeDate: '2024-03-08' })];
    expect(matchOpportunity(candidates, new Set(), SENT)?.id).toBe('before');
    expect(matchOpportunity([opp('undated'), opp('far', { closeDate: '2030-01-01' })], new Set(), SENT)?.id).toBe('far');
  });

  it('then by the newest, then by the smallest id', () => {
    const older = opp('x-older', { closeDate: '2024-03-12', createdAt: '2023-01-01T00:00:00Z' });
    const newer = opp('y-newer', { closeDate: '2024-03-12', createdAt: '2024-02-01T00:00:00Z' });
    expect(matchOpportunity([older, newer], new Set(), SENT)?.id).toBe('y-newer');
    expect(matchOpportunity([opp('b'), opp('a')], new Set(), SENT)?.id).toBe('a');
  });

  it('does not depend on the order the CRM lists the opportunities in', () => {
    const candidate = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      ownerUserId: fc.constantFrom('u1', 'u2', 'u3'),
      isClosed: fc.boolean(),
      createdAt: fc.constantFrom('2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
      closeDate: fc.constantFrom(null, '2024-03-01', '2024-03-19', '2024-04-30'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 5 }), fc.subarray(['u1', 'u2', 'u3']), (list, users) => {
        const reversed = [...list].reverse();
        expect(matchOpportunity(reversed, new Set(users), SENT)?.id).toBe(matchOpportunity(list, new Set(users), SENT)?.id);
      }),
    );
  });
});
