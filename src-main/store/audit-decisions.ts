/**
 * The `import.decision` audit entries of a committed page. The payload is built field by field
 * from the decision record — verdict, rule code, mailbox, folder, fingerprint — so nothing else
 * of a message (subject, body, participants) can reach the audit log from here.
 */
import { SYNC_ACTOR } from '../audit/sync-entries.js';
import type { AuditAppend } from './audit-append.js';
import type { CommitPageInput } from './mail-store.js';

export function decisionAuditRows(input: CommitPageInput): AuditAppend[] {
  return (input.decisions ?? []).map((d) => ({
    actor: SYNC_ACTOR,
    source: 'sync',
    action: 'import.decision',
    payload: { verdict: d.verdict, rule: d.rule, mailbox: input.mailbox, folder: d.folder, fingerprint: d.fingerprint },
  }));
}
