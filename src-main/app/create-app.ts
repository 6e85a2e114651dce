/**
 * The composition root of the core: builds the services from a config and assembles the Api from
 * per-domain handler groups. Electron IPC, the headless console, the CLI and the tests all call
 * the one object it returns; nothing here knows which shell it runs in beyond its `shell` label.
 */
import type { ApiHandlers } from '../../src-shared/api.js';
import type { CycleSummary } from '../../src-shared/domain.js';
import type { Settings } from '../../src-shared/settings.js';
import type { CrmSnapshot } from '../crm/crm-types.js';
import type { OpenedSearch } from '../search/open-search.js';
import { SearchIndexer } from '../search/search-indexer.js';
import type { MailStore } from '../store/mail-store.js';
import { loadCrmDirectory } from './crm-directory.js';
import { createEventHub, type EventHub } from './event-hub.js';
import { connectGraph, requireGraph, type TenantRuntime } from './graph-connection.js';
import { combineHandlers } from './handlers/combine-handlers.js';
import { mailHandlers } from './handlers/mail-handlers.js';
import { statusHandlers } from './handlers/status-handlers.js';
import { syncHandlers } from './handlers/sync-handlers.js';
import type { Logger } from './logger.js';
import { createSyncService } from './sync-service.js';

export type { TenantRuntime } from './graph-connection.js';

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
  /** Throughput knobs (benchmarks, large tenants); defaults: 8 mailboxes at once, pages of 100. */
  syncTuning?: SyncTuning;
};

export type SyncTuning = { mailboxConcurrency?: number; pageSize?: number };

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
  const { store, logger } = config;
  const now = config.now ?? (() => new Date());
  const events = createEventHub();
  const crm = await loadCrmDirectory(store, logger);
  const graph = config.tenant ? connectGraph(config.tenant, logger, { pageSize: config.syncTuning?.pageSize }) : null;
  // Search is optional: without it everything works on MariaDB alone.
  const indexer = config.search ? new SearchIndexer(store, config.search.sink, { logger }) : null;
  indexer?.start();
  const sync = await createSyncService({
    store,
    crm,
    reader: () => requireGraph(graph),
    settings: () => config.settings,
    events,
    logger,
    now,
    shell: config.shell,
    afterCycle: () => indexer?.notify(),
    mailboxConcurrency: config.syncTuning?.mailboxConcurrency,
  });

  const handlers = combineHandlers(
    statusHandlers({ ...config, searchConfigured: indexer !== null }),
    mailHandlers(store),
    syncHandlers(sync),
  );

  return {
    handlers,
    events,
    syncNow: (mailbox) => sync.syncNow(mailbox),
    async discoverMailboxes(optIn) {
      const users = await requireGraph(graph).listUsers();
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
    importCrm: (snapshot) => crm.replace(snapshot),
    async close() {
      // The store belongs to whoever opened the database; the app only stops its own work.
      await sync.idle();
      await indexer?.stop();
      await config.search?.close();
      await graph?.close();
    },
  };
}
