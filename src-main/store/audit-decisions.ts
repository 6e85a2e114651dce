/**
 * The `import.decision` audit entries of a committed page. The payload is built field by field
 * from the decision record — verdict, rule code, mailbox, folder, fingerprint — so nothing else
 * of a message (subject, body, participants) can reach the audit log from here.
 */
import { SYNC_ACTOR } from '../audit/sync-entries.js';
import type { AuditAppend } from './audit-append.js';
import type { ImportDecisionRecord } from './mail-store.js';

/** One entry per new decision of the page (a re-reported message was recorded when first decided). */
export function decisionAuditRows(mailbox: string, decisions: readonly ImportDecisionRecord[]): AuditAppend[] {
  return decisions.map((d) => ({
    actor: SYNC_ACTOR,
    source: 'sync',
    action: 'import.decision',
    payload: { verdict: d.verdict, rule: d.rule, mailbox, folder: d.folder, fingerprint: d.fingerprint },
  }));
}
