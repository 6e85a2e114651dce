/**
 * A vault that never touches disk: for the sandbox tenant, whose credentials are minted at start
 * and die with the process, so the demo and "Try with the sandbox tenant" run through the same
 * vault-backed auth code as a real tenant without needing an encryption key.
 */
import type { SecretName, SecretStore } from './secret-store.js';

export function createMemorySecretStore(): SecretStore {
  const entries = new Map<SecretName, string>();
  return {
    get: async (name) => entries.get(name) ?? null,
    set: async (name, value) => {
      entries.set(name, value);
    },
    delete: async (name) => {
      entries.delete(name);
    },
    reencrypt: async () => 0,
  };
}
