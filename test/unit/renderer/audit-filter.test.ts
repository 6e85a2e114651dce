import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_NAMES } from '../../../src-shared/audit-actions.js';
import { AUDIT_ACTIONS } from '../../../src-main/audit/audit-entry.js';
import { coreFilter, EMPTY_FILTER, filterOfParams, filterProblems, paramsOfFilter } from '../../../src-renderer/pages/audit/audit-filter.js';

describe('the audit page filter', () => {
  it('sends days as local midnights (the last day included), the chosen actions, the actor and the mailbox to the core', () => {
    const sent = coreFilter({ from: '2026-03-01', to: '2026-03-02', actions: ['settings.changed', 'crm.imported'], actor: ' adm ', mailbox: ' Alex@Contoso.example ' });
    expect(sent).toEqual({
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 2, 3).toISOString(),
      actions: ['settings.changed', 'crm.imported'],
      actor: 'adm',
      mailbox: 'Alex@Contoso.example',
    });
    expect(coreFilter(EMPTY_FILTER)).toEqual({});
    expect(coreFilter({ ...EMPTY_FILTER, actor: '   ', mailbox: ' ' })).toEqual({});
  });

  it('round-trips through the URL, leaving out unknown actions and malformed days', () => {
    const filter = { from: '2026-03-01', to: '2026-03-05', actions: ['sync.cycle', 'mailbox.optedOut'], actor: 'ada', mailbox: 'ann@ours.example' };
    expect(filterOfParams(paramsOfFilter(filter))).toEqual(filter);
    expect(filterOfParams(new URLSearchParams('actions=sync.cycle,DROP TABLE,&from=yesterday'))).toEqual({ ...EMPTY_FILTER, actions: ['sync.cycle'] });
  });

  it('refuses a From day after the To day with a sentence, and accepts one day', () => {
    expect(filterProblems({ ...EMPTY_FILTER, from: '2026-03-05', to: '2026-03-01' }).to).toMatch(/before the From day/);
    expect(filterProblems({ ...EMPTY_FILTER, from: '2026-03-05', to: '2026-03-05' })).toEqual({});
  });

  it('offers every action the core records (and the store\'s own emails.reassign), each with words', () => {
    expect([...AUDIT_ACTION_NAMES].sort()).toEqual([...AUDIT_ACTIONS, 'emails.reassign'].sort());
  });
});
