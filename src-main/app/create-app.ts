/**
 * The composition root of the core: builds the services from a config and assembles the Api from
 * per-domain handler groups. Electron IPC, the headless console, the CLI and the tests all call
 * the one object it returns; nothing here knows which shell it runs in beyond its `shell` label.
 * Settings are read through the settings store on every use, and the tenant connection can be
 * replaced while running, so the console's setup and settings apply without a restart.
 */
import { crmHandlers } from './handlers/crm-handlers.js';
import { importCrmTables, type CrmTablesTarget } from './import-crm-tables.js';
import type { ApiHandlers } from '../../src-shared/api.js';
import type { CycleSummary } from '../../src-shared/domain.js';
import type { Settings } from '../../src-shared/settings.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { OpenedSearch } from '../search/open-search.js';
import { SearchIndexer, type IndexerState } from '../search/search-indexer.js';
import { createMemorySettingsStore, isSettingsStore, type SettingsStore } from '../settings/settings-store.js';
import type { MailStore } from '../store/mail-store.js';
import { loadCrmDirectory } from './crm-directory.js';
import { createEventHub, type EventHub } from './event-hub.js';
import { createTenantConnection } from './graph-connection.js';
import type { GraphGroup } from '../graph/graph-groups.js';
import { createAuditLog, NO_AUDIT } from '../audit/audit-log.js';
import { settingsChanges } from '../audit/settings-changes.js';
import type { AuditStore } from '../audit/audit-store.js';
import { auditHandlers, type AuditExportSink } from './handlers/audit-handlers.js';
import { combineHandlers } from './handlers/combine-handlers.js';
import { auditedHandlers } from './handlers/audited-handlers.js';
import { healthHandlers } from './handlers/health-handlers.js';
import { mailHandlers } from './handlers/mail-handlers.js';
import { settingsHandlers } from './handlers/settings-handlers.js';
import { setupHandlers, type SetupDeps } from './handlers/setup-handlers.js';
import { optInHandlers } from './handlers/opt-in-handlers.js';
import { engagementHandlers } from './handlers/engagement-handlers.js';
import { createActorResolver, shellSource } from './caller.js';
import { createAlertMonitor } from './alerts/alert-monitor.js';
import { createWebhookSender } from './alerts/alert-webhook.js';
import { alertHandlers, withAlertChecks } from './handlers/alert-handlers.js';
import { previewHandlers } from './handlers/preview-handlers.js';
import { exclusionHandlers } from './handlers/exclusion-handlers.js';
import { simulateHandlers } from './handlers/simulate-handlers.js';
import { loadExclusionDirectory } from './exclusion-directory.js';
import { DEFAULT_EXCLUSIONS } from '../rules/capture-policy.js';
import { statusHandlers } from './handlers/status-handlers.js';
import { syncHandlers } from './handlers/sync-handlers.js';
import { tenantHandlers } from './handlers/tenant-handlers.js';
import type { Logger } from '../logging/logger.js';
import { createMicrosoftNetwork, type NetworkEnvironment } from './microsoft-network.js';
import { createOrganisationDirectory } from './organisation-directory.js';
import { createSyncService, type SyncServiceDeps } from './sync-service.js';
import type { FetchMode } from '../graph/graph-message.js';
import { createCrmRefreshService, type CrmRefreshService } from './crm-refresh-service.js';
import { crmConnectionHandlers } from './handlers/crm-connection-handlers.js';
import { crmHealthOf } from '../../src-shared/crm-connection.js';
import type { SecretStore } from '../settings/secret-store.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { readWorkerStatuses } from './worker-status-file.js';
import type { TenantRuntime } from './tenant-runtime.js';

export type { TenantRuntime } from './tenant-runtime.js';

