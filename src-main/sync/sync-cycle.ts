/**
 * One sync cycle over every opted-in mailbox. Mailboxes run concurrently (a bounded pool), and one
 * mailbox's failure is recorded as its state without stopping the others.
 */
import type { CycleSummary, ReasonCode } from '../../src-shared/domain.js';
import { isAppError } from '../../src-shared/errors.js';
import type { Logger } from '../app/logger.js';
import type { CrmSnapshot } from '../crm/crm-types.js';
import type { MailboxRecord, MailStore } from '../store/mail-store.js';
import { lookbackStart } from './lookback.js';
import { syncMailbox, type MailboxSyncDeps } from './mailbox-sync.js';

export type SyncCycleDeps = MailboxSyncDeps & {
  store: MailStore;
  crm: () => Pick<CrmSnapshot, 'users' | 'opportunities'>;
  lookbackMaxDays: () => number | null;
  now: () => Date;
  logger: Logger;
  concurrency?: number;
};

export async function runSyncCycle(mailboxes: MailboxRecord[], deps: SyncCycleDeps): Promise<CycleSummary> {
  const started = deps.now();
  const summary: CycleSummary = { mailboxes: mailboxes.length, read: 0, imported: 0, skipped: {}, durationMs: 0 };
  const queue = [...mailboxes];
  const worker = async () => {
    for (let mailbox = queue.shift(); mailbox; mailbox = queue.shift()) {
      await syncOne(mailbox, deps, summary);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 8, queue.length)) }, worker));
  summary.durationMs = deps.now().getTime() - started.getTime();
  await deps.store.recordCycle(summary, deps.now());
  return summary;
}

async function syncOne(mailbox: MailboxRecord, deps: SyncCycleDeps, summary: CycleSummary) {
  const log = deps.logger.child({ mailbox: mailbox.address });
  await deps.store.setMailboxState(mailbox.address, 'syncing', null);
  try {
    const since = lookbackStart({ mailbox: mailbox.address, crm: deps.crm(), now: deps.now(), lookbackMaxDays: deps.lookbackMaxDays() });
    const result = await syncMailbox(mailbox, since, deps);
    summary.read += result.read;
    summary.imported += result.imported;
    for (const [code, count] of Object.entries(result.skipped) as [ReasonCode, number][]) {
      summary.skipped[code] = (summary.skipped[code] ?? 0) + count;
    }
    await deps.store.setMailboxState(mailbox.address, 'ok', null);
    log.info({ read: result.read, imported: result.imported }, 'mailbox synced');
  } catch (error) {
    const message = isAppError(error) ? error.message : 'Unexpected failure; see the application log.';
    const state = isAppError(error) && error.code === 'mailbox-unavailable' ? 'no-mailbox' : 'error';
    log.error({ err: isAppError(error) ? { code: error.code, message } : error }, 'mailbox sync failed');
    await deps.store.setMailboxState(mailbox.address, state, message);
  }
}
