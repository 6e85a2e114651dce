/**
 * Validation of a CRM snapshot before it replaces the CRM tables: the tables' limits and keys,
 * checked row by row so that one bad row is reported and left out instead of failing the whole
 * import (a duplicate id would otherwise abort the transaction on the primary key). The CSV reader
 * reports its own rejects with file and line; rows rejected here carry the file and the row id.
 */
import { z } from 'zod';
import type { CrmSnapshot } from '@correspondent/contract';

export type CrmRejection = { file: string; line: number | null; reason: string };

// Trimmed: the key columns pad with spaces, so 'A1' and 'A1 ' would collide as duplicates.
const id = z.string().trim().min(1).max(255);
const email = z.string().min(3).max(320);
const text = z.string().max(512);
const isoDateTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'is not a date-time');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a YYYY-MM-DD date');

const schemas = {
  accounts: z.object({
    id,
    name: text,
    // Keyed case-insensitively in the table: Example.com and example.com are one domain.
    domains: z.array(z.string().trim().toLowerCase().min(1).max(255)).transform((domains) => [...new Set(domains)]),
  }),
  contacts: z.object({ id, email, accountId: id.nullable(), name: text }),
  leads: z.object({ id, email, company: text, name: text }),
  opportunities: z.object({
    id,
    accountId: id,
    ownerUserId: id,
    stage: z.string().max(255),
    isClosed: z.boolean(),
    createdAt: isoDateTime,
    closeDate: isoDate.nullable(),
    amount: z.number().finite().nullable(),
  }),
  users: z.object({ id, email, name: text, signedUpAt: isoDateTime.nullable(), optedIn: z.boolean() }),
} as const;

type Table = keyof typeof schemas;
const TABLES: readonly Table[] = ['accounts', 'contacts', 'leads', 'opportunities', 'users'];

export function validateCrmSnapshot(snapshot: CrmSnapshot): { snapshot: CrmSnapshot; rejected: CrmRejection[] } {
  const rejected: CrmRejection[] = [];
  const out: Record<Table, unknown[]> = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };
  for (const table of TABLES) {
    const seen = new Set<string>();
    for (const row of snapshot[table] as unknown[]) {
      const parsed = schemas[table].safeParse(row);
      const rowId = typeof (row as { id?: unknown }).id === 'string' ? (row as { id: string }).id : '?';
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        rejected.push({ file: `${table}.csv`, line: null, reason: `${table} ${rowId}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim() });
        continue;
      }
      if (seen.has(parsed.data.id)) {
        rejected.push({ file: `${table}.csv`, line: null, reason: `${table} ${parsed.data.id}: duplicate id (the first row with this id was kept)` });
        continue;
      }
      seen.add(parsed.data.id);
      out[table].push(parsed.data);
    }
  }
  return { snapshot: out as unknown as CrmSnapshot, rejected };
}
