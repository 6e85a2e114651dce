/**
 * ExclusionStore on MariaDB. A change locks the revision row first (so two consoles' changes to
 * the lists serialise), applies its adds and removals, bumps the revision and appends one audit
 * entry naming what was added and removed - all in one transaction (audit-append.ts).
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { EXCLUSION_KINDS, type ExclusionEntry, type StoredExclusion } from '../../src-shared/capture-policy.js';
import { withAuditedTransaction, type AuditAppend } from './audit-append.js';
import type { Actor, ExclusionChange, ExclusionChangeResult, ExclusionChangeVia, ExclusionStore } from './exclusion-store.js';
import { chunk } from './transaction.js';

const rowSchema = z.object({
  id: z.coerce.number().int(),
  kind: z.enum(EXCLUSION_KINDS),
  value: z.string(),
  mailbox: z.string(),
  added_at: z.date(),
  added_by: z.string(),
});

const keyOf = (e: ExclusionEntry): string => `${e.kind}\u0000${e.mailbox ?? ''}\u0000${e.value}`;
const entryOf = (row: StoredExclusion): ExclusionEntry => ({ kind: row.kind, value: row.value, mailbox: row.mailbox });

async function readAll(connection: Pool | PoolConnection, lock = false): Promise<StoredExclusion[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `SELECT id, kind, value, mailbox, added_at, added_by FROM capture_exclusions ORDER BY kind, mailbox, value${lock ? ' FOR UPDATE' : ''}`,
  );
  return rows.map((raw) => {
    const row = rowSchema.parse(raw);
    return { id: row.id, kind: row.kind, value: row.value, mailbox: row.mailbox === '' ? null : row.mailbox, addedAt: row.added_at.toISOString(), addedBy: row.added_by };
  });
}

async function bumpRevision(connection: PoolConnection, at: Date, seeded?: boolean): Promise<number> {
  await connection.query(`UPDATE capture_exclusions_state SET revision = revision + 1, changed_at = ?${seeded ? ', seeded = TRUE' : ''} WHERE id = 1`, [at]);
  const [rows] = await connection.query<RowDataPacket[]>('SELECT revision FROM capture_exclusions_state WHERE id = 1');
  return Number(rows[0]?.['revision'] ?? 0);
}

export class MariaDbExclusionStore implements ExclusionStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date,
  ) {}

  list(): Promise<StoredExclusion[]> {
    return readAll(this.pool);
  }

  async revision(): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT revision FROM capture_exclusions_state WHERE id = 1');
    return Number(rows[0]?.['revision'] ?? 0);
  }

  change(change: ExclusionChange, by: Actor & { via: ExclusionChangeVia }): Promise<ExclusionChangeResult> {
    const at = this.clock();
    return withAuditedTransaction(
      this.pool,
      true,
      async (connection) => {
        await connection.query('SELECT revision FROM capture_exclusions_state WHERE id = 1 FOR UPDATE');
        const current = await readAll(connection, true);
        const byKey = new Map(current.map((row) => [keyOf(entryOf(row)), row]));
        const wanted = new Map(change.add.map((entry) => [keyOf(entry), entry]));
        const removeIds = new Set(change.removeIds);
        const removed = current.filter((row) => removeIds.has(row.id) || (change.replace === true && !wanted.has(keyOf(entryOf(row)))));
        const added = [...wanted.values()].filter((entry) => !byKey.has(keyOf(entry)) || removed.some((row) => keyOf(entryOf(row)) === keyOf(entry)));
        const unchanged = wanted.size - added.length;
        if (added.length === 0 && removed.length === 0) return { value: { added: 0, removed: 0, unchanged, revision: await this.revision() }, audit: [] };
        for (const part of chunk(removed.map((row) => row.id), 1000)) await connection.query('DELETE FROM capture_exclusions WHERE id IN (?)', [part]);
        for (const part of chunk(added, 1000)) {
          await connection.query('INSERT INTO capture_exclusions (kind, value, mailbox, added_at, added_by) VALUES ?', [
            part.map((e) => [e.kind, e.value, e.mailbox ?? '', at, by.actor.slice(0, 320)]),
          ]);
        }
        const revision = await bumpRevision(connection, at);
        const audit: AuditAppend = {
          actor: by.actor,
          source: by.source,
          action: 'exclusions.changed',
          payload: { via: by.via, added, removed: removed.map(entryOf) },
        };
        return { value: { added: added.length, removed: removed.length, unchanged, revision }, audit: [audit] };
      },
      () => at,
    );
  }

  seedOnce(entries: readonly ExclusionEntry[], by: Actor): Promise<boolean> {
    const at = this.clock();
    return withAuditedTransaction(
      this.pool,
      true,
      async (connection) => {
        const [rows] = await connection.query<RowDataPacket[]>('SELECT seeded FROM capture_exclusions_state WHERE id = 1 FOR UPDATE');
        if (Number(rows[0]?.['seeded'] ?? 1) !== 0) return { value: false, audit: [] };
        const existing = new Set((await readAll(connection, true)).map((row) => keyOf(entryOf(row))));
        const added = entries.filter((entry) => !existing.has(keyOf(entry)));
        if (added.length > 0) {
          await connection.query('INSERT INTO capture_exclusions (kind, value, mailbox, added_at, added_by) VALUES ?', [
            added.map((e) => [e.kind, e.value, e.mailbox ?? '', at, by.actor.slice(0, 320)]),
          ]);
        }
        await bumpRevision(connection, at, true);
        const audit: AuditAppend = { actor: by.actor, source: by.source, action: 'exclusions.changed', payload: { via: 'defaults', added, removed: [] } };
        return { value: true, audit: added.length > 0 ? [audit] : [] };
      },
      () => at,
    );
  }
}
