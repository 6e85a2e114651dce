/**
 * The connected tenant as persisted in the state file: only what is not secret (the client
 * secret and the certificate's private key live in the vault). It also records the facts the
 * consent-health view shows without a network call: when consent was given and by whom, and when
 * the credential expires (certificate notAfter, or the date the admin entered for a secret).
 */
import { readState, updateState } from './state-file.js';
import { tenantConfigSchema, type TenantConfig } from './tenant-config-schema.js';

export { consentRecordSchema, tenantConfigSchema, type TenantConfig, type ConsentRecord } from './tenant-config-schema.js';

/** Reads and updates the tenant section of the state file (injected wherever consent is recorded). */
export interface TenantConfigStore {
  read(): Promise<TenantConfig | null>;
  /** Applies `change` to the current config (there must be one) and saves it atomically. */
  update(change: (current: TenantConfig) => TenantConfig): Promise<TenantConfig>;
}

export function createStateFileTenantStore(dataDir: string): TenantConfigStore {
  return {
    async read() {
      return (await readState(dataDir)).tenant ?? null;
    },
    async update(change) {
      const state = await updateState(dataDir, (current) => {
        if (!current.tenant) throw new Error('no tenant is configured');
        return { ...current, tenant: tenantConfigSchema.parse(change(current.tenant)) };
      });
      return state.tenant as TenantConfig;
    },
  };
}

/** An in-memory store (tests, the demo's pre-consented sandbox). */
export function createMemoryTenantStore(initial: TenantConfig | null): TenantConfigStore {
  let current = initial;
  return {
    read: async () => current,
    async update(change) {
      if (!current) throw new Error('no tenant is configured');
      current = tenantConfigSchema.parse(change(current));
      return current;
    },
  };
}