export type AppConfig = {
  shell: 'electron' | 'headless' | 'cli';
  version: string;
  store: MailStore;
  databaseServerVersion: string | null;
  tenant: TenantRuntime | null;
  /** A settings store (changes apply live), or fixed settings (held in memory). */
  settings: Settings | SettingsStore;
  logger: Logger;
  /** Elasticsearch, when configured; the store must then write the search outbox. */
  search?: OpenedSearch | null;
  /** Proxy environment and system proxy for Microsoft calls (default: none). */
  network?: NetworkEnvironment;
  /** What the setup Api needs (data dir, vault, browser opener, sandbox launcher). */
  setup?: SetupDeps;
  /** How long consent waits for the browser (default 10 minutes). */
  browserTimeoutMs?: number;
  now?: () => Date;
  /** Sync engine: this instance's lease-holder id and lease time-to-live (sync-service.ts). */
  sync?: {
    instanceId?: string;
    leaseTtlMs?: number;
    concurrency?: number;
    pageSize?: number;
    crmFreshMs?: number;
    /** How pages read messages (default header-first; `full` for the bench's comparison). */
    fetchMode?: FetchMode;
    /** Between a page's envelope decisions and its content download (crash tests' kill point). */
    beforeContentFetch?: SyncServiceDeps['beforeContentFetch'];
  };
  /** The audit log (issue 8); without it nothing is audited and audit.* answer not-configured. */
  auditStore?: AuditStore | null;
  /** Where the console's audit.export writes (Electron save path, headless download); none: not-available. */
  auditExportSink?: AuditExportSink | null;
  /** Optional JSON webhook for alerts (docs/notifications.md); the shell reads it from CORRESPONDENT_ALERT_WEBHOOK_URL. */
  alertWebhookUrl?: string | null;
  /** CA certificates the connected CRM's host needs (the CRM simulator's, in the demo). */
  crmExtraCaPem?: string[];
  /** The vault for the CRM credential when no tenant or setup vault is open (the CLI's `crm` commands). */
  crmVault?: SecretStore | null;
};

export type App = {
  handlers: ApiHandlers;
  events: EventHub;
  settings: SettingsStore;
  /** True while a tenant (real or sandbox) is connected. */
  isConnected(): boolean;
  /** Reads the tenant's users into the mailbox list; `optIn` decides new mailboxes' opt-in. */
  discoverMailboxes(optIn: (address: string) => boolean): Promise<number>;
  /** Discovery for a real tenant: new mailboxes are opted in as the CRM's users list says. */
  discoverMailboxesFromCrm(): Promise<number>;
  /** The live CRM connection and its refresh (issue 22). */
  crm: CrmRefreshService;
  /** Replaces the CRM directory and rebuilds the in-memory index. */
  importCrm(snapshot: CrmSnapshot): Promise<void>;
  /** A group of the tenant (by display name or mail) and its user members' addresses, nested groups included. */
  groupMembers(name: string): Promise<{ group: GraphGroup; members: string[] }>;
  syncNow(mailbox?: string, signal?: AbortSignal): Promise<CycleSummary>;
  /** What the schedule runs: nothing while paused, else the mailboxes that are due; `signal` stops it at a page boundary. */
  runScheduledCycle(signal?: AbortSignal): Promise<CycleSummary | null>;
  /** The search indexer's state (Elasticsearch reachable or backing off); null without Elasticsearch. */
  searchState(): IndexerState | null;
  close(): Promise<void>;
};

/** Why the CRM cannot serve the rules, or null: unreadable tables, or nothing to match an email against. */
async function crmProblemOf(crm: { refreshIfChanged(): Promise<void>; snapshot(): CrmSnapshot }): Promise<string | null> {
  try {
    await crm.refreshIfChanged();
  } catch {
    return 'The CRM tables could not be read from the database, so new mail cannot be matched. Check that MariaDB is reachable; the next cycle tries again.';
  }
  const { accounts, contacts, leads } = crm.snapshot();
  if (accounts.length + contacts.length + leads.length > 0) return null;
  return 'The CRM has no account, contact or lead, so no email can be matched and nothing is imported. Import the CRM files on the Setup page.';
}

