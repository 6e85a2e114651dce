/**
 * msal-node's token cache, persisted only through the encrypted vault. The cache holds access
 * tokens and, for the admin's sign-in, the refresh token, so it must never touch disk in clear
 * (msal's default is memory only; its own file persistence extension is not encrypted headless).
 *
 * The app-only cache is only a cache: the client credential gets a new token at any time. So for
 * it a failed write - a full disk in the data directory (issue 20) - must not fail the token
 * request and with it every mailbox of the cycle: given `onWriteError`, the failure is handed
 * there and the token is used from memory.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretName, SecretStore } from '../settings/secret-store.js';

export function createVaultCachePlugin(secrets: SecretStore, name: SecretName, options: { onWriteError?: (error: unknown) => void } = {}): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const stored = await secrets.get(name);
      if (stored) context.tokenCache.deserialize(stored);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      try {
        await secrets.set(name, context.tokenCache.serialize());
      } catch (error) {
        if (!options.onWriteError) throw error;
        options.onWriteError(error);
      }
    },
  };
}

/** An `onWriteError` that logs each kind of failure once (not on every token). */
export function warnOncePerCode(warn: (code: string) => void): (error: unknown) => void {
  let last: string | null = null;
  return (error) => {
    const code = String((error as { code?: unknown }).code ?? 'an I/O error');
    if (code !== last) warn(code);
    last = code;
  };
}
