/** `app.*`: what the console shows about the installation itself. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { MailStore } from '../../store/mail-store.js';
import type { TenantRuntime } from '../graph-connection.js';

export function statusHandlers(deps: {
  version: string;
  shell: 'electron' | 'headless' | 'cli';
  databaseServerVersion: string | null;
  tenant: TenantRuntime | null;
  searchConfigured: boolean;
  store: MailStore;
}): Pick<ApiHandlers, 'app.status'> {
  return {
    'app.status': async () => ({
      version: deps.version,
      shell: deps.shell,
      database: { connected: true, serverVersion: deps.databaseServerVersion },
      tenant: { configured: deps.tenant !== null, sandbox: deps.tenant?.sandbox ?? false, tenantId: deps.tenant?.tenantId ?? null },
      search: { configured: deps.searchConfigured, backlog: deps.searchConfigured ? await deps.store.searchBacklog() : null },
    }),
  };
}
