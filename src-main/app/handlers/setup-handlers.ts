/**
 * `setup.*`, `database.test` and `search.test`: the backend of the console's guided setup - what
 * is configured and what is missing, the "Test connection" buttons, and "Try with the sandbox
 * tenant", which starts the sandbox in-process and connects the app to it exactly as the demo
 * does (no Microsoft account, nothing to type).
 */
import type { ApiHandlers } from '../../../src-shared/api.js';
import { AppError } from '../../../src-shared/errors.js';
import type { SetupState } from '../../../src-shared/setup.js';
import type { CloudEndpoints } from '../../auth/clouds.js';
import type { OpenBrowser } from '../../auth/consent-service.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { SandboxTenant } from '../../sandbox-seam/sandbox-seam.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import { readState, updateState } from '../../settings/state-file.js';
import { testDatabase, testSearch } from '../connection-tests.js';
import type { TenantConnection } from '../graph-connection.js';
import type { Logger } from '../../logging/logger.js';
import type { MicrosoftNetwork } from '../microsoft-network.js';
import { sandboxTenantRuntime, summariseTenant, type VaultAccess } from '../tenant-runtime.js';

/** What the shell gives the setup Api. */
export type SetupDeps = {
  dataDir: string;
  vault: VaultAccess;
  /** Electron: shell.openExternal; headless: print the URL; tests: play the browser. */
  openBrowser: OpenBrowser;
  /** Starts the sandbox tenant in-process; absent: "Try with the sandbox tenant" is not offered. */
  launchSandbox?: () => Promise<SandboxTenant>;
  databaseUrl?: string | null;
  databaseCaFile?: string | null;
  searchUrl?: string | null;
  /** Where `tenant.configure` points instead of the chosen Microsoft cloud (a sandbox served elsewhere). */
  customCloud?: CloudEndpoints | null;
};

export type SetupHandlerDeps = {
  connection: TenantConnection;
  network: MicrosoftNetwork;
  settings: SettingsStore;
  setup: SetupDeps | null;
  database: { serverVersion: string | null; url: string | null; caFile: string | null };
  search: { configured: boolean; url: string | null };
  app: { importCrm(snapshot: CrmSnapshot): Promise<void>; discoverMailboxes(optIn: (address: string) => boolean): Promise<number> };
  atClose(close: () => Promise<void>): void;
  logger: Logger;
};

type SetupMethods = 'setup.state' | 'database.test' | 'search.test' | 'setup.useSandbox';

export function setupHandlers(deps: SetupHandlerDeps): Pick<ApiHandlers, SetupMethods> {
  let sandbox: SandboxTenant | null = null;

  async function state(): Promise<SetupState> {
    const connection = deps.connection.current();
    const config = connection ? ((await connection.runtime.store.read()) ?? connection.runtime.config) : null;
    const sandboxed = connection?.runtime.sandbox ?? false;
    const vault = deps.setup?.vault ?? null;
    const missing: SetupState['missing'] = [];
    if (!sandboxed && vault && !vault.store) missing.push({ step: 'secret-key', message: vault.problem });
    if (!config) missing.push({ step: 'tenant', message: 'Enter the tenant, the app registration and its credential.' });
    else if (!config.consent) missing.push({ step: 'consent', message: 'Connect the organisation: a Global Administrator grants consent once.' });
    if (deps.settings.get().orgDomains.length === 0) missing.push({ step: 'org-domains', message: "Set the organisation's own domains (proposed from the tenant's verified domains)." });
    const proxy = deps.network.proxy();
    return {
      tenant: config ? summariseTenant(config, sandboxed) : null,
      vault: vault ? (vault.store ? { available: true, description: vault.description, problem: null } : { available: false, description: null, problem: vault.problem }) : { available: false, description: null, problem: 'This shell keeps no secrets.' },
      database: { connected: true, serverVersion: deps.database.serverVersion },
      search: { configured: deps.search.configured },
      network: { proxyUrl: proxy.proxyUrl ? new URL(proxy.proxyUrl).origin : null, source: proxy.source, extraCaFile: deps.settings.get().network.extraCaFile },
      missing,
      complete: missing.length === 0,
    };
  }

  async function useSandbox(): Promise<{ tenantId: string; mailboxes: number; orgDomains: string[]; message: string }> {
    const setup = deps.setup;
    if (!setup?.launchSandbox) throw new AppError('not-available', 'The sandbox tenant is not available in this shell.');
    const current = deps.connection.current();
    if ((current && !current.runtime.sandbox) || (await readState(setup.dataDir)).mode === 'tenant') {
      throw new AppError('invalid-input', 'This installation is connected to a real tenant; try the sandbox with another data directory (`correspondent demo --data-dir DIR`).');
    }
    if (!sandbox) {
      const started = await setup.launchSandbox();
      sandbox = started;
      deps.atClose(() => started.stop());
      await updateState(setup.dataDir, (s) => ({ ...s, mode: 'demo' }));
      await deps.settings.update({ orgDomains: started.orgDomains, ...started.suggestedSettings });
      await deps.connection.switchTo(await sandboxTenantRuntime(started));
      await deps.app.importCrm(started.crm);
      const optedIn = new Map(started.crm.users.map((u) => [u.email.toLowerCase(), u.optedIn]));
      await deps.app.discoverMailboxes((address) => optedIn.get(address) ?? false);
      deps.logger.info({ tenantId: started.tenantId }, 'connected to the sandbox tenant');
    }
    const mailboxes = sandbox.crm.users.filter((u) => u.optedIn).length;
    return {
      tenantId: sandbox.tenantId,
      mailboxes,
      orgDomains: sandbox.orgDomains,
      message: `Connected to the sandbox tenant (${sandbox.orgDomains.join(', ')}): ${mailboxes} opted-in mailboxes. Run a sync to import their customer mail.`,
    };
  }

  return {
    'setup.state': state,
    async 'database.test'(input) {
      const url = input.url ?? deps.database.url;
      if (!url) {
        return deps.database.serverVersion
          ? { ok: true, serverVersion: deps.database.serverVersion, message: `Connected to the private MariaDB ${deps.database.serverVersion} in the data directory.` }
          : { ok: false, failure: 'other', message: 'No database URL to test: enter one (mysql://user:pass@host:3306/correspondent).' };
      }
      return testDatabase(url, input.caFile ?? (input.url ? null : deps.database.caFile));
    },
    async 'search.test'(input) {
      const url = input.url ?? deps.search.url;
      if (!url) return { ok: false, failure: 'other', message: 'No Elasticsearch URL to test: enter one (https://user:pass@host:9200).' };
      return testSearch(url, input.caFile ?? null);
    },
    'setup.useSandbox': useSandbox,
  };
}
