/**
 * The CRM refresh service for the `correspondent crm` commands, without a tenant: the database,
 * this data directory's vault (the CRM credential lives there with the Microsoft ones), the
 * network path from the settings (proxy, extra CA bundle) and the audit log. The sync and the
 * console get the same service from create-app; this is the same code, opened alone.
 */
import { hostname } from 'node:os';
import { createAuditLog } from '../audit/audit-log.js';
import type { Logger } from '../logging/logger.js';
import { openSettingsStore } from '../settings/settings-store.js';
import { openMailStore } from '../store/open-store.js';
import { createCrmRefreshService, type CrmRefreshService } from './crm-refresh-service.js';
import type { DatabaseConfig } from './database.js';
import { createMicrosoftNetwork } from './microsoft-network.js';
import { openVault } from './tenant-runtime.js';

export type CrmRuntime = { service: CrmRefreshService; close(): Promise<void> };

export async function openCrmRuntime(config: DatabaseConfig & { env: Record<string, string | undefined>; actor: string; extraCaPem?: string[] }): Promise<CrmRuntime> {
  const vault = await openVault(config.dataDir, config.env);
  const settings = await openSettingsStore(config.dataDir);
  const opened = await openMailStore({ mariadbUrl: config.mariadbUrl, mariadbCaFile: config.mariadbCaFile, dataDir: config.dataDir, searchOutbox: Boolean(config.elasticsearchUrl) });
  const logger: Logger = config.logger;
  try {
    const network = await createMicrosoftNetwork({ settings: settings.get().network, tenantCaPem: config.extraCaPem ?? [] }, { env: config.env }, logger);
    const service = createCrmRefreshService({
      store: opened.store.crmRefresh,
      vault: () => vault.store,
      dispatcher: network.dispatcher,
      reloadCrm: async () => undefined,
      audit: createAuditLog({ store: opened.audit, clock: () => new Date() }),
      who: () => ({ actor: config.actor, source: 'cli' }),
      holder: `${hostname()}:cli:${process.pid}`,
      clock: () => new Date(),
      logger,
    });
    return {
      service,
      async close() {
        await network.close();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
