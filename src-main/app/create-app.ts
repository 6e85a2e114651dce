/**
 * The composition root of the core: builds the services from a config and implements the Api.
 * Electron IPC, the headless console, the CLI and the tests all call the one object it returns;
 * nothing here knows which shell it runs in beyond the `shell` label it reports.
 */
import type { ApiHandlers } from '../../src-shared/api.js';
import type { CycleSummary } from '../../src-shared/domain.js';
import { AppError } from '../../src-shared/errors.js';
import type { Settings } from '../../src-shared/settings.js';
import { createAppTokenProvider } from '../auth/app-token-provider.js';
import { CrmIndex } from '../crm/crm-index.js';
import type { CrmSnapshot } from '../crm/crm-types.js';
import { createGraphClient } from '../graph/graph-client.js';
import { createGraphMailReader, type GraphMailReader } from '../graph/graph-mail-reader.js';
import { createHttpDispatcher } from '../net/http-dispatcher.js';
import { createRuleContext, evaluateMessage, isAddressWithin } from '../rules/pipeline.js';
import { resolveEngagement } from '../engagement/resolve-engagement.js';
import type { MailStore } from '../store/mail-store.js';
import { SearchIndexer } from '../search/search-indexer.js';
import type { OpenedSearch } from '../search/open-search.js';
import { runSyncCycle } from '../sync/sync-cycle.js';
import { createEventHub, type EventHub } from './event-hub.js';
import type { Logger } from './logger.js';

/** A connected tenant as the core needs it at run time (the secret comes from the vault). */
export type TenantRuntime = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityHost: string;
  graphBaseUrl: string;
  extraCaPem: string[];
  sandbox: boolean;
};

export type AppConfig = {
  shell: 'electron' | 'headless' | 'cli';
  version: string;
  store: MailStore;
  databaseServerVersion: string | null;
  tenant: TenantRuntime | null;
  settings: Settings;
  logger: Logger;
  /** Elasticsearch, when configured; the store must then write the search outbox. */
  search?: OpenedSearch | null;
  now?: () => Date;
};

export type App = {
  handlers: ApiHandlers;
  events: EventHub;
  /** Reads the tenant's users into the mailbox list; `optIn` decides new mailboxes' opt-in. */
  discoverMailboxes(optIn: (address: string) => boolean): Promise<number>;
  /** Replaces the CRM directory and rebuilds the in-memory index. */
  importCrm(snapshot: CrmSnapshot): Promise<void>;
  syncNow(mailbox?: string): Promise<CycleSummary>;
  close(): Promise<void>;
};

