/**
 * The audit entries of sync cycles: the cycle's summary with the mailboxes that failed in it, and
 * a cycle that failed as a whole. Error texts are our AppError messages (they name mailboxes and
 * folders, never message content); anything else is recorded as "unexpected failure".
 */
import type { CycleSummary, MailboxStatus } from '../../src-shared/domain.js';
import { isAppError } from '../../src-shared/errors.js';
import { auditSourceSchema, type AuditEntryInput, type AuditSource } from './audit-entry.js';

export const SYNC_ACTOR = 'system:sync';

function sourceOf(shell: string): AuditSource {
  const parsed = auditSourceSchema.safeParse(shell);
  return parsed.success ? parsed.data : 'sync';
}

export function syncCycleEntry(summary: CycleSummary, mailboxes: readonly Pick<MailboxStatus, 'address' | 'state' | 'lastError'>[], synced: readonly string[], shell: string): AuditEntryInput {
  const inCycle = new Set(synced);
  const errors = mailboxes
    .filter((m) => inCycle.has(m.address) && (m.state === 'error' || m.state === 'no-mailbox' || m.state === 'unlicensed'))
    .map((m) => ({ mailbox: m.address, state: m.state, message: (m.lastError ?? '').slice(0, 1000) }));
  return {
    actor: SYNC_ACTOR,
    source: sourceOf(shell),
    action: 'sync.cycle',
    payload: {
      mailboxes: summary.mailboxes,
      read: summary.read,
      imported: summary.imported,
      alreadyStored: summary.alreadyStored,
      unchanged: summary.unchanged,
      skipped: summary.skipped,
      durationMs: summary.durationMs,
      errors,
    },
  };
}

export function syncFailedEntry(error: unknown, mailbox: string | null, shell: string): AuditEntryInput {
  return {
    actor: SYNC_ACTOR,
    source: sourceOf(shell),
    action: 'sync.failed',
    payload: {
      mailbox,
      code: isAppError(error) ? error.code : 'internal',
      message: (isAppError(error) ? error.message : 'Unexpected failure; see the application log.').slice(0, 1000),
    },
  };
}
