/**
 * The demo as one unit: the sandbox tenant, the database, the app configured against the sandbox
 * (its CRM imported, its mailboxes discovered and opted in). The CLI's `demo` and the console's
 * "Try with the sandbox tenant" both start from here.
 */
import { AppError } from '../../src-shared/errors.js';
import { settingsSchema, type Settings } from '../../src-shared/settings.js';
import { startSalesforceSimulator, startSandboxTenant, type CrmSimulator, type SandboxEnvelopes, type SandboxTenant } from '../sandbox-seam/sandbox-seam.js';
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
  /** A CRM to import instead of the generated one (`demo --crm DIR`): CSV, no connected CRM. */
  crm?: CrmSnapshot;
  logger: Logger;
  /** The environment as the shell read it (proxy variables); default none. */
  env?: Record<string, string | undefined>;
  /** Lets the console configure a real tenant from the demo (Electron before any setup). */
  setup?: ComposeOptions['setup'];
  systemProxy?: NetworkEnvironment['systemProxy'];
  /** Where the console's audit export goes (the shell's save dialog or one-time download). */
  auditExportSink?: AuditExportSink;
  /** Sync engine options (tests: the CRM refresh's freshness window). */
  sync?: ComposeOptions['sync'];
};

export type DemoRuntime = {
  app: App;
  sandbox: SandboxTenant;
  /** The simulated Salesforce org the demo's CRM tables are refreshed from (null with `demo --crm DIR`). */
  crmSimulator: CrmSimulator | null;
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
  let crmSimulator: CrmSimulator | null = null;
  try {
    // By default the demo's CRM is a connected one: a simulated Salesforce org holding the
    // tenant's seeded directory, read through the real connector and refresh (issue 22).
    if (!options.crm) crmSimulator = await startSalesforceSimulator(sandbox.crm);
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
      ...(crmSimulator ? { crmExtraCaPem: [crmSimulator.caPem] } : {}),
    });
    const { app } = composed;
    if (crmSimulator) await connectDemoCrm(app, crmSimulator);
    else await app.importCrm(crm ?? sandbox.crm);
    const crmOptIn = new Map(sandbox.crm.users.map((u) => [u.email.toLowerCase(), u.optedIn]));
    // Envelope mailboxes are all opted in; generated users follow the CRM's opted_in column.
    await app.discoverMailboxes((address) => (envelopes ? true : (crmOptIn.get(address) ?? false)));
    const running = composed;
    const simulator = crmSimulator;
    return {
      app,
      sandbox,
      crmSimulator: simulator,
      database: running.database,
      settings,
      async close() {
        await running.close();
        await simulator?.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await composed?.close().catch(() => undefined);
    await crmSimulator?.stop().catch(() => undefined);
    await sandbox.stop();
    throw error;
  }
}

/** Connects the demo to its simulated org (the secret goes to the sandbox's in-memory vault) and reads it in full. */
async function connectDemoCrm(app: App, simulator: CrmSimulator): Promise<void> {
  await app.crm.connect({
    source: 'salesforce',
    settings: { loginUrl: simulator.loginUrl, clientId: simulator.app.clientId },
    secret: simulator.app.clientSecret,
    // The simulated org keeps an account's further domains and the opt-in in custom fields.
    fieldMapping: { accountDomainFields: ['Website', 'Domains__c'], openStages: null, userOptInField: 'Correspondent_Opt_In__c' },
  });
  const report = await app.crm.refresh({ full: true });
  if (report.outcome !== 'refreshed') throw new AppError('internal', `The demo's CRM could not be read from its simulated Salesforce org: ${report.error?.message ?? report.outcome}`);
}
