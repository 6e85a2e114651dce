/**
 * msal-node's token cache, persisted only through the encrypted vault. The cache holds access
 * tokens and, for the admin's sign-in, the refresh token, so it must never touch disk in clear
 * (msal's default is memory only; its own file persistence extension is not encrypted headless).
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretName, SecretStore } from '../settings/secret-store.js';

export function createVaultCachePlugin(secrets: SecretStore, name: SecretName): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const stored = await secrets.get(name);
      if (stored) context.tokenCache.deserialize(stored);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) await secrets.set(name, context.tokenCache.serialize());
    },
  };
}
