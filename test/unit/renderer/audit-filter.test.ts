import { describe, expect, it } from 'vitest';
import { coreFilter, EMPTY_FILTER, matchesLocally } from '../../../src-renderer/pages/audit/audit-filter.js';

describe('the audit page filter', () => {
  it('sends days as local midnights (the last day included) and one action to the core', () => {
    const sent = coreFilter({ ...EMPTY_FILTER, from: '2026-03-01', to: '2026-03-02', action: ' settings.changed ' });
    expect(sent).toEqual({
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 2, 3).toISOString(),
      actions: ['settings.changed'],
    });
    expect(coreFilter(EMPTY_FILTER)).toEqual({});
  });

  it('narrows listed entries by actor and by a mailbox anywhere in the payload', () => {
    const entry = { actor: 'Admin', payload: { addresses: ['Alex@Contoso.example'], optedIn: true } };
    expect(matchesLocally({ ...EMPTY_FILTER, actor: 'adm' }, entry)).toBe(true);
    expect(matchesLocally({ ...EMPTY_FILTER, actor: 'worker' }, entry)).toBe(false);
    expect(matchesLocally({ ...EMPTY_FILTER, mailbox: 'alex@contoso.example' }, entry)).toBe(true);
    expect(matchesLocally({ ...EMPTY_FILTER, mailbox: 'megan@contoso.example' }, entry)).toBe(false);
    expect(matchesLocally(EMPTY_FILTER, { actor: 'x', payload: null })).toBe(true);
  });
});
