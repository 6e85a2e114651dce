/**
 * The app for this installation's own tenant, as the headless console, `status` and the desktop
 * shell start it: the configured tenant (state file + vault) or none yet - then the console's
 * guided setup (or `correspondent setup`) configures one while the app runs. The database is the
 * customer's MariaDB (MARIADB_URL) or the private one in the data directory.
 */
import { emptyCycleSummary } from '../../src-shared/domain.js';
import type { OpenBrowser } from '../auth/consent-service.js';
import type { SandboxTenant } from '../sandbox-seam/sandbox-seam.js';
import type { SecretCipher } from '../settings/secret-store.js';
import { startSyncSchedule, type SyncSchedule } from '../sync/scheduler.js';
import { composeApp, type ComposeOptions } from './compose-app.js';
import type { App } from './create-app.js';
import type { AuditExportSink } from './handlers/audit-handlers.js';
import type { DatabaseConfig, OpenDatabase } from './database.js';
import type { Logger } from '../logging/logger.js';
import type { NetworkEnvironment } from './microsoft-network.js';
import { loadTenantRuntime, type LoadedTenant } from './tenant-runtime.js';

export type TenantAppOptions = DatabaseConfig & {
  shell: 'electron' | 'headless' | 'cli';
  /** The environment as the shell read it (vault key, proxy). */
  env: Record<string, string | undefined>;
  /** Electron's safeStorage cipher (headless: from the environment). */
  cipher?: SecretCipher;
  /** How the guided setup opens the system browser; absent: no guided setup (sync and worker). */
  openBrowser?: OpenBrowser;
  systemProxy?: NetworkEnvironment['systemProxy'];
  launchSandbox?: () => Promise<SandboxTenant>;
  browserTimeoutMs?: number;
  /** Where the console's audit export goes (the shell's save dialog or one-time download). */
  auditExportSink?: AuditExportSink;
  /** Sync engine: this process's lease-holder id and the like (create-app.ts). */
  sync?: ComposeOptions['sync'];
};

export type TenantApp = { app: App; database: OpenDatabase; loaded: LoadedTenant; close(): Promise<void> };

export async function startTenantApp(options: TenantAppOptions): Promise<TenantApp> {
  return composeFor(await loadTenantRuntime(options.dataDir, options.env, options.cipher ? { cipher: options.cipher } : {}), options);
}

/** The app for the connected tenant, or null - before any database is opened - when none is connected (sync, worker). */
export async function openConnectedTenantApp(options: TenantAppOptions): Promise<TenantApp | null> {
  const loaded = await loadTenantRuntime(options.dataDir, options.env, options.cipher ? { cipher: options.cipher } : {});
  return loaded.tenant ? composeFor(loaded, options) : null;
}

async function composeFor(loaded: LoadedTenant, options: TenantAppOptions): Promise<TenantApp> {
  const { openBrowser, launchSandbox, cipher: _cipher, ...rest } = options;
  const composed = await composeApp({
    ...rest,
    tenant: loaded.tenant,
    ...(openBrowser ? { setup: { vault: loaded.vault, openBrowser, ...(launchSandbox ? { launchSandbox } : {}) } } : {}),
  });
  return { ...composed, loaded };
}

/** Runs cycles every `scheduleMinutes` while a tenant is connected; restarts when the setting changes. */
export function scheduleWhileConnected(app: App, logger: Logger): { stop(): void } {
  let minutes = app.settings.get().scheduleMinutes;
  const start = (): SyncSchedule =>
    startSyncSchedule({
      minutes,
      runCycle: async () => {
        if (!app.isConnected()) return emptyCycleSummary();
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
