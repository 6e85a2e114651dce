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
import { createAuditLog, NO_AUDIT } from '../audit/audit-log.js';
import type { AuditStore } from '../audit/audit-store.js';
import { auditHandlers, type AuditExportSink } from './handlers/audit-handlers.js';
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
  /** The audit log (issue 8); without it nothing is audited and audit.* answer not-configured. */
  auditStore?: AuditStore | null;
  /** Where the console's audit.export writes (Electron save path, headless download); none: not-available. */
  auditExportSink?: AuditExportSink | null;
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
  const { store, logger } = config;
  const now = config.now ?? (() => new Date());
  const events = createEventHub();
  const audit = config.auditStore ? createAuditLog({ store: config.auditStore, clock: now }) : NO_AUDIT;
  const crm = await loadCrmDirectory(store, logger);
  const graph = config.tenant ? connectGraph(config.tenant, logger) : null;
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
    audit,
  });

  const handlers = combineHandlers(
    statusHandlers({ ...config, searchConfigured: indexer !== null }),
    mailHandlers(store),
    syncHandlers(sync),
    auditHandlers({ store: config.auditStore ?? null, log: audit, source: config.shell, actor: 'admin', exportSink: config.auditExportSink ?? null, now }),
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
      await audit.recordAll(
        records.filter((r) => r.optedIn === true).map((r) => ({ actor: 'admin', source: config.shell, action: 'mailbox.optedIn' as const, payload: { mailbox: r.address } })),
      );
      return records.length;
    },
    async importCrm(snapshot) {
      await crm.replace(snapshot);
      const rows = { accounts: snapshot.accounts.length, contacts: snapshot.contacts.length, leads: snapshot.leads.length, opportunities: snapshot.opportunities.length, users: snapshot.users.length };
      await audit.record({ actor: 'admin', source: config.shell, action: 'crm.imported', payload: { rows, changes: null, rejected: 0 } });
    },
    async close() {
      // The store belongs to whoever opened the database; the app only stops its own work.
      await sync.idle();
      await indexer?.stop();
      await config.search?.close();
      await graph?.close();
    },
  };
}
