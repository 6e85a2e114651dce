/**
 * When a refresh changes an opportunity's owner, the emails linked to it follow the assignment
 * rule again (docs/engagement.md): the new owner gets those they take part in
 * (assigned_by = 'opportunity-owner'); one the old owner had but the new one is not on goes back
 * to the mailbox rule. An administrator's own assignment (assigned_by = 'admin') is never touched.
 * Runs inside the refresh's transaction, rows locked, and returns an audit entry per moved email.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { reassignByMailbox } from './assignment.js';
import type { AuditAppend } from './audit-append.js';
import { chunk } from './transaction.js';

export type OwnerChange = { opportunityId: string; ownerUserId: string };

export async function reassignForNewOwners(connection: PoolConnection, changes: readonly OwnerChange[], who: { actor: string; source: string }): Promise<{ moved: number[]; audit: AuditAppend[] }> {
  if (changes.length === 0) return { moved: [], audit: [] };
  const ownerOf = new Map(changes.map((c) => [c.opportunityId, c.ownerUserId]));
  const [users] = await connection.query<RowDataPacket[]>('SELECT id, email FROM crm_users WHERE id IN (?)', [[...new Set(ownerOf.values())]]);
  const emailOfUser = new Map(users.map((u) => [String(u['id']), String(u['email']).trim().toLowerCase()]));
  const audit: AuditAppend[] = [];
  const moved: number[] = [];
  const toMailboxRule: number[] = [];
  const before = new Map<number, string | null>();
  for (const part of chunk([...ownerOf.keys()], 500)) {
    const [emails] = await connection.query<RowDataPacket[]>(
      "SELECT id, opportunity_id, assigned_to, assigned_by FROM emails WHERE opportunity_id IN (?) AND assigned_by IN ('opportunity-owner', 'mailbox') ORDER BY id FOR UPDATE",
      [part],
    );
    if (emails.length === 0) continue;
    const [participants] = await connection.query<RowDataPacket[]>('SELECT email_id, address FROM email_participants WHERE email_id IN (?)', [emails.map((e) => e['id'])]);
    const addressesOf = new Map<number, Set<string>>();
    for (const p of participants) {
      const id = Number(p['email_id']);
      const set = addressesOf.get(id) ?? new Set<string>();
      set.add(String(p['address']).trim().toLowerCase());
      addressesOf.set(id, set);
    }
    for (const email of emails) {
      const id = Number(email['id']);
      const opportunityId = String(email['opportunity_id']);
      const current = email['assigned_to'] === null ? null : String(email['assigned_to']);
      const owner = emailOfUser.get(ownerOf.get(opportunityId) ?? '');
      if (owner !== undefined && addressesOf.get(id)?.has(owner)) {
        if (current === owner && email['assigned_by'] === 'opportunity-owner') continue;
        await connection.query("UPDATE emails SET assigned_to = ?, assigned_by = 'opportunity-owner' WHERE id = ?", [owner, id]);
        moved.push(id);
        audit.push(ownerEntry(who, id, opportunityId, current, owner, 'opportunity-owner'));
      } else if (email['assigned_by'] === 'opportunity-owner') {
        toMailboxRule.push(id);
        before.set(id, current);
      }
    }
  }
  if (toMailboxRule.length > 0) {
    await connection.query("UPDATE emails SET assigned_by = 'mailbox' WHERE id IN (?)", [toMailboxRule]);
    await reassignByMailbox(connection, toMailboxRule);
    const [rows] = await connection.query<RowDataPacket[]>('SELECT id, opportunity_id, assigned_to FROM emails WHERE id IN (?)', [toMailboxRule]);
    for (const row of rows) {
      const id = Number(row['id']);
      moved.push(id);
      audit.push(ownerEntry(who, id, String(row['opportunity_id']), before.get(id) ?? null, row['assigned_to'] === null ? null : String(row['assigned_to']), 'mailbox'));
    }
  }
  return { moved, audit };
}

function ownerEntry(who: { actor: string; source: string }, emailId: number, opportunityId: string, assignedToBefore: string | null, assignedToAfter: string | null, assignedBy: 'opportunity-owner' | 'mailbox'): AuditAppend {
  return { ...who, action: 'emails.ownerChanged', payload: { emailId, opportunityId, assignedToBefore, assignedToAfter, assignedBy } };
}
