/**
 * `tenant.configure`, `consent.*` and `organisation.identity`: the tenant's authorisation as the
 * console drives it. Secrets go into the vault and never come back: every answer is built from
 * the non-secret config (summariseTenant) or from named outcomes.
 */
import type { ApiHandlers } from '../../../src-shared/api.js';
import { AppError } from '../../../src-shared/errors.js';
import { consentHealth } from '../../auth/consent-health.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import type { TenantConnection } from '../graph-connection.js';
import type { Logger } from '../../logging/logger.js';
import type { OrganisationDirectory } from '../organisation-directory.js';
import { configureTenant, summariseTenant } from '../tenant-runtime.js';
import type { SetupDeps } from './setup-handlers.js';

export type TenantHandlerDeps = {
  connection: TenantConnection;
  organisation: OrganisationDirectory;
  settings: SettingsStore;
  setup: SetupDeps | null;
  discoverMailboxes(): Promise<number>;
  /** The opted-in mailboxes: consent health reads one of them when Mail.Read may come from Exchange RBAC. */
  optedInMailboxes?: () => Promise<string[]>;
  logger: Logger;
  now?: () => Date;
};

type TenantMethods = 'tenant.configure' | 'consent.start' | 'consent.link' | 'consent.health' | 'admin.signIn' | 'organisation.identity';

export function tenantHandlers(deps: TenantHandlerDeps): Pick<ApiHandlers, TenantMethods> {
  const now = deps.now ?? (() => new Date());
  const requireSetup = (): SetupDeps => {
    if (!deps.setup) throw new AppError('not-available', 'This shell cannot change the tenant: use the console or `correspondent setup`.');
    return deps.setup;
  };
  return {
    async 'tenant.configure'(input) {
      const setup = requireSetup();
      if (!setup.vault.store) throw new AppError('not-configured', setup.vault.problem);
      const runtime = await configureTenant(setup.dataDir, setup.vault.store, input, setup.customCloud ?? undefined);
      await deps.connection.switchTo(runtime);
      deps.logger.info({ tenant: runtime.config.tenant, cloud: runtime.config.cloud, credential: runtime.config.credential.kind }, 'tenant configured');
      return summariseTenant(runtime.config, false);
    },
    async 'consent.start'() {
      const setup = requireSetup();
      const connection = deps.connection.require();
      const outcome = await connection.auth.consent.startConsent({ openBrowser: setup.openBrowser });
      if (outcome.outcome === 'granted' && outcome.confirmed) {
        // The mailboxes become visible with consent: list them now so the first sync has work.
        await deps.discoverMailboxes().catch((error: unknown) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'mailbox discovery after consent failed'));
      }
      return outcome;
    },
    async 'consent.link'() {
      return { url: await deps.connection.require().auth.consent.consentLink() };
    },
    async 'consent.health'() {
      const connection = deps.connection.current();
      if (!connection) return consentHealth(null, async () => ({ state: 'missing', via: 'token', message: '' }), now);
      return connection.auth.consentHealth({ mailboxes: (await deps.optedInMailboxes?.()) ?? [] });
    },
    async 'admin.signIn'() {
      const setup = requireSetup();
      const signIn = await deps.connection.require().auth.adminSignIn();
      return signIn.signIn({ openBrowser: setup.openBrowser });
    },
    async 'organisation.identity'() {
      const identity = await deps.organisation.read();
      const current = new Set(deps.settings.get().orgDomains);
      return {
        verifiedDomains: identity.verifiedDomains,
        proposedOrgDomains: identity.verifiedDomains.filter((d) => !current.has(d)),
        aliases: Object.entries(identity.aliasesByMailbox)
          .map(([mailbox, aliases]) => ({ mailbox, aliases }))
          .sort((a, b) => a.mailbox.localeCompare(b.mailbox)),
      };
    },
  };
}
