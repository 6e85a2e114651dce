/**
 * One sync cycle over a set of mailboxes. Mailboxes run concurrently (a bounded pool); each is
 * synced only under its lease (mailbox-lease.ts), so instances sharing the database never sync
 * one mailbox at once, and one that another instance holds is left to it. One mailbox's failure is
 * recorded as its state without stopping the others. Each mailbox's run goes to the health table
 * with its Graph retries and throttling events.
 *
 * The summary tells the truth (issue 20): `mailboxes` counts the mailboxes synced; each one that
 * failed is listed in `failed` with its state, code and reason, each one another live instance
 * holds in `held`, and `outcome` says which of the three the cycle was. A stop signal (SIGTERM)
 * ends the cycle at a page boundary: no further mailbox is taken, a running one commits no
 * further page, its lease is released and its state says 'interrupted'.
 */
import { emptyCycleSummary, outcomeOf, type CycleSummary, type MailboxState, type ReasonCode } from '../../src-shared/domain.js';
import { isAppError } from '../../src-shared/errors.js';
import type { Logger } from '../logging/logger.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { MailboxUnavailableError } from '../graph/graph-errors.js';
import { asConnectionLoss } from '../store/connection-errors.js';
import { leaseTiming, thisProcessHolder } from '../store/lease-holder.js';
import type { HeldMailbox } from '../store/sync-state-store.js';
import type { MailboxRecord } from '../store/mail-store.js';
import type { LeaseStore, MailboxRunStore } from './sync-ports.js';
import { lookbackStart } from './lookback.js';
import { holdLease } from './mailbox-lease.js';
import { LeaseLostError, SyncStoppedError, syncMailbox, type MailboxSyncDeps, type MailboxSyncResult } from './mailbox-sync.js';

export const DEFAULT_LEASE_TTL_MS = 5 * 60_000;
/** When a mailbox whose run failed is due again (at most; the schedule's interval if shorter). */
export const FAILED_RETRY_MS = 60_000;

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
  /** Aborted when the worker stops: the cycle ends at the next page boundary. */
  signal?: AbortSignal;
};

export async function runSyncCycle(mailboxes: MailboxRecord[], deps: SyncCycleDeps): Promise<CycleSummary> {
  const started = deps.now();
  const bytesBefore = deps.reader.bytesReceived();
  const summary: CycleSummary = emptyCycleSummary();
  const queue = [...mailboxes];
  const ttlMs = deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const holder = thisProcessHolder(deps.holder);
  const worker = async () => {
    for (let mailbox = queue.shift(); mailbox && !deps.signal?.aborted; mailbox = queue.shift()) {
      const claim = await deps.leases.claimLeases([mailbox.address], { holder, ttlMs, staleMs: leaseTiming(ttlMs).staleMs, dueOnly: deps.dueOnly ?? false });
      summary.held.push(...claim.held.map(heldEntry));
      if (claim.claimed.length === 0) continue; // held by a live instance (listed), or not due
      await syncOne(mailbox, deps, summary);
    }
  };
  // Every mailbox's sync ends before the cycle does, even when one fails as a whole (the database
  // gone): a cycle that returned early would leave syncs running that the next cycle races.
  const ended = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 8, queue.length)) }, worker));
  const thrown = ended.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (thrown) throw thrown.reason;
  summary.durationMs = deps.now().getTime() - started.getTime();
  // The connection's meter: what this process received during the cycle (a preview running at
  // the same time in the same process would be counted too).
  summary.bytesReceived = deps.reader.bytesReceived() - bytesBefore;
  summary.outcome = outcomeOf(summary);
  // A scheduled poll that found nothing due (and no mailbox failing) is not a cycle worth a history row.
  if (summary.mailboxes > 0 || summary.failed.length > 0 || !deps.dueOnly) await deps.runs.recordCycle(summary, deps.now());
  return summary;
}

function heldEntry(held: HeldMailbox): CycleSummary['held'][number] {
  const who = held.holder ?? 'another instance';
  return { mailbox: held.mailbox, holder: held.holder, since: held.since, reason: `held by ${who}${held.since ? ` since ${held.since}` : ''}, which is alive; it syncs the mailbox` };
}

function addResult(summary: CycleSummary, result: Pick<MailboxSyncResult, 'read' | 'imported' | 'skipped' | 'alreadyStored' | 'unchanged' | 'decidedAtEnvelope' | 'decidedAtContent'>): void {
  summary.read += result.read;
  summary.decidedAtEnvelope += result.decidedAtEnvelope;
  summary.decidedAtContent += result.decidedAtContent;
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
    const beforeCommit = async () => {
      if (deps.signal?.aborted) throw new SyncStoppedError(mailbox.address);
      await lease.check();
    };
    result = await syncMailbox(mailbox, since, { ...deps, beforeCommit });
    addResult(summary, result);
    failure = result.error;
  } catch (error) {
    failure = error;
  }
  failure = asConnectionLoss(failure); // a dropped MariaDB connection is named, not 'internal'
  try {
    if (failure instanceof LeaseLostError) {
      log.warn({}, failure.message);
      summary.held.push({ mailbox: mailbox.address, holder: null, since: null, reason: failure.message });
      return;
    }
    if (failure instanceof SyncStoppedError) {
      log.warn({}, failure.message);
      await deps.runs.setMailboxState(mailbox.address, 'interrupted', failure.message);
      return;
    }
    const message = failure === null ? null : isAppError(failure) ? failure.message : 'Unexpected failure; see the application log.';
    const state = mailboxStateAfter(failure);
    const code = failure === null ? null : isAppError(failure) ? failure.code : 'internal';
    if (failure !== null) log.error({ err: isAppError(failure) ? { code: failure.code, message } : failure }, 'mailbox sync failed');
    else log.info({ read: result?.read, imported: result?.imported }, 'mailbox synced');
    if (code === null) summary.mailboxes += 1;
    else summary.failed.push({ mailbox: mailbox.address, state, code, reason: message ?? code });
    await deps.runs.setMailboxState(mailbox.address, state, message);
    const after = deps.reader.counters(mailbox.graphUserId);
    const finishedAt = deps.now();
    await deps.runs.recordMailboxRun({
      mailbox: mailbox.address,
      holder: deps.holder,
      startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      // A failed mailbox is due again within a minute (not a whole interval): it resumes soon after the fault ends.
      nextRunInMs: deps.intervalMs === undefined || deps.intervalMs === null ? null : code === null ? deps.intervalMs : Math.min(deps.intervalMs, FAILED_RETRY_MS),
      pages: result?.pages ?? 0,
      read: result?.read ?? 0,
      imported: result?.imported ?? 0,
      alreadyStored: result?.alreadyStored ?? 0,
      unchanged: result?.unchanged ?? 0,
      skipped: result?.skipped ?? {},
      masked: result?.masked ?? 0,
      retries: after.retries - before.retries,
      throttled: after.throttled - before.throttled,
      errorCode: code,
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
