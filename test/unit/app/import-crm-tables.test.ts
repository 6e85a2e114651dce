import { describe, expect, it } from 'vitest';
import { NO_AUDIT } from '../../../src-main/audit/audit-log.js';
import { importCrmTables, type CrmTablesTarget } from '../../../src-main/app/import-crm-tables.js';
import type { CrmSnapshot } from '@correspondent/contract';

const current: CrmSnapshot = {
  accounts: [{ id: 'A-1', name: 'Acme', domains: ['acme.example'] }],
  contacts: [
    { id: 'C-1', email: 'ann@acme.example', accountId: 'A-1', name: 'Ann' },
    { id: 'C-2', email: 'bob@acme.example', accountId: 'A-1', name: 'Bob' },
  ],
  leads: [{ id: 'L-1', email: 'lea@lead.example', company: 'Lead Co', name: 'Lea' }],
  opportunities: [],
  users: [],
};

function target(): CrmTablesTarget & { replaced: CrmSnapshot[] } {
  const replaced: CrmSnapshot[] = [];
  return { replaced, current: async () => current, replace: async (s) => void replaced.push(s), audit: NO_AUDIT, actor: 'jane', source: 'web-console' };
}

const accountsOnly: CrmSnapshot = { ...current, contacts: [], leads: [] };

describe('importCrmTables', () => {
  it('a check reports which tables had no file: their rows are kept unless removals are allowed, which empties them', async () => {
    const t = target();
    const kept = await importCrmTables(t, { snapshot: accountsOnly, rejected: [], present: ['accounts'] }, { dryRun: true, allowRemovals: false, where: 'x' });
    expect(kept.removals).toEqual([]);
    expect(kept.withheld).toMatchObject({ contacts: 2, leads: 1 });
    expect(kept.missingTables).toEqual(['contacts', 'leads', 'opportunities', 'users']);
    const report = await importCrmTables(t, { snapshot: accountsOnly, rejected: [], present: ['accounts'] }, { dryRun: true, allowRemovals: true, where: 'x' });
    expect(report.removals).toEqual([{ table: 'contacts', rows: 2 }, { table: 'leads', rows: 1 }]);
    expect(report.withheld).toMatchObject({ contacts: 0, leads: 0 });
    expect(t.replaced).toHaveLength(0);
  });

  it('refuses an import that removes rows unless removals are allowed, saying what it would remove, and changes nothing', async () => {
    const t = target();
    const refused = importCrmTables(t, { snapshot: accountsOnly, rejected: [], present: ['accounts'] }, { dryRun: false, allowRemovals: false, confirmRemovals: true, where: 'x' });
    await expect(refused).rejects.toMatchObject({ code: 'confirmation-required' });
    await expect(refused).rejects.toThrow('Importing would remove 2 contacts and 1 lead (no file was given for contacts, leads, so those tables would be emptied).');
    expect(t.replaced).toHaveLength(0);

    const allowed = await importCrmTables(t, { snapshot: accountsOnly, rejected: [], present: ['accounts'] }, { dryRun: false, allowRemovals: true, confirmRemovals: true, where: 'x' });
    expect(allowed.removals).toEqual([{ table: 'contacts', rows: 2 }, { table: 'leads', rows: 1 }]);
    expect(t.replaced).toEqual([accountsOnly]);
  });

  it('imports at once when nothing is removed', async () => {
    const t = target();
    const more = { ...current, contacts: [...current.contacts, { id: 'C-3', email: 'cy@acme.example', accountId: 'A-1', name: 'Cy' }] };
    const report = await importCrmTables(t, { snapshot: more, rejected: [] }, { dryRun: false, allowRemovals: false, confirmRemovals: true, where: 'x' });
    expect(report.removals).toEqual([]);
    expect(t.replaced).toHaveLength(1);
  });
});
