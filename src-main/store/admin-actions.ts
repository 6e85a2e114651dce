/**
 * The hook through which every administrator's change made in the console is recorded, inside the
 * transaction of the change itself (a change without its record, or a record without its change,
 * cannot be committed): the entry joins the hash chain in the same transaction (audit-append.ts),
 * and `audit.list` / `audit.export` read it like any other. Payloads name ids and our own users' addresses, never mail content.
 */
import type { AuditAppend } from './audit-append.js';

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

/** The audit entry of an admin action, appended in the transaction of the change itself. */
export function adminActionEntry(action: AdminAction): AuditAppend {
  return { actor: action.actor, source: action.source, action: action.action, payload: action.payload };
}
