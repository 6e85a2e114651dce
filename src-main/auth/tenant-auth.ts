/**
 * Everything the app needs to act for a connected tenant, built from the persisted config and
 * the vault: the app-only token provider (secret or certificate, cache in the vault), the
 * consent service, the optional admin sign-in, consent health and the organisation's identity.
 * One factory so create-app (and the CLI) wire auth with one call and no secret handling of their own.
 */
import { z } from 'zod';
import type { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import type { Logger } from '../logging/logger.js';
import { SECRET_NAMES, type SecretStore } from '../settings/secret-store.js';
import { createMemoryTenantStore, type TenantConfig, type TenantConfigStore } from '../settings/tenant-config.js';
import { createAdminSignIn, type AdminSignIn } from './admin-sign-in.js';
import { createAppTokenProvider, type AccessTokenProvider, type AppCredentials } from './app-token-provider.js';
import { consentHealth, type ConsentHealth } from './consent-health.js';
import type { ConsentProbeOptions, ConsentProbeResult } from './consent-probe.js';
import { createConsentService, type ConsentService } from './consent-service.js';
import { readOrganisationIdentity, type OrganisationIdentity } from './organisation-identity.js';
import { createVaultCachePlugin, warnOncePerCode } from './token-cache-plugin.js';

export type TenantAuth = {
  tokens: AccessTokenProvider;
  consent: ConsentService;
  /** Built on first use (it reads the delegated cache from the vault). */
  adminSignIn(): Promise<AdminSignIn>;
  /** `mailboxes`: the opted-in ones, read when Mail.Read may come from Exchange RBAC for Applications. */
  consentHealth(options?: ConsentProbeOptions): Promise<ConsentHealth>;
  readOrganisationIdentity(): Promise<OrganisationIdentity>;
};

export type TenantAuthOptions = {
  /** Where consent and the admin's sign-in are recorded (default: in memory only). */
  store?: TenantConfigStore;
  clock?: () => Date;
  /** How long consent and sign-in wait for the browser (default 10 minutes). */
  browserTimeoutMs?: number;
};

const storedCertificateSchema = z.object({ certificatePem: z.string(), privateKeyPem: z.string() });

async function credentialsFrom(config: TenantConfig, secrets: SecretStore): Promise<AppCredentials> {
  const base = { tenantId: config.tenantId ?? config.tenant, clientId: config.clientId, authorityHost: config.authorityHost, graphBaseUrl: config.graphBaseUrl };
  if (config.credential.kind === 'secret') {
    const clientSecret = await secrets.get(SECRET_NAMES.clientSecret);
    if (!clientSecret) throw new AppError('not-configured', 'The client secret is missing from the vault: enter it again in the setup.');
    return { ...base, clientSecret };
  }
  const stored = storedCertificateSchema.safeParse(JSON.parse((await secrets.get(SECRET_NAMES.certificate)) ?? 'null'));
  if (!stored.success) throw new AppError('not-configured', 'The certificate is missing from the vault: upload it again in the setup.');
  return { ...base, certificate: { thumbprintSha256: config.credential.thumbprintSha256, privateKeyPem: stored.data.privateKeyPem } };
}

export async function createTenantAuth(config: TenantConfig, secrets: SecretStore, dispatcher: Dispatcher, logger: Logger, options: TenantAuthOptions = {}): Promise<TenantAuth> {
  const clock = options.clock ?? (() => new Date());
  const store = options.store ?? createMemoryTenantStore(config);
  const credentials = await credentialsFrom(config, secrets);
  const onWriteError = warnOncePerCode((code) => logger.warn({ code }, `cannot save the token cache in the vault (${code}${code === 'ENOSPC' ? ': the disk is full' : ''}); tokens are kept in memory`));
  const tokens = createAppTokenProvider(credentials, dispatcher, logger, { cachePlugin: createVaultCachePlugin(secrets, SECRET_NAMES.appTokenCache, { onWriteError }) });
  const consent = createConsentService({ store, tokens, dispatcher, logger, clock, ...(options.browserTimeoutMs ? { timeoutMs: options.browserTimeoutMs } : {}) });
  let signIn: Promise<AdminSignIn> | null = null;
  return {
    tokens,
    consent,
    adminSignIn: () => (signIn ??= createAdminSignIn({ store, secrets, dispatcher, logger, clock, ...(options.browserTimeoutMs ? { timeoutMs: options.browserTimeoutMs } : {}) })),
    async consentHealth(probeOptions = {}) {
      let probed: ConsentProbeResult | null = null;
      const probe = async () => (probed ??= await consent.probeConsent(probeOptions));
      const health = await consentHealth(await store.read(), probe, clock);
      // A probe that finds consent given meanwhile (a forwarded link) records it: show that record.
      if (!health.consent && (await store.read())?.consent) return consentHealth(await store.read(), probe, clock);
      return health;
    },
    readOrganisationIdentity: () => readOrganisationIdentity({ graphBaseUrl: config.graphBaseUrl, tokens, dispatcher }),
  };
}
