/**
 * Runs sync cycles for the app: one at a time in this process (a second request joins the running
 * cycle), every mailbox under its lease (so instances sharing the database never sync one mailbox
 * at once), with the CRM reloaded if it changed (and a late-match job recorded for the keys it
 * gained), the rule context built once per cycle, retention applied and the search indexer and
 * console notified afterwards. Scheduled cycles honour the persisted pause switch and take only
 * mailboxes that are due; "sync now" takes every free one, paused or not.
 */
import type { MailboxSyncDeps } from '../sync/sync-context.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CycleSummary } from '../../src-shared/domain.js';
import { AppError } from '../../src-shared/errors.js';
import type { Settings } from '../../src-shared/settings.js';
import type { GraphMailReader } from '../graph/graph-mail-reader.js';
import { createRuleContext, isAddressWithin } from '../rules/pipeline.js';
import { asConnectionLoss } from '../store/connection-errors.js';
import type { MailStore } from '../store/mail-store.js';
import { addedKeys, isEmptyKeys, matchKeysOf } from '../sync/late-match.js';
import { createPageRules } from '../sync/page-rules.js';
import { runSyncCycle } from '../sync/sync-cycle.js';
import type { CrmDirectory } from './crm-directory.js';
import type { ExclusionDirectory } from './exclusion-directory.js';
import type { EventHub } from './event-hub.js';
import type { Logger } from '../logging/logger.js';
import type { AuditLog } from '../audit/audit-log.js';
import { syncCycleEntry, syncFailedEntry } from '../audit/sync-entries.js';

export type SyncServiceDeps = {
  store: MailStore;
  crm: CrmDirectory;
  reader: () => GraphMailReader;
  settings: () => Settings;
  /** The capture policy's exclusion lists (reloaded before each cycle when another process changed them). */
  exclusions: Pick<ExclusionDirectory, 'entries' | 'refreshIfChanged'>;
  /** Mailbox aliases of the organisation (addresses that are ours whatever their domain). */
  orgAliases?: () => readonly string[];
  events: EventHub;
  logger: Logger;
  now: () => Date;
  /** The source (and actor) of the call or schedule running the cycle, for its audit entries. */
  who: () => { actor: string; source: string };
  afterCycle?: () => void;
  /** This instance's id in the lease table (default: host name and a random id). */
  instanceId?: string;
  leaseTtlMs?: number;
  /** Mailboxes synced at once by this instance (default 8). */
  concurrency?: number;
  /** Items Graph returns at most in a filtered delta round (5,000; the sandbox's can be lowered). */
  filteredRoundCap?: number;
  /** Cycle summaries and failures are audited (issue 8). */
  audit?: AuditLog;
  /** The connected CRM's refresh before each cycle (issue 22): shared by all instances, never failing the cycle. */
  crmRefresh?: { beforeCycle(signal?: AbortSignal): Promise<unknown> };
  /** Between a page's envelope decisions and its content download (tests' kill and fault points). */
  beforeContentFetch?: MailboxSyncDeps['beforeContentFetch'];
};

export type SyncService = {
  syncNow(mailbox?: string, signal?: AbortSignal): Promise<CycleSummary>;
  /** A scheduled cycle: null when sync is paused; otherwise only mailboxes that are due. `signal` stops it at a page boundary. */
  runScheduled(signal?: AbortSignal): Promise<CycleSummary | null>;
  lastCycle(): { cycle: CycleSummary; finishedAt: string } | null;
  setPaused(paused: boolean, by: string): Promise<void>;
  isPaused(): Promise<boolean>;
  running(): boolean;
  readonly instanceId: string;
  /** Waits for the running cycle, if any. */
  idle(): Promise<void>;
};

