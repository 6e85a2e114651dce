/**
 * The composition root of every shell: desktop, headless console, CLI commands, sync workers and
 * the demo all open the app here, so what one shell gets (the network settings and proxy
 * environment, Elasticsearch, the audit log, the live settings store) every shell gets. Before it
 * existed the CLI's sync built the app a second way and silently dropped the network settings.
 * `createApp` assembles the core from the services opened here.
 */
import type { OpenBrowser } from '../auth/consent-service.js';
import type { SandboxTenant } from '../sandbox-seam/sandbox-seam.js';
import { openSearchSink, type OpenedSearch } from '../search/open-search.js';
import { openSettingsStore } from '../settings/settings-store.js';
import { createApp, type App, type AppConfig, type TenantRuntime } from './create-app.js';
import { openDatabase, type DatabaseConfig, type OpenDatabase } from './database.js';
import type { AuditExportSink } from './handlers/audit-handlers.js';
import type { NetworkEnvironment } from './microsoft-network.js';
import { APP_VERSION } from './paths.js';
import { customCloudFromEnvironment, type VaultAccess } from './tenant-runtime.js';

export type ComposeOptions = DatabaseConfig & {
  shell: AppConfig['shell'];
  /** The environment as the shell read it (proxy variables, custom cloud). */
  env: Record<string, string | undefined>;
  tenant: TenantRuntime | null;
  /** The OS proxy (desktop). */
  systemProxy?: NetworkEnvironment['systemProxy'];
  /**
   * The guided setup (console and desktop): the vault it writes to and how it opens the system
   * browser. Absent: setup calls answer not-configured (CLI commands, the CLI demo).
   */
  setup?: { vault: VaultAccess; openBrowser: OpenBrowser; launchSandbox?: () => Promise<SandboxTenant> };
  /** The demo's database belongs to the demo: emptied before use. */
  resetDatabase?: boolean;
  auditExportSink?: AuditExportSink;
  browserTimeoutMs?: number;
  sync?: AppConfig['sync'];
  /** CA certificates the connected CRM's host needs (the demo's CRM simulator). */
  crmExtraCaPem?: string[];
};

export type ComposedApp = { app: App; database: OpenDatabase; close(): Promise<void> };

export async function composeApp(options: ComposeOptions): Promise<ComposedApp> {
  const database = await openDatabase(options, options.resetDatabase ? { reset: true } : {});
  let search: OpenedSearch | null = null;
  try {
    if (options.elasticsearchUrl) search = await openSearchSink(options.elasticsearchUrl);
    const { setup } = options;
    const app = await createApp({
      shell: options.shell,
      version: APP_VERSION,
      store: database.store,
      databaseServerVersion: database.serverVersion,
      tenant: options.tenant,
      settings: await openSettingsStore(options.dataDir),
      logger: options.logger,
      search,
      auditStore: database.audit,
      network: { env: options.env, ...(options.systemProxy ? { systemProxy: options.systemProxy } : {}) },
      ...(setup
        ? {
            setup: {
              dataDir: options.dataDir,
              vault: setup.vault,
              openBrowser: setup.openBrowser,
              ...(setup.launchSandbox ? { launchSandbox: setup.launchSandbox } : {}),
              databaseUrl: options.mariadbUrl,
              databaseCaFile: options.mariadbCaFile,
              searchUrl: options.elasticsearchUrl ?? null,
              customCloud: customCloudFromEnvironment(options.env),
            },
          }
        : {}),
      ...(options.auditExportSink ? { auditExportSink: options.auditExportSink } : {}),
      ...(options.browserTimeoutMs ? { browserTimeoutMs: options.browserTimeoutMs } : {}),
      ...(options.sync ? { sync: options.sync } : {}),
      ...(options.crmExtraCaPem ? { crmExtraCaPem: options.crmExtraCaPem } : {}),
      // Read from the environment here, once: the URL may carry a token (docs/notifications.md).
      alertWebhookUrl: options.env['CORRESPONDENT_ALERT_WEBHOOK_URL'] || null,
    });
    return {
      app,
      database,
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
