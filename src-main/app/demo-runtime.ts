/**
 * The demo as one unit: the sandbox tenant, the database, the app configured against the sandbox
 * (its CRM imported, its mailboxes discovered and opted in). The CLI's `demo` and the console's
 * "Try with the sandbox tenant" both start from here.
 */
import { AppError } from '../../src-shared/errors.js';
import { settingsSchema, type Settings } from '../../src-shared/settings.js';
import { startSandboxTenant, type SandboxEnvelopes, type SandboxTenant } from '../sandbox-seam/sandbox-seam.js';
import { openSettingsStore } from '../settings/settings-store.js';
import { readState, writeState } from '../settings/state-file.js';
import { createApp, type App } from './create-app.js';
import type { SetupDeps } from './handlers/setup-handlers.js';
import type { NetworkEnvironment } from './microsoft-network.js';
import { sandboxTenantRuntime } from './tenant-runtime.js';
import { openDatabase, type DatabaseConfig, type OpenDatabase } from './database.js';
import type { Logger } from './logger.js';
import { APP_VERSION } from './paths.js';
import { openSearchSink, type OpenedSearch } from '../search/open-search.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { AuditExportSink } from './handlers/audit-handlers.js';

export type DemoOptions = DatabaseConfig & {
  shell: 'cli' | 'headless' | 'electron';
  seed?: number;
  envelopes?: SandboxEnvelopes;
  /** Settings that override the sandbox's defaults (e.g. blocked domains). */
  settingsOverride?: Record<string, unknown>;
  /** A CRM to import instead of the generated one (`demo --crm DIR`). */
  crm?: CrmSnapshot;
  logger: Logger;
  /** Lets the console configure a real tenant from the demo (Electron before any setup). */
  setup?: SetupDeps;
  network?: NetworkEnvironment;
  /** Where the console's audit export goes (the shell's save dialog or one-time download). */
  auditExportSink?: AuditExportSink;
};

export type DemoRuntime = {
  app: App;
  sandbox: SandboxTenant;
  database: OpenDatabase;
  settings: Settings;
  close(): Promise<void>;
};

export async function startDemo(options: DemoOptions): Promise<DemoRuntime> {
  const state = await readState(options.dataDir);
  if (state.mode === 'tenant') {
    throw new AppError(
      'invalid-input',
      `The data directory ${options.dataDir} is connected to a real tenant; run the demo with another --data-dir.`,
    );
  }
  const sandbox = await startSandboxTenant({
    includeAutomated: true,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.envelopes ? { envelopes: options.envelopes } : {}),
  });
  let database: OpenDatabase | null = null;
  let search: OpenedSearch | null = null;
  try {
    const parsed = settingsSchema.safeParse({ orgDomains: sandbox.orgDomains, ...sandbox.suggestedSettings, ...(options.settingsOverride ?? {}) });
    if (!parsed.success) {
      throw new AppError('invalid-input', `Invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const settings = parsed.data;
    // The demo's data belongs to the demo: each run starts from an empty database.
    database = await openDatabase(options, { reset: true });
    if (options.elasticsearchUrl) search = await openSearchSink(options.elasticsearchUrl);
    await writeState(options.dataDir, { version: 1, mode: 'demo', settings });
    const app = await createApp({
      shell: options.shell,
      version: APP_VERSION,
      store: database.store,
      databaseServerVersion: database.serverVersion,
      // The sandbox is set up through the same path as a real tenant (prepareTenant, vault, createTenantAuth).
      tenant: await sandboxTenantRuntime(sandbox),
      settings: await openSettingsStore(options.dataDir),
      logger: options.logger,
      search,
      ...(options.setup ? { setup: options.setup } : {}),
      ...(options.network ? { network: options.network } : {}),
      auditStore: database.audit,
      ...(options.auditExportSink ? { auditExportSink: options.auditExportSink } : {}),
    });
    await app.importCrm(options.crm ?? sandbox.crm);
    const crmOptIn = new Map(sandbox.crm.users.map((u) => [u.email.toLowerCase(), u.optedIn]));
    // Envelope mailboxes are all opted in; generated users follow the CRM's opted_in column.
    await app.discoverMailboxes((address) => (options.envelopes ? true : (crmOptIn.get(address) ?? false)));
    const opened = database;
    return {
      app,
      sandbox,
      database: opened,
      settings,
      async close() {
        await app.close();
        await opened.close();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await search?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    await sandbox.stop();
    throw error;
  }
}
