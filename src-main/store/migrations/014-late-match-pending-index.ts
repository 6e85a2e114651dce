/**
 * Issue 17 point 5 (cost growth): every mailbox run reads its pending late-match jobs
 * (`WHERE mailbox = ? AND done_at IS NULL`), but late_match_progress's only key is
 * (job_id, mailbox): the read walked every job ever recorded and probed its row for the mailbox,
 * a cost per mailbox and cycle that grew with the CRM's change history. This index makes it a
 * range read of the mailbox's pending rows (none, normally). Re-runnable (IF NOT EXISTS).
 */
import type { Migration } from './migration.js';

export const lateMatchPendingIndex: Migration = {
  version: 14,
  name: 'late-match-pending-index',
  up: ['ALTER TABLE late_match_progress ADD INDEX IF NOT EXISTS late_match_progress_pending (mailbox, done_at, job_id)'],
};
