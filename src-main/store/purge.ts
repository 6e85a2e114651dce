/**
 * Erasure (GDPR) and retention. Deletes emails in chunks, each chunk one transaction that also
 * queues the Elasticsearch deletes (search outbox), so MariaDB and the index cannot drift apart;
 * a purge interrupted half way leaves whole chunks deleted and finishes when run again. The audit
 * row records what was erased without keeping the erased address: its SHA-256.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { appendAuditRecord } from './audit-append.js';
import { reassignByMailbox } from './assignment.js';
import type { PurgeResult, PurgeTarget } from './mail-store.js';
import { enqueueForSearch } from './search-outbox.js';
import { withTransaction } from './transaction.js';

const EMAILS_PER_TRANSACTION = 1000;

export type PurgeContext = { pool: Pool; now: Date; searchOutbox: boolean; actor: string; source: string };

export async function purgeTarget(ctx: PurgeContext, target: PurgeTarget): Promise<PurgeResult> {
  const select = selector(target);
  let emails = 0;
  for (;;) {
    const deleted = await withTransaction(ctx.pool, async (connection) => {
      const [rows] = await connection.query<RowDataPacket[]>(`${select.sql} ORDER BY e.id LIMIT ? FOR UPDATE`, [...select.params, EMAILS_PER_TRANSACTION]);
      return deleteEmails(connection, rows.map((row) => Number(row['id'])), ctx.searchOutbox);
    });
    emails += deleted;
    if (deleted < EMAILS_PER_TRANSACTION) break;
  }
  let sightings = 0;
  if (target.kind === 'mailbox') sightings = await removeSightings(ctx, target.address);
  await appendAuditRecord(
    ctx.pool,
    { actor: ctx.actor, source: ctx.source, action: 'emails.purge', payload: { target: describe(target), emails, sightingsRemoved: sightings } },
    ctx.now,
  );
  return { emails, sightingsRemoved: sightings };
}

export async function purgeOlderThan(ctx: PurgeContext, days: number): Promise<PurgeResult> {
  const cutoff = new Date(ctx.now.getTime() - days * 86_400_000);
  let emails = 0;
  for (;;) {
    const deleted = await withTransaction(ctx.pool, async (connection) => {
      const [rows] = await connection.query<RowDataPacket[]>('SELECT id FROM emails WHERE sent_at < ? ORDER BY id LIMIT ? FOR UPDATE', [
        cutoff,
        EMAILS_PER_TRANSACTION,
      ]);
      return deleteEmails(connection, rows.map((row) => Number(row['id'])), ctx.searchOutbox);
    });
    emails += deleted;
    if (deleted < EMAILS_PER_TRANSACTION) break;
  }
  if (emails > 0) {
    await appendAuditRecord(
      ctx.pool,
      { actor: ctx.actor, source: ctx.source, action: 'emails.retention', payload: { days, sentBefore: cutoff.toISOString(), emails } },
      ctx.now,
    );
  }
  return { emails, sightingsRemoved: 0 };
}

/** Participant and sighting rows go with the email (ON DELETE CASCADE). */
async function deleteEmails(connection: PoolConnection, ids: number[], searchOutbox: boolean): Promise<number> {
  if (ids.length === 0) return 0;
  await connection.query('DELETE FROM emails WHERE id IN (?)', [ids]);
  if (searchOutbox) await enqueueForSearch(connection, ids);
  return ids.length;
}

/** The mailbox's sightings of emails that other mailboxes also saw: those emails stay, reassigned. */
async function removeSightings(ctx: PurgeContext, mailbox: string): Promise<number> {
  let removed = 0;
  for (;;) {
    const count = await withTransaction(ctx.pool, async (connection) => {
      const [rows] = await connection.query<RowDataPacket[]>(
        'SELECT DISTINCT email_id FROM email_sightings WHERE mailbox = ? ORDER BY email_id LIMIT ?',
        [mailbox, EMAILS_PER_TRANSACTION],
      );
      const ids = rows.map((row) => Number(row['email_id']));
      if (ids.length === 0) return 0;
      await connection.query('SELECT id FROM emails WHERE id IN (?) ORDER BY id FOR UPDATE', [ids]);
      const [result] = await connection.query('DELETE FROM email_sightings WHERE mailbox = ? AND email_id IN (?)', [mailbox, ids]);
      await reassignByMailbox(connection, ids);
      if (ctx.searchOutbox) await enqueueForSearch(connection, ids);
      removed += Number((result as { affectedRows?: number }).affectedRows ?? 0);
      return ids.length;
    });
    if (count < EMAILS_PER_TRANSACTION) break;
  }
  return removed;
}

type Selector = { sql: string; params: unknown[] };

function selector(target: PurgeTarget): Selector {
  switch (target.kind) {
    case 'contact':
      return {
        sql: 'SELECT e.id FROM emails e WHERE EXISTS (SELECT 1 FROM email_participants p WHERE p.email_id = e.id AND p.address = ?)',
        params: [target.address],
      };
    case 'domain':
      // The domain and its subdomains, as everywhere else in the product (blocked and account domains).
      return {
        sql: "SELECT e.id FROM emails e WHERE EXISTS (SELECT 1 FROM email_participants p WHERE p.email_id = e.id AND (p.domain = ? OR p.domain LIKE CONCAT('%.', ?)))",
        params: [target.domain, target.domain],
      };
    case 'mailbox':
      return {
        sql: `SELECT e.id FROM emails e WHERE EXISTS (SELECT 1 FROM email_sightings s WHERE s.email_id = e.id AND s.mailbox = ?)
              AND NOT EXISTS (SELECT 1 FROM email_sightings o WHERE o.email_id = e.id AND o.mailbox <> ?)`,
        params: [target.address, target.address],
      };
  }
}

function describe(target: PurgeTarget): Record<string, string> {
  if (target.kind === 'domain') return { kind: 'domain', domain: target.domain };
  return { kind: target.kind, addressSha256: createHash('sha256').update(target.address).digest('hex') };
}