export async function createApp(config: AppConfig): Promise<App> {
  const { store, logger, settings } = config;
  const now = config.now ?? (() => new Date());
  const events = createEventHub();
  let crmSnapshot = await store.loadCrm();
  let crmIndex = CrmIndex.fromSnapshot(crmSnapshot);
  let crmRevision = await store.crmRevision();
  /** The CRM tables may change under us (crm import, a customer's ETL): reload when they did. */
  async function refreshCrmIfChanged(): Promise<void> {
    const revision = await store.crmRevision();
    if (revision === crmRevision) return;
    crmSnapshot = await store.loadCrm();
    crmIndex = CrmIndex.fromSnapshot(crmSnapshot);
    crmRevision = revision;
    logger.info({ revision }, 'CRM directory reloaded');
  }
  let reader: GraphMailReader | null = null;
  const dispatcher = config.tenant ? createHttpDispatcher({ extraCaPem: config.tenant.extraCaPem }) : null;
  if (config.tenant && dispatcher) {
    const tokens = createAppTokenProvider(config.tenant, dispatcher, logger);
    const client = createGraphClient({ graphBaseUrl: config.tenant.graphBaseUrl, tokens, dispatcher });
    reader = createGraphMailReader({ client, graphBaseUrl: config.tenant.graphBaseUrl, tokens, logger });
  }
  const requireReader = (): GraphMailReader => {
    if (!reader) throw new AppError('not-configured', 'No Microsoft 365 tenant is connected yet: run the setup first.');
    return reader;
  };
  let lastCycle: { cycle: CycleSummary; finishedAt: string } | null = await store.lastCycle();
  // Search is optional: without it everything works on MariaDB alone.
  const indexer = config.search ? new SearchIndexer(store, config.search.sink, { logger }) : null;
  indexer?.start();
  let running: Promise<CycleSummary> | null = null;

  async function syncNow(mailbox?: string): Promise<CycleSummary> {
    const graph = requireReader();
    // One cycle at a time: a second request joins the running one instead of overlapping it.
    if (running) return running;
    const work = (async () => {
      const all = (await store.listMailboxes()).filter((m) => m.optedIn);
      const chosen = mailbox ? all.filter((m) => m.address === mailbox.toLowerCase()) : all;
      if (mailbox && chosen.length === 0) throw new AppError('invalid-input', `No opted-in mailbox ${mailbox}.`);
      const records = await store.mailboxRecords(chosen.map((m) => m.address));
      await refreshCrmIfChanged();
      const context = createRuleContext({
        orgDomains: settings.orgDomains,
        blockedDomains: settings.blockedDomains,
        automatedMail: settings.automatedMail,
        crm: crmIndex,
      });
      const isOrgAddress = (address: string) => isAddressWithin(address, context.orgDomains);
      const cycle = await runSyncCycle(records, {
        reader: graph,
        store,
        evaluate: (message, address, folder, isOwnMessageId) => evaluateMessage(message, { ...context, mailbox: address, folder, isOwnMessageId }),
        engage: (email, match) => resolveEngagement(email, match, crmIndex),
        ownMessageIds: (keys) => store.sentByUs(keys, isOrgAddress),
        crm: () => crmSnapshot,
        lookbackMaxDays: () => settings.lookbackMaxDays,
        now,
        logger,
      });
      if (settings.retentionDays !== null) {
        const purged = await store.purgeOlderThan(settings.retentionDays, { actor: 'system:retention', source: config.shell });
        logger.info({ purged }, 'retention applied');
      }
      lastCycle = { cycle, finishedAt: now().toISOString() };
      indexer?.notify();
      events.emit({ type: 'sync.cycleFinished', cycle });
      return cycle;
    })();
    running = work;
    try {
      return await work;
    } finally {
      running = null;
    }
  }

  const handlers: ApiHandlers = {
    'app.status': async () => ({
      version: config.version,
      shell: config.shell,
      database: { connected: true, serverVersion: config.databaseServerVersion },
      tenant: { configured: config.tenant !== null, sandbox: config.tenant?.sandbox ?? false, tenantId: config.tenant?.tenantId ?? null },
      search: { configured: indexer !== null, backlog: indexer ? await store.searchBacklog() : null },
    }),
    'emails.list': async (input) => store.listEmails(input),
    'mailboxes.list': async () => ({ items: await store.listMailboxes() }),
    'sync.runNow': async (input) => syncNow(input.mailbox),
    'sync.lastCycle': async () => ({ cycle: lastCycle?.cycle ?? null, finishedAt: lastCycle?.finishedAt ?? null }),
  };

  return {
    handlers,
    events,
    syncNow,
    async discoverMailboxes(optIn) {
      const users = await requireReader().listUsers();
      const known = new Set((await store.listMailboxes()).map((m) => m.address));
      const records = users
        .filter((u) => u.mail)
        .map((u) => {
          const address = (u.mail as string).toLowerCase();
          return { address, displayName: u.displayName, graphUserId: u.id, optedIn: known.has(address) ? null : optIn(address) };
        });
      await store.upsertMailboxes(records);
      return records.length;
    },
    async importCrm(snapshot) {
      await store.replaceCrm(snapshot);
      crmSnapshot = snapshot;
      crmIndex = CrmIndex.fromSnapshot(snapshot);
      crmRevision = await store.crmRevision();
    },
    async close() {
      // The store belongs to whoever opened the database; the app only stops its own work.
      if (running) await running.catch(() => undefined);
      await indexer?.stop();
      await config.search?.close();
      await dispatcher?.close();
    },
  };
}
