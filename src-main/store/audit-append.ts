/**
 * The one place the store writes the audit log, for now a plain row. The audit module will replace
 * this function with its hash-chained append (seq, prev_hash, hash); every caller goes through here
 * so that swap touches one file.
 */
import type { Pool, PoolConnection } from 'mysql2/promise';

export type AuditRecord = {
  /** Who asked: a user, `cli`, `retention`. */
  actor: string;
  /** Which shell or service wrote it: `cli`, `console`, `sync`, `store`. */
  source: string;
  action: string;
  /** Never message content; for erasures, never the erased address itself (purge.ts). */
  payload: Record<string, unknown>;
};

export async function appendAuditRecord(db: Pool | PoolConnection, record: AuditRecord, at: Date): Promise<void> {
  await db.query('INSERT INTO audit_log (at, actor, source, action, payload_json) VALUES (?, ?, ?, ?, ?)', [
    at,
    record.actor,
    record.source,
    record.action,
    JSON.stringify(record.payload),
  ]);
}
