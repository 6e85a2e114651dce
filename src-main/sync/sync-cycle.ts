/**
 * One sync cycle over a set of mailboxes. Mailboxes run concurrently (a bounded pool); each is
 * synced only under its lease (mailbox-lease.ts), so instances sharing the database never sync
 * one mailbox at once, and one that another instance holds is left to it. One mailbox's failure is
 * recorded as its state without stopping the others. Each mailbox's run goes to the health table
 * with its Graph retries and throttling events.
 */
import type { CycleSummary, MailboxState, ReasonCode } from '../../src-shared/domain.js';
import { isAppError } from '../../src-shared/errors.js';
import type { Logger } from '../logging/logger.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { MailboxUnavailableError } from '../graph/graph-errors.js';
import { asConnectionLoss } from '../store/connection-errors.js';
import type { MailboxRecord } from '../store/mail-store.js';
import type { LeaseStore, MailboxRunStore } from './sync-ports.js';
import { lookbackStart } from './lookback.js';
import { holdLease } from './mailbox-lease.js';
import { LeaseLostError, syncMailbox, type MailboxSyncDeps, type MailboxSyncResult } from './mailbox-sync.js';

export const DEFAULT_LEASE_TTL_MS = 5 * 60_000;

export type SyncCycleDeps = MailboxSyncDeps & {
  leases: LeaseStore;
  runs: MailboxRunStore;
  crm: () => Pick<CrmSnapshot, 'users' | 'opportunities'>;
  lookbackMaxDays: () => number | null;
  now: () => Date;
  logger: Logger;
  concurrency?: number;
  /** This instance's id in the lease table. */
  holder: string;
  leaseTtlMs?: number;
  /** Only mailboxes whose next run is due (scheduled cycles); "sync now" takes every free one. */
  dueOnly?: boolean;
  /** When a mailbox is next due after a run (the schedule's interval); null: not scheduled. */
  intervalMs?: number | null;
};

export async function runSyncCycle(mailboxes: MailboxRecord[], deps: SyncCycleDeps): Promise<CycleSummary> {
  const started = deps.now();
  const summary: CycleSummary = { mailboxes: 0, read: 0, imported: 0, skipped: {}, alreadyStored: 0, unchanged: 0, durationMs: 0 };
  const queue = [...mailboxes];
  const worker = async () => {
    for (let mailbox = queue.shift(); mailbox; mailbox = queue.shift()) {
      const claimed = await deps.leases.claimLeases([mailbox.address], deps.holder, deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, { dueOnly: deps.dueOnly ?? false });
      if (claimed.length === 0) continue; // another instance holds it, or it is not due
      summary.mailboxes += 1;
      await syncOne(mailbox, deps, summary);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 8, queue.length)) }, worker));
  summary.durationMs = deps.now().getTime() - started.getTime();
  // A scheduled poll that found nothing due is not a cycle worth a history row.
  if (summary.mailboxes > 0 || !deps.dueOnly) await deps.runs.recordCycle(summary, deps.now());
  return summary;
}

function addResult(summary: CycleSummary, result: Pick<MailboxSyncResult, 'read' | 'imported' | 'skipped' | 'alreadyStored' | 'unchanged'>): void {
  summary.read += result.read;
  summary.imported += result.imported;
  summary.alreadyStored += result.alreadyStored;
  summary.unchanged += result.unchanged;
  for (const [code, count] of Object.entries(result.skipped) as [ReasonCode, number][]) {
    summary.skipped[code] = (summary.skipped[code] ?? 0) + count;
  }
}

async function syncOne(mailbox: MailboxRecord, deps: SyncCycleDeps, summary: CycleSummary) {
  const log = deps.logger.child({ mailbox: mailbox.address });
  const ttl = deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const lease = holdLease(deps.leases, mailbox.address, deps.holder, ttl, log);
  const startedAt = deps.now();
  const before = deps.reader.counters(mailbox.graphUserId);
  let result: MailboxSyncResult | null = null;
  let failure: unknown;
  try {
    await deps.runs.setMailboxState(mailbox.address, 'syncing', null);
    const since = lookbackStart({ mailbox: mailbox.address, crm: deps.crm(), now: deps.now(), lookbackMaxDays: deps.lookbackMaxDays() });
    result = await syncMailbox(mailbox, since, { ...deps, beforeCommit: () => lease.check() });
    addResult(summary, result);
    failure = result.error;
  } catch (error) {
    failure = error;
  }
  failure = asConnectionLoss(failure); // a dropped MariaDB connection is named, not 'internal'
  try {
    if (failure instanceof LeaseLostError) {
      log.warn({}, failure.message);
      return;
    }
    const message = failure === null ? null : isAppError(failure) ? failure.message : 'Unexpected failure; see the application log.';
    const state = mailboxStateAfter(failure);
    if (failure !== null) log.error({ err: isAppError(failure) ? { code: failure.code, message } : failure }, 'mailbox sync failed');
    else log.info({ read: result?.read, imported: result?.imported }, 'mailbox synced');
    await deps.runs.setMailboxState(mailbox.address, state, message);
    const after = deps.reader.counters(mailbox.graphUserId);
    const finishedAt = deps.now();
    await deps.runs.recordMailboxRun({
      mailbox: mailbox.address,
      holder: deps.holder,
      startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      nextRunInMs: deps.intervalMs ?? null,
      pages: result?.pages ?? 0,
      read: result?.read ?? 0,
      imported: result?.imported ?? 0,
      skipped: result?.skipped ?? {},
      masked: result?.masked ?? 0,
      retries: after.retries - before.retries,
      throttled: after.throttled - before.throttled,
      errorCode: failure === null ? null : isAppError(failure) ? failure.code : 'internal',
    });
  } finally {
    await lease.release().catch((error: unknown) => log.warn({ err: error }, 'lease release failed'));
  }
}

/** The state a mailbox is left in by its run's outcome: each reason Exchange gives its own state. */
function mailboxStateAfter(failure: unknown): MailboxState {
  if (failure === null) return 'ok';
  if (failure instanceof MailboxUnavailableError) return failure.state;
  if (!isAppError(failure)) return 'error';
  if (failure.code === 'mailbox-unavailable') return 'no-mailbox';
  // Scoped away by an application access policy or RBAC for Applications: by design, not an error.
  if (failure.code === 'outside-access-scope') return 'outside-access-scope';
  return 'error';
}