export async function createSyncService(deps: SyncServiceDeps): Promise<SyncService> {
  const { store, crm, logger, now } = deps;
  const instanceId = deps.instanceId ?? `${hostname()}:${randomUUID()}`;
  let last = await store.lastCycle();
  let running: Promise<CycleSummary> | null = null;
  /**
   * Late match: compares the CRM with the match keys the last comparison used (kept in MariaDB,
   * so a change made while no process ran is noticed too) and records a job for the keys it gained.
   */
  async function recordLateMatch(): Promise<void> {
    await crm.refreshIfChanged();
    const revision = crm.revision();
    const baseline = await store.syncState.lateMatchBaseline();
    if (baseline?.revision === revision) return;
    const keys = matchKeysOf(crm.snapshot());
    // The first comparison has nothing to compare with: mailboxes not yet synced read everything anyway.
    const added = baseline ? addedKeys(baseline.keys, keys) : { domains: [], addresses: [] };
    const moved = await store.syncState.advanceLateMatchBaseline(baseline?.revision ?? null, revision, keys, added);
    if (moved && !isEmptyKeys(added)) logger.info({ revision, domains: added.domains.length, addresses: added.addresses.length }, 'CRM gained match keys; mailboxes will be re-read');
  }

  async function cycle(mailbox: string | undefined, scheduled: boolean, signal: AbortSignal | undefined): Promise<CycleSummary> {
    const graph = deps.reader();
    const settings = deps.settings();
    // Without the per-mailbox counts: their aggregate over every stored email is the console's, not the cycle's.
    const all = (await store.mailboxSummaries()).filter((m) => m.optedIn);
    const chosen = mailbox ? all.filter((m) => m.address === mailbox.toLowerCase()) : all;
    if (mailbox && chosen.length === 0) throw new AppError('invalid-input', `No opted-in mailbox ${mailbox}.`);
    const records = await store.mailboxRecords(chosen.map((m) => m.address));
    // The CRM is brought up to date first, so this cycle's rules and late match use the fresh copy.
    await deps.crmRefresh?.beforeCycle(signal);
    await recordLateMatch();
    await deps.exclusions.refreshIfChanged();
    const index = crm.index();
    const context = createRuleContext({
      orgDomains: settings.orgDomains,
      blockedDomains: settings.blockedDomains,
      automatedMail: settings.automatedMail,
      capturePolicy: settings.capturePolicy,
      exclusions: deps.exclusions.entries(),
      crm: index,
      orgAddresses: deps.orgAliases?.() ?? [],
    });
    const isOrgAddress = (address: string) => isAddressWithin(address, context.orgDomains);
    const summary = await runSyncCycle(records, {
      reader: graph,
      pages: store,
      folderState: store.syncState,
      leases: store.syncState,
      runs: { setMailboxState: (address, state, error) => store.setMailboxState(address, state, error), recordMailboxRun: (run) => store.syncState.recordMailboxRun(run), recordCycle: (cycle, at) => store.recordCycle(cycle, at) },
      rules: createPageRules(context, index),
      ownMessageIds: (keys) => store.sentByUs(keys, isOrgAddress),
      crm: () => crm.snapshot(),
      lookbackMaxDays: () => settings.lookbackMaxDays,
      onlineArchive: settings.onlineArchive,
      now,
      logger,
      holder: instanceId,
      dueOnly: scheduled,
      intervalMs: settings.scheduleMinutes * 60_000,
      onPage: (progress) => deps.events.emit({ type: 'sync.progress', mailbox: progress.mailbox, read: progress.read, imported: progress.imported }),
      ...(deps.leaseTtlMs !== undefined ? { leaseTtlMs: deps.leaseTtlMs } : {}),
      ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
      ...(deps.filteredRoundCap !== undefined ? { filteredRoundCap: deps.filteredRoundCap } : {}),
      ...(deps.beforeContentFetch ? { beforeContentFetch: deps.beforeContentFetch } : {}),
      ...(signal ? { signal } : {}),
    });
    if (settings.retentionDays !== null) {
      const purged = await store.purgeOlderThan(settings.retentionDays, { actor: 'system:retention', source: deps.who().source });
      logger.info({ purged }, 'retention applied');
    }
    if (scheduled && summary.mailboxes === 0 && summary.failed.length === 0) return summary; // a poll that found nothing due
    await deps.audit?.record(syncCycleEntry(summary, await store.mailboxSummaries(), records.map((r) => r.address), deps.who().source));
    last = { cycle: summary, finishedAt: now().toISOString() };
    deps.afterCycle?.();
    deps.events.emit({ type: 'sync.cycleFinished', cycle: summary });
    return summary;
  }

  async function run(mailbox: string | undefined, scheduled: boolean, signal?: AbortSignal): Promise<CycleSummary> {
    if (running) return running;
    const work = cycle(mailbox, scheduled, signal).catch(async (raw: unknown) => {
      const error = asConnectionLoss(raw);
      await deps.audit?.record(syncFailedEntry(error, mailbox ?? null, deps.who().source)).catch(() => undefined);
      throw error;
    });
    running = work;
    try {
      return await work;
    } finally {
      running = null;
    }
  }

  return {
    instanceId,
    syncNow: (mailbox, signal) => run(mailbox, false, signal),
    async runScheduled(signal) {
      if (await store.syncState.isPaused()) return null;
      return run(undefined, true, signal);
    },
    lastCycle: () => last,
    async setPaused(paused, by) {
      await store.syncState.setPaused(paused, by);
      deps.events.emit({ type: 'sync.paused', paused });
    },
    isPaused: () => store.syncState.isPaused(),
    running: () => running !== null,
    async idle() {
      if (running) await running.catch(() => undefined);
    },
  };
}
