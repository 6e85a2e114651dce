/**
 * The demo as one unit: the sandbox tenant, the database, the app configured against the sandbox
 * (its CRM imported, its mailboxes discovered and opted in). The CLI's `demo` and the console's
 * "Try with the sandbox tenant" both start from here.
 */
import { AppError } from '../../src-shared/errors.js';
import { settingsSchema, type Settings } from '../../src-shared/settings.js';
import { startSandboxTenant, type SandboxEnvelopes, type SandboxTenant } from '../sandbox-seam/sandbox-seam.js';
import { readState, writeState } from '../settings/state-file.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { composeApp, type ComposeOptions, type ComposedApp } from './compose-app.js';
import type { App } from './create-app.js';
import type { DatabaseConfig, OpenDatabase } from './database.js';
import type { AuditExportSink } from './handlers/audit-handlers.js';
import type { Logger } from '../logging/logger.js';
import type { NetworkEnvironment } from './microsoft-network.js';
import { sandboxTenantRuntime } from './tenant-runtime.js';

export type DemoOptions = DatabaseConfig & {
  shell: 'cli' | 'headless' | 'electron';
  seed?: number;
  envelopes?: SandboxEnvelopes;
  /** Settings that override the sandbox's defaults (e.g. blocked domains). */
  settingsOverride?: Record<string, unknown>;
  /** A CRM to import instead of the generated one (`demo --crm DIR`). */
  crm?: CrmSnapshot;
  logger: Logger;
  /** The environment as the shell read it (proxy variables); default none. */
  env?: Record<string, string | undefined>;
  /** Lets the console configure a real tenant from the demo (Electron before any setup). */
  setup?: ComposeOptions['setup'];
  systemProxy?: NetworkEnvironment['systemProxy'];
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
  let composed: ComposedApp | null = null;
  try {
    const parsed = settingsSchema.safeParse({ orgDomains: sandbox.orgDomains, ...sandbox.suggestedSettings, ...(options.settingsOverride ?? {}) });
    if (!parsed.success) {
      throw new AppError('invalid-input', `Invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const settings = parsed.data;
    await writeState(options.dataDir, { version: 1, mode: 'demo', settings });
    const { seed: _seed, envelopes, settingsOverride: _override, crm, env, ...rest } = options;
    composed = await composeApp({
      ...rest,
      env: env ?? {},
      // The sandbox is set up through the same path as a real tenant (prepareTenant, vault, createTenantAuth).
      tenant: await sandboxTenantRuntime(sandbox),
      // The demo's data belongs to the demo: each run starts from an empty database.
      resetDatabase: true,
    });
    const { app } = composed;
    await app.importCrm(crm ?? sandbox.crm);
    const crmOptIn = new Map(sandbox.crm.users.map((u) => [u.email.toLowerCase(), u.optedIn]));
    // Envelope mailboxes are all opted in; generated users follow the CRM's opted_in column.
    await app.discoverMailboxes((address) => (envelopes ? true : (crmOptIn.get(address) ?? false)));
    const running = composed;
    return {
      app,
      sandbox,
      database: running.database,
      settings,
      async close() {
        await running.close();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await composed?.close().catch(() => undefined);
    await sandbox.stop();
    throw error;
  }
}
