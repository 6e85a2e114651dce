/**
 * The app for this installation's own tenant, as the headless console, `status` and the desktop
 * shell start it: the configured tenant (state file + vault) or none yet - then the console's
 * guided setup (or `correspondent setup`) configures one while the app runs. The database is the
 * customer's MariaDB (MARIADB_URL) or the private one in the data directory.
 */
import type { OpenBrowser } from '../auth/consent-service.js';
import type { SandboxTenant } from '../sandbox-seam/sandbox-seam.js';
import { openSearchSink, type OpenedSearch } from '../search/open-search.js';
import { openSettingsStore } from '../settings/settings-store.js';
import type { SecretCipher } from '../settings/secret-store.js';
import { startSyncSchedule, type SyncSchedule } from '../sync/scheduler.js';
import { createApp, type App } from './create-app.js';
import type { AuditExportSink } from './handlers/audit-handlers.js';
import { openDatabase, type DatabaseConfig, type OpenDatabase } from './database.js';
import type { Logger } from './logger.js';
import type { NetworkEnvironment } from './microsoft-network.js';
import { APP_VERSION } from './paths.js';
import { customCloudFromEnvironment, loadTenantRuntime, type LoadedTenant } from './tenant-runtime.js';

export type TenantAppOptions = DatabaseConfig & {
  shell: 'electron' | 'headless' | 'cli';
  /** The environment as the shell read it (vault key, proxy). */
  env: Record<string, string | undefined>;
  /** Electron's safeStorage cipher (headless: from the environment). */
  cipher?: SecretCipher;
  openBrowser: OpenBrowser;
  systemProxy?: NetworkEnvironment['systemProxy'];
  launchSandbox?: () => Promise<SandboxTenant>;
  browserTimeoutMs?: number;
  /** Where the console's audit export goes (the shell's save dialog or one-time download). */
  auditExportSink?: AuditExportSink;
};

export type TenantApp = { app: App; database: OpenDatabase; loaded: LoadedTenant; close(): Promise<void> };

export async function startTenantApp(options: TenantAppOptions): Promise<TenantApp> {
  const loaded = await loadTenantRuntime(options.dataDir, options.env, options.cipher ? { cipher: options.cipher } : {});
  const database = await openDatabase(options);
  let search: OpenedSearch | null = null;
  try {
    if (options.elasticsearchUrl) search = await openSearchSink(options.elasticsearchUrl);
    const app = await createApp({
      shell: options.shell,
      version: APP_VERSION,
      store: database.store,
      databaseServerVersion: database.serverVersion,
      tenant: loaded.tenant,
      settings: await openSettingsStore(options.dataDir),
      logger: options.logger,
      search,
      auditStore: database.audit,
      ...(options.auditExportSink ? { auditExportSink: options.auditExportSink } : {}),
      network: { env: options.env, ...(options.systemProxy ? { systemProxy: options.systemProxy } : {}) },
      setup: {
        dataDir: options.dataDir,
        vault: loaded.vault,
        openBrowser: options.openBrowser,
        ...(options.launchSandbox ? { launchSandbox: options.launchSandbox } : {}),
        databaseUrl: options.mariadbUrl,
        databaseCaFile: options.mariadbCaFile,
        searchUrl: options.elasticsearchUrl ?? null,
        customCloud: customCloudFromEnvironment(options.env),
      },
      ...(options.browserTimeoutMs ? { browserTimeoutMs: options.browserTimeoutMs } : {}),
    });
    return {
      app,
      database,
      loaded,
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await search?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Runs cycles every `scheduleMinutes` while a tenant is connected; restarts when the setting changes. */
export function scheduleWhileConnected(app: App, logger: Logger): { stop(): void } {
  let minutes = app.settings.get().scheduleMinutes;
  const start = (): SyncSchedule =>
    startSyncSchedule({
      minutes,
      runCycle: async () => {
        if (!app.isConnected()) return { mailboxes: 0, read: 0, imported: 0, skipped: {}, durationMs: 0 };
        return app.runScheduledCycle();
      },
      logger,
    });
  let schedule = start();
  const unsubscribe = app.settings.subscribe((next) => {
    if (next.scheduleMinutes === minutes) return;
    minutes = next.scheduleMinutes;
    schedule.stop();
    schedule = start();
  });
  return {
    stop() {
      unsubscribe();
      schedule.stop();
    },
  };
}
