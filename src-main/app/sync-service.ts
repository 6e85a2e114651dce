/**
 * Runs sync cycles for the app: one at a time (a second request joins the running cycle), with
 * the CRM reloaded if it changed, the rule context built once per cycle, retention applied and
 * the search indexer and console notified afterwards.
 */
import type { CycleSummary } from '../../src-shared/domain.js';
import { AppError } from '../../src-shared/errors.js';
import type { Settings } from '../../src-shared/settings.js';
import { resolveEngagement } from '../engagement/resolve-engagement.js';
import type { GraphMailReader } from '../graph/graph-mail-reader.js';
import { createRuleContext, evaluateMessage, isAddressWithin } from '../rules/pipeline.js';
import type { MailStore } from '../store/mail-store.js';
import { runSyncCycle } from '../sync/sync-cycle.js';
import type { CrmDirectory } from './crm-directory.js';
import type { EventHub } from './event-hub.js';
import type { Logger } from './logger.js';

export type SyncServiceDeps = {
  store: MailStore;
  crm: CrmDirectory;
  reader: () => GraphMailReader;
  settings: () => Settings;
  events: EventHub;
  logger: Logger;
  now: () => Date;
  shell: string;
  afterCycle?: () => void;
  /** Mailboxes synced at once (sync-cycle.ts default when absent). */
  mailboxConcurrency?: number | undefined;
};

export type SyncService = {
  syncNow(mailbox?: string): Promise<CycleSummary>;
  lastCycle(): { cycle: CycleSummary; finishedAt: string } | null;
  /** Waits for the running cycle, if any. */
  idle(): Promise<void>;
};

export async function createSyncService(deps: SyncServiceDeps): Promise<SyncService> {
  const { store, crm, logger, now } = deps;
  let last = await store.lastCycle();
  let running: Promise<CycleSummary> | null = null;

  async function cycle(mailbox: string | undefined): Promise<CycleSummary> {
    const graph = deps.reader();
    const settings = deps.settings();
    const all = (await store.listMailboxes()).filter((m) => m.optedIn);
    const chosen = mailbox ? all.filter((m) => m.address === mailbox.toLowerCase()) : all;
    if (mailbox && chosen.length === 0) throw new AppError('invalid-input', `No opted-in mailbox ${mailbox}.`);
    const records = await store.mailboxRecords(chosen.map((m) => m.address));
    await crm.refreshIfChanged();
    const index = crm.index();
    const context = createRuleContext({
      orgDomains: settings.orgDomains,
      blockedDomains: settings.blockedDomains,
      automatedMail: settings.automatedMail,
      crm: index,
    });
    const isOrgAddress = (address: string) => isAddressWithin(address, context.orgDomains);
    const summary = await runSyncCycle(records, {
      reader: graph,
      store,
      evaluate: (message, address, folder, isOwnMessageId) => evaluateMessage(message, { ...context, mailbox: address, folder, isOwnMessageId }),
      engage: (email, match) => resolveEngagement(email, match, index),
      ownMessageIds: (keys) => store.sentByUs(keys, isOrgAddress),
      crm: () => crm.snapshot(),
      lookbackMaxDays: () => settings.lookbackMaxDays,
      now,
      logger,
      ...(deps.mailboxConcurrency ? { concurrency: deps.mailboxConcurrency } : {}),
    });
    if (settings.retentionDays !== null) {
      const purged = await store.purgeOlderThan(settings.retentionDays, { actor: 'system:retention', source: deps.shell });
      logger.info({ purged }, 'retention applied');
    }
    last = { cycle: summary, finishedAt: now().toISOString() };
    deps.afterCycle?.();
    deps.events.emit({ type: 'sync.cycleFinished', cycle: summary });
    return summary;
  }

  return {
    async syncNow(mailbox) {
      if (running) return running;
      const work = cycle(mailbox);
      running = work;
      try {
        return await work;
      } finally {
        running = null;
      }
    },
    lastCycle: () => last,
    async idle() {
      if (running) await running.catch(() => undefined);
    },
  };
}
