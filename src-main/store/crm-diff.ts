/** What replacing the CRM tables would change, per table: the `crm import --dry-run` report. */
import type { CrmSnapshot } from '@correspondent/contract';

export type TableChanges = { added: number; removed: number; changed: number; unchanged: number };
export type CrmChanges = Record<keyof CrmSnapshot, TableChanges>;

export function diffCrm(current: CrmSnapshot, next: CrmSnapshot): CrmChanges {
  return {
    accounts: diffRows(current.accounts, next.accounts),
    contacts: diffRows(current.contacts, next.contacts),
    leads: diffRows(current.leads, next.leads),
    opportunities: diffRows(current.opportunities, next.opportunities),
    users: diffRows(current.users, next.users),
  };
}

function diffRows<T extends { id: string }>(current: readonly T[], next: readonly T[]): TableChanges {
  const before = new Map(current.map((row) => [row.id, canonical(row)]));
  const changes: TableChanges = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const seen = new Set<string>();
  for (const row of next) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const old = before.get(row.id);
    if (old === undefined) changes.added += 1;
    else if (old === canonical(row)) changes.unchanged += 1;
    else changes.changed += 1;
  }
  for (const id of before.keys()) if (!seen.has(id)) changes.removed += 1;
  return changes;
}

/** Field order and instant spelling must not count as changes (the database returns its own ISO form). */
function canonical(row: object): string {
  const normalised = Object.entries(row)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => [key, key.endsWith('At') && typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value]);
  return JSON.stringify(normalised);
}