export async function createApp(config: AppConfig): Promise<App> {
  const { store, logger } = config;
  const now = config.now ?? (() => new Date());
  const settings = isSettingsStore(config.settings) ? config.settings : createMemorySettingsStore(config.settings);
  const events = createEventHub();
  const audit = config.auditStore ? createAuditLog({ store: config.auditStore, clock: now }) : NO_AUDIT;
  // Who acts: the signed-in administrator or the OS user, from the transport's source (caller.ts).
  const actors = createActorResolver(config.shell);
  const who = () => actors.who();
  const crm = await loadCrmDirectory(store, logger);
  // A new database starts with the default subject terms, once (a removed default stays removed).
  await store.exclusions.seedOnce(DEFAULT_EXCLUSIONS, { actor: 'system:defaults', source: shellSource(config.shell) });
  const exclusions = await loadExclusionDirectory(store.exclusions, logger);
  // The CRM's extra CAs (the CRM simulator's in the demo) join the tenant's on the one network path.
  const crmCaPem = config.crmExtraCaPem ?? [];
  const network = await createMicrosoftNetwork({ settings: settings.get().network, tenantCaPem: [...(config.tenant?.extraCaPem ?? []), ...crmCaPem] }, config.network ?? { env: {} }, logger);
  // The latest network change in flight: a settings update answers once it is applied.
  let networkApplied: Promise<void> = Promise.resolve();
  const unsubscribe = settings.subscribe((next, previous) => {
    if (JSON.stringify(next.network) === JSON.stringify(previous.network)) return;
    networkApplied = network.apply({ settings: next.network }).catch((error: unknown) => logger.error({ err: error }, 'the new network settings could not be applied'));
  });
  const connection = createTenantConnection(network.dispatcher, logger, {
    clock: now,
    ...(config.browserTimeoutMs ? { browserTimeoutMs: config.browserTimeoutMs } : {}),
    ...(config.sync?.pageSize ? { pageSize: config.sync.pageSize } : {}),
    ...(config.sync?.fetchMode ? { fetchMode: config.sync.fetchMode } : {}),
  });
  await connection.switchTo(config.tenant);
  connection.onSwitch((tenant) => network.apply({ tenantCaPem: [...(tenant?.extraCaPem ?? []), ...crmCaPem] }));
  const organisation = createOrganisationDirectory(connection, logger);
  // Search is optional: without it everything works on MariaDB alone.
  const indexer = config.search ? new SearchIndexer(store, config.search.sink, { logger }) : null;
  indexer?.start();
  const instanceId = config.sync?.instanceId ?? `${hostname()}:${randomUUID()}`;
  const crmRefresh = createCrmRefreshService({
    store: store.crmRefresh,
    // The CRM credential lives in the vault with the Microsoft ones (the demo's: in memory).
    vault: () => connection.current()?.runtime.secrets ?? config.setup?.vault.store ?? config.crmVault ?? null,
    dispatcher: network.dispatcher,
    reloadCrm: () => crm.refreshIfChanged(),
    audit,
    who,
    holder: instanceId,
    clock: now,
    logger,
    ...(config.sync?.crmFreshMs !== undefined ? { freshMs: config.sync.crmFreshMs } : {}),
  });
  const sync = await createSyncService({
    store,
    crm,
    crmRefresh,
    reader: () => connection.require().reader,
    // Never a sync on guessed settings: an invalid settings file refuses it, naming the fields.
    settings: () => settings.require('The sync'),
    exclusions,
    orgAliases: () => organisation.aliases(),
    events,
    logger,
    now,
    who,
    afterCycle: () => {
      indexer?.notify();
      void monitor.check();
    },
    instanceId,
    ...(config.sync?.leaseTtlMs ? { leaseTtlMs: config.sync.leaseTtlMs } : {}),
    ...(config.sync?.concurrency ? { concurrency: config.sync.concurrency } : {}),
    ...(config.sync?.beforeContentFetch ? { beforeContentFetch: config.sync.beforeContentFetch } : {}),
    audit,
  });

  async function discoverMailboxes(optIn: (address: string) => boolean): Promise<number> {
    const users = await connection.require().reader.listUsers();
    const known = new Set((await store.mailboxSummaries()).map((m) => m.address));
    const records = users
      .filter((u) => u.mail)
      .map((u) => {
        const address = (u.mail as string).toLowerCase();
        return { address, displayName: u.displayName, graphUserId: u.id, optedIn: known.has(address) ? null : optIn(address) };
      });
    // Users without an Exchange mailbox (mail null) are listed as 'no-mailbox', never opted in by discovery.
    const mailless = users
      .filter((u) => !u.mail && u.userPrincipalName)
      .map((u) => ({ address: u.userPrincipalName.toLowerCase(), displayName: u.displayName, graphUserId: u.id, optedIn: known.has(u.userPrincipalName.toLowerCase()) ? null : false }));
    await store.upsertMailboxes([...records, ...mailless]);
    for (const m of mailless) await store.setMailboxState(m.address, 'no-mailbox', 'The user has no Exchange Online mailbox.');
    await audit.recordAll(
      records.filter((r) => r.optedIn === true).map((r) => ({ ...who(), action: 'mailbox.optedIn' as const, payload: { mailbox: r.address } })),
    );
    await organisation.refresh();
    return records.length;
  }
  async function groupMembers(name: string): Promise<{ group: GraphGroup; members: string[] }> {
    const { groups } = connection.require();
    const group = await groups.findGroup(name);
    const users = await groups.transitiveUsers(group.id);
    return { group, members: users.map((u) => (u.mail ?? u.userPrincipalName).toLowerCase()).filter((a) => a.length > 0) };
  }
  async function discoverMailboxesFromCrm(): Promise<number> {
    const optedIn = new Set(crm.snapshot().users.filter((u) => u.optedIn).map((u) => u.email.toLowerCase()));
    return discoverMailboxes((address) => optedIn.has(address));
  }
  const crmTarget: CrmTablesTarget = { current: async () => {
      // Diff against the tables as they are now, not as this process last loaded them.
      await crm.refreshIfChanged();
      return crm.snapshot();
    }, replace: (snapshot) => crm.replace(snapshot), audit,
    // Read per import: the call's actor and source, not the ones at start.
    get actor() { return who().actor; },
    get source() { return who().source; } };
  async function importCrm(snapshot: CrmSnapshot): Promise<void> {
    await importCrmTables(crmTarget, { snapshot, rejected: [] }, { dryRun: false, allowRemovals: true, where: 'The CRM' });
  }
  const closers: (() => Promise<void>)[] = [];
  // Read lazily: the monitor asks the finished handlers (consent health records a revocation once).
  let api: ApiHandlers | null = null;
  const monitor = createAlertMonitor({
    mailboxes: async () => (api ? (await api['health.mailboxes']({})).items : []),
    consentRevoked: async () => connection.current() !== null && api !== null && (await api['consent.health']({})).state === 'consent-revoked',
    crmProblem: () => crmProblemOf(crm),
    backlog: async () => (indexer ? store.searchBacklog() : null),
    events,
    webhook: config.alertWebhookUrl ? createWebhookSender(config.alertWebhookUrl, logger) : null,
    now,
    logger,
  });

  const handlers = withAlertChecks(auditedHandlers(combineHandlers(
    statusHandlers({ ...config, tenant: () => connection.current()?.runtime ?? null, searchConfigured: indexer !== null, actors }),
    mailHandlers(store),
    // The workers of this data directory (their status files), where the app knows it (console, desktop).
    syncHandlers(sync, () => settings.get(), config.setup ? () => readWorkerStatuses(config.setup?.dataDir as string) : undefined, () => who().actor),
    healthHandlers(store, () => settings.get()),
    optInHandlers(store),
    settingsHandlers(settings, async (before, after) => {
      await networkApplied;
      const changes = settingsChanges(before, after);
      if (changes.length > 0) await audit.record({ ...who(), action: 'settings.changed', payload: { changes } });
    }),
    tenantHandlers({
      connection,
      organisation,
      settings,
      setup: config.setup ?? null,
      discoverMailboxes: discoverMailboxesFromCrm,
      optedInMailboxes: async () => (await store.mailboxSummaries()).filter((m) => m.optedIn).map((m) => m.address),
      logger,
    }),
    setupHandlers({
      connection,
      network,
      settings,
      setup: config.setup ?? null,
      database: { serverVersion: config.databaseServerVersion, url: config.setup?.databaseUrl ?? null, caFile: config.setup?.databaseCaFile ?? null },
      search: { configured: indexer !== null, url: config.setup?.searchUrl ?? null },
      app: { importCrm, discoverMailboxes },
      atClose: (close) => closers.push(close),
      logger,
    }),
    auditHandlers({ store: config.auditStore ?? null, log: audit, who, exportSink: config.auditExportSink ?? null, now }),
    // Console: rule preview and engagements.
    previewHandlers({ store, crm, exclusions, reader: () => connection.require().reader, settings: () => settings.require('The rule preview'), now }),
    simulateHandlers({ store, crm, exclusions, reader: () => connection.require().reader, settings: () => settings.require('The simulation'), now }),
    exclusionHandlers({ store: store.exclusions, directory: exclusions, by: who }),
    engagementHandlers({ store, crm, actor: who }),
    crmHandlers(crmTarget),
    crmConnectionHandlers(crmRefresh),
    alertHandlers({ monitor, store, now }),
  ), { audit, actors }), monitor);
  // Consent health includes the CRM: the connected CRM's credential, last refresh and the copy's age.
  const tenantConsentHealth = handlers['consent.health'];
  handlers['consent.health'] = async (input) => ({ ...(await tenantConsentHealth(input)), crm: crmHealthOf(await crmRefresh.status()) });
  api = handlers;

  return {
    handlers,
    events,
    settings,
    isConnected: () => connection.current() !== null,
    syncNow: (mailbox, signal) => sync.syncNow(mailbox, signal),
    discoverMailboxes,
    discoverMailboxesFromCrm,
    importCrm,
    crm: crmRefresh,
    groupMembers,
    runScheduledCycle: (signal) => sync.runScheduled(signal),
    searchState: () => indexer?.state() ?? null,
    async close() {
      // The store belongs to whoever opened the database; the app only stops its own work.
      unsubscribe();
      await sync.idle();
      await monitor.idle();
      await indexer?.stop();
      await config.search?.close();
      for (const close of closers) await close();
      await network.close();
    },
  };
}
