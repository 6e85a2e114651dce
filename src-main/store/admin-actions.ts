/**
 * The hook through which every administrator's change made in the console is recorded, inside the
 * transaction of the change itself (a change without its record, or a record without its change,
 * cannot be committed). Today it appends a plain audit_log row through appendAuditRecord; the
 * audit log module swaps in its hash-chained append there, and `audit.list` / `audit.export` read
 * these rows like any other. Payloads name ids and our own users' addresses, never mail content.
 */
import type { Pool, PoolConnection } from 'mysql2/promise';
import { appendAuditRecord } from './audit-append.js';

/** Actions the console records; audit readers may rely on these names and payload fields. */
export type AdminAction = {
  action: 'emails.reassign';
  actor: string;
  source: string;
  payload: {
    emailId: number;
    opportunityBefore: string | null;
    opportunityAfter: string | null;
    assignedToBefore: string | null;
    assignedToAfter: string | null;
  };
};

export async function recordAdminAction(db: Pool | PoolConnection, action: AdminAction, at: Date): Promise<void> {
  await appendAuditRecord(db, { actor: action.actor, source: action.source, action: action.action, payload: action.payload }, at);
}
