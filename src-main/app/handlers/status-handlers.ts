/** `app.*`: what the console shows about the installation itself. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { MailStore } from '../../store/mail-store.js';
import type { TenantRuntime } from '../tenant-runtime.js';
import type { ActorResolver } from '../caller.js';

export function statusHandlers(deps: {
  version: string;
  shell: 'electron' | 'headless' | 'cli';
  databaseServerVersion: string | null;
  /** The tenant connected now (it can change while the app runs). */
  tenant: () => TenantRuntime | null;
  searchConfigured: boolean;
  store: MailStore;
  actors: Pick<ActorResolver, 'who' | 'signedIn'>;
}): Pick<ApiHandlers, 'app.status'> {
  return {
    'app.status': async () => {
      const tenant = deps.tenant();
      const config = tenant ? ((await tenant.store.read()) ?? tenant.config) : null;
      return {
      version: deps.version,
      shell: deps.shell,
      caller: { ...deps.actors.who(), signedIn: deps.actors.signedIn() !== null },
      database: { connected: true, serverVersion: deps.databaseServerVersion },
      tenant: { configured: tenant !== null, sandbox: tenant?.sandbox ?? false, tenantId: config?.tenantId ?? null },
      search: { configured: deps.searchConfigured, backlog: deps.searchConfigured ? await deps.store.searchBacklog() : null },
      };
    },
  };
}
