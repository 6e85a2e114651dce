/**
 * Optional delegated sign-in of the admin, to show who connected the tenant: authorization code
 * with PKCE in the system browser, through our own loopback listener (state checked, time-out)
 * rather than msal's, then redeemed by msal-node so its cache keeps and refreshes the tokens.
 * The cache (with the refresh token) persists only in the encrypted vault.
 */
import { CryptoProvider, LogLevel, PublicClientApplication, ResponseMode, type AccountInfo } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import type { SignInOutcome } from '../../src-shared/setup.js';
import type { Logger } from '../logging/logger.js';
import { SECRET_NAMES, type SecretStore } from '../settings/secret-store.js';
import type { TenantConfigStore } from '../settings/tenant-config.js';
import { DELEGATED_SCOPES } from './consent-urls.js';
import type { OpenBrowser } from './consent-service.js';
import { aadstsCodeOf, entraMessage, mapEntraError } from './entra-errors.js';
import { startLoopbackListener } from './loopback-listener.js';
import { createMsalNetworkClient } from './msal-network-client.js';
import { createVaultCachePlugin } from './token-cache-plugin.js';

export type { SignInOutcome } from '../../src-shared/setup.js';

export interface AdminSignIn {
  signIn(options: { openBrowser: OpenBrowser; signal?: AbortSignal }): Promise<SignInOutcome>;
  /** A delegated Graph token for the signed-in admin, refreshed silently by msal (refresh token rotation). */
  accessToken(options?: { forceRefresh?: boolean }): Promise<string>;
  signedInAccount(): Promise<AccountInfo | null>;
}

export type AdminSignInDeps = {
  store: TenantConfigStore;
  secrets: SecretStore;
  dispatcher: Dispatcher;
  logger: Logger;
  clock: () => Date;
  timeoutMs?: number;
};

const SCOPES = [...DELEGATED_SCOPES];

export async function createAdminSignIn(deps: AdminSignInDeps): Promise<AdminSignIn> {
  const config = await deps.store.read();
  if (!config) throw new AppError('not-configured', 'No Microsoft 365 tenant is configured yet.');
  const pca = new PublicClientApplication({
    auth: { clientId: config.clientId, authority: `https://${config.authorityHost}/${config.tenantId ?? config.tenant}`, knownAuthorities: [config.authorityHost] },
    cache: { cachePlugin: createVaultCachePlugin(deps.secrets, SECRET_NAMES.userTokenCache) },
    system: {
      networkClient: createMsalNetworkClient(deps.dispatcher),
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Warning, loggerCallback: (_l, message, pii) => (pii ? undefined : deps.logger.debug({ msal: message }, 'msal')) },
    },
  });
  const crypto = new CryptoProvider();

  async function signedInAccount(): Promise<AccountInfo | null> {
    const accounts = await pca.getTokenCache().getAllAccounts();
    return accounts[0] ?? null;
  }

  return {
    signedInAccount,
    async signIn({ openBrowser, signal }) {
      const pkce = await crypto.generatePkceCodes();
      const state = crypto.createNewGuid() + crypto.createNewGuid();
      const listener = await startLoopbackListener({
        state,
        timeoutMs: deps.timeoutMs ?? 10 * 60_000,
        ...(signal ? { signal } : {}),
        describe: (params) =>
          params.has('code')
            ? { ok: true, title: 'Signed in', message: 'You are signed in to Correspondent.' }
            : { ok: false, title: 'Sign-in failed', message: entraMessage(aadstsCodeOf(params.get('error_description') ?? '')) ?? `Microsoft answered: ${params.get('error') ?? 'no code'}.` },
      });
      const redirectUri = listener.redirectUri;
      try {
        const url = await pca.getAuthCodeUrl({ scopes: SCOPES, redirectUri, codeChallenge: pkce.challenge, codeChallengeMethod: 'S256', state, prompt: 'select_account', responseMode: ResponseMode.QUERY });
        await openBrowser(url);
      } catch (error) {
        await listener.close();
        deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not start the admin sign-in');
        return { outcome: 'failed', message: 'The system browser could not be opened for the sign-in.' };
      }
      const result = await listener.outcome;
      if (result.kind === 'timeout') return { outcome: 'timed-out', message: 'No answer came back from the browser (it may have been closed). Sign in again.' };
      if (result.kind === 'cancelled') return { outcome: 'cancelled', message: 'The sign-in was cancelled.' };
      const code = result.params.get('code');
      if (!code) {
        const aadsts = aadstsCodeOf(result.params.get('error_description') ?? '');
        return { outcome: 'denied', message: entraMessage(aadsts) ?? `The sign-in was refused (${result.params.get('error') ?? 'no code'}).` };
      }
      try {
        const token = await pca.acquireTokenByCode({ code, scopes: SCOPES, redirectUri, codeVerifier: pkce.verifier });
        const username = token.account?.username ?? 'unknown';
        const name = token.account?.name ?? null;
        await deps.store.update((c) => ({ ...c, tenantId: c.tenantId ?? token.tenantId, connectedBy: { username, name, signedInAt: deps.clock().toISOString() } }));
        deps.logger.info({ username }, 'admin signed in');
        return { outcome: 'signed-in', username, name, tenantId: token.tenantId };
      } catch (error) {
        return { outcome: 'failed', message: mapEntraError(error).message };
      }
    },
    async accessToken(options = {}) {
      const account = await signedInAccount();
      if (!account) throw new AppError('not-configured', 'No administrator is signed in.');
      try {
        const result = await pca.acquireTokenSilent({ account, scopes: SCOPES, forceRefresh: options.forceRefresh === true });
        return result.accessToken;
      } catch (error) {
        throw mapEntraError(error);
      }
    },
  };
}
