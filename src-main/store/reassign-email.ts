/**
 * An administrator moves an email to another opportunity or owner. The row is locked while it
 * changes so a sync adding a sighting (assignment.ts) cannot interleave; an email given an owner
 * here is marked assigned_by 'admin', which the mailbox rule never recomputes. The change, its
 * search update and its audit record commit together.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { adminActionEntry } from './admin-actions.js';
import { withAuditedTransaction } from './audit-append.js';
import type { Actor, EmailReassignment } from './mail-store.js';
import { enqueueForSearch } from './search-outbox.js';

export async function reassignEmail(
  pool: Pool,
  id: number,
  change: EmailReassignment,
  by: Actor,
  options: { now: Date; searchOutbox: boolean },
): Promise<boolean> {
  return withAuditedTransaction(pool, true, async (connection) => {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT opportunity_id, assigned_to FROM emails WHERE id = ? FOR UPDATE', [id]);
    const row = rows[0];
    if (!row) return { value: false, audit: [] };
    const opportunityBefore = row['opportunity_id'] === null ? null : String(row['opportunity_id']);
    const assignedToBefore = row['assigned_to'] === null ? null : String(row['assigned_to']);
    const opportunityAfter = change.opportunityId === undefined ? opportunityBefore : change.opportunityId;
    const assignedToAfter = change.assignedTo === undefined ? assignedToBefore : change.assignedTo;
    if (change.assignedTo === undefined) {
      await connection.query('UPDATE emails SET opportunity_id = ? WHERE id = ?', [opportunityAfter, id]);
    } else {
      await connection.query("UPDATE emails SET opportunity_id = ?, assigned_to = ?, assigned_by = 'admin' WHERE id = ?", [opportunityAfter, assignedToAfter, id]);
    }
    if (options.searchOutbox) await enqueueForSearch(connection, [id]);
    const entry = adminActionEntry({
      action: 'emails.reassign',
      actor: by.actor,
      source: by.source,
      payload: { emailId: id, opportunityBefore, opportunityAfter, assignedToBefore, assignedToAfter },
    });
    return { value: true, audit: [entry] };
  }, () => options.now);
}
