import { describe, expect, it } from 'vitest';
import { coreFilter, EMPTY_FILTER } from '../../../src-renderer/pages/audit/audit-filter.js';

describe('the audit page filter', () => {
  it('sends days as local midnights (the last day included), one action, the actor and the mailbox to the core', () => {
    const sent = coreFilter({ from: '2026-03-01', to: '2026-03-02', action: ' settings.changed ', actor: ' adm ', mailbox: ' Alex@Contoso.example ' });
    expect(sent).toEqual({
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 2, 3).toISOString(),
      actions: ['settings.changed'],
      actor: 'adm',
      mailbox: 'Alex@Contoso.example',
    });
    expect(coreFilter(EMPTY_FILTER)).toEqual({});
    expect(coreFilter({ ...EMPTY_FILTER, actor: '   ', mailbox: ' ' })).toEqual({});
  });
});
