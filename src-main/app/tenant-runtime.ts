/**
 * The connected tenant as the core runs it, assembled from the two places it is kept: the state
 * file's tenant section (nothing secret) and the encrypted vault (client secret or certificate
 * key, MSAL's token cache). Headless the vault key comes from CORRESPONDENT_SECRET_KEY(_FILE);
 * Electron passes its safeStorage cipher. The sandbox tenant is prepared through the very same
 * `prepareTenant` path (an in-memory vault, consent recorded as given 'sandbox'), so the demo
 * exercises the production auth code rather than a shortcut.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../../src-shared/errors.js';
import type { TenantSetup, TenantSummary } from '../../src-shared/setup.js';
import type { CloudEndpoints } from '../auth/clouds.js';
import { prepareTenant } from '../auth/tenant-setup.js';
import type { SandboxTenant } from '../sandbox-seam/sandbox-seam.js';
import { createMemorySecretStore } from '../settings/memory-secret-store.js';
import { cipherFromEnvironment } from '../settings/secret-key-env.js';
import { createFileSecretStore, SECRET_NAMES, secretsFilePath, type SecretCipher, type SecretStore } from '../settings/secret-store.js';
import { readState, readStateFile, updateState } from '../settings/state-file.js';
import { describeProblems } from '../settings/state-sections.js';
import { createMemoryTenantStore, createStateFileTenantStore, type TenantConfig, type TenantConfigStore } from '../settings/tenant-config.js';

/** A tenant as create-app needs it. */
export type TenantRuntime = {
  /** The config as loaded; the store holds the live one (consent and tenant id change). */
  config: TenantConfig;
  store: TenantConfigStore;
  secrets: SecretStore;
  sandbox: boolean;
  /** CA certificates the tenant's hosts need beyond the usual roots (the sandbox's own CA). */
  extraCaPem: string[];
};

/** The vault of this installation, or why there is none (headless without a key). */
export type VaultAccess = { store: SecretStore; description: string; problem: null } | { store: null; description: null; problem: string };

export type LoadedTenant = { vault: VaultAccess; tenantStore: TenantConfigStore; tenant: TenantRuntime | null };

export type TenantLoadOptions = {
  /** Electron's safeStorage cipher; headless: built from the environment. */
  cipher?: SecretCipher;
  readTextFile?: (file: string) => Promise<string>;
};

export async function openVault(dataDir: string, env: Record<string, string | undefined>, options: TenantLoadOptions = {}): Promise<VaultAccess> {
  try {
    const cipher = options.cipher ?? (await cipherFromEnvironment(env, options.readTextFile ?? ((file) => readFile(file, 'utf8'))));
    return { store: createFileSecretStore(secretsFilePath(dataDir), cipher), description: cipher.description, problem: null };
  } catch (error) {
    if (error instanceof AppError) return { store: null, description: null, problem: error.message };
    throw error;
  }
}

/** Reads the configured tenant (if any) and opens the vault; a configured tenant without a usable vault is refused. */
export async function loadTenantRuntime(dataDir: string, env: Record<string, string | undefined>, options: TenantLoadOptions = {}): Promise<LoadedTenant> {
  const { sections, file } = await readStateFile(dataDir);
  // An invalid tenant section is named, never taken for "no tenant connected" (issue 20).
  if (sections.problems.tenant.length > 0) {
    throw new AppError('invalid-input', `The tenant section of ${file} has invalid fields - ${describeProblems(sections.problems.tenant)}; the tenant cannot be connected until they are fixed (the file was left as it is).`);
  }
  const state = { tenant: sections.tenant };
  const vault = await openVault(dataDir, env, options);
  const tenantStore = createStateFileTenantStore(dataDir);
  if (!state.tenant) return { vault, tenantStore, tenant: null };
  if (!vault.store) throw new AppError('not-configured', `A tenant is configured but its secrets cannot be opened: ${vault.problem}`);
  return { vault, tenantStore, tenant: { config: state.tenant, store: tenantStore, secrets: vault.store, sandbox: false, extraCaPem: [] } };
}

/** True when the new setup names the same app in the same tenant (its consent still holds). */
function sameRegistration(a: TenantConfig, b: TenantConfig): boolean {
  return a.clientId === b.clientId && a.authorityHost === b.authorityHost && (a.tenant === b.tenant || (a.tenantId !== null && a.tenantId === b.tenantId));
}

/**
 * Saves a new tenant setup: the secrets into the vault (the other credential kind and the token
 * cache are removed), the rest into the state file, and marks the data directory as a tenant's.
 */
export async function configureTenant(dataDir: string, vault: SecretStore, setup: TenantSetup, endpoints?: CloudEndpoints): Promise<TenantRuntime> {
  const prepared = prepareTenant(setup, endpoints);
  const previous = (await readState(dataDir)).tenant ?? null;
  const config: TenantConfig =
    previous && sameRegistration(previous, prepared.config)
      ? { ...prepared.config, tenantId: prepared.config.tenantId ?? previous.tenantId, consent: previous.consent, connectedBy: previous.connectedBy }
      : prepared.config;
  for (const name of [SECRET_NAMES.clientSecret, SECRET_NAMES.certificate, SECRET_NAMES.appTokenCache, SECRET_NAMES.userTokenCache]) await vault.delete(name);
  for (const secret of prepared.secrets) await vault.set(secret.name, secret.value);
  await updateState(dataDir, (state) => ({ ...state, mode: 'tenant', tenant: config }));
  const store = createStateFileTenantStore(dataDir);
  return { config, store, secrets: vault, sandbox: false, extraCaPem: [] };
}

/** A sandbox tenant's credentials, as `correspondent sandbox --credentials-out` (or a test) hands them on. */
export type SandboxCredentials = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityHost: string;
  graphBaseUrl: string;
  caPem: string;
  consentGranted: boolean;
};

/** A sandbox tenant, set up like any other (consent recorded as given by the sandbox). */
export async function sandboxRuntimeFromCredentials(credentials: SandboxCredentials, now: () => Date = () => new Date()): Promise<TenantRuntime> {
  const prepared = prepareTenant(
    { tenant: credentials.tenantId, clientId: credentials.clientId, credential: { kind: 'secret', secret: credentials.clientSecret } },
    { authorityHost: credentials.authorityHost, graphBaseUrl: credentials.graphBaseUrl },
  );
  const secrets = createMemorySecretStore();
  for (const secret of prepared.secrets) await secrets.set(secret.name, secret.value);
  const config: TenantConfig = { ...prepared.config, consent: credentials.consentGranted ? { grantedAt: now().toISOString(), grantedBy: null, via: 'sandbox' } : null };
  return { config, store: createMemoryTenantStore(config), secrets, sandbox: true, extraCaPem: [credentials.caPem] };
}

/** The credentials of a sandbox tenant running in this process (its consent as the sandbox holds it). */
export function sandboxCredentialsOf(sandbox: SandboxTenant): SandboxCredentials {
  return {
    tenantId: sandbox.tenantId,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    authorityHost: sandbox.authorityHost,
    graphBaseUrl: sandbox.graphBaseUrl,
    caPem: sandbox.caPem,
    consentGranted: sandbox.consentState().granted,
  };
}

/** The sandbox tenant running in this process, set up like any other. */
export function sandboxTenantRuntime(sandbox: SandboxTenant, now: () => Date = () => new Date()): Promise<TenantRuntime> {
  return sandboxRuntimeFromCredentials(sandboxCredentialsOf(sandbox), now);
}

/** The tenant as the console may see it: everything but the secrets. */
export function summariseTenant(config: TenantConfig, sandbox: boolean): TenantSummary {
  const credential: TenantSummary['credential'] =
    config.credential.kind === 'secret'
      ? { kind: 'secret', expiresOn: config.credential.expiresOn }
      : { kind: 'certificate', notAfter: config.credential.notAfter, subject: config.credential.subject, thumbprintSha256: config.credential.thumbprintSha256 };
  return { tenant: config.tenant, tenantId: config.tenantId, clientId: config.clientId, cloud: config.cloud, sandbox, credential, consent: config.consent };
}

/**
 * A non-Microsoft cloud from the environment - a `correspondent sandbox` started elsewhere, or a
 * test double: CORRESPONDENT_AUTHORITY_HOST (host:port) and CORRESPONDENT_GRAPH_BASE_URL. Both or
 * neither; its CA goes into the settings' extra CA bundle.
 */
export function customCloudFromEnvironment(env: Record<string, string | undefined>): CloudEndpoints | null {
  const authorityHost = env['CORRESPONDENT_AUTHORITY_HOST'];
  const graphBaseUrl = env['CORRESPONDENT_GRAPH_BASE_URL'];
  if (!authorityHost && !graphBaseUrl) return null;
  if (!authorityHost || !graphBaseUrl) throw new AppError('invalid-input', 'Set both CORRESPONDENT_AUTHORITY_HOST and CORRESPONDENT_GRAPH_BASE_URL, or neither.');
  let url: URL;
  try {
    url = new URL(graphBaseUrl);
  } catch (cause) {
    throw new AppError('invalid-input', 'CORRESPONDENT_GRAPH_BASE_URL is not a URL (expected https://host:port/v1.0).', { cause });
  }
  if (url.protocol !== 'https:' || /[/?#]/.test(authorityHost)) throw new AppError('invalid-input', 'The custom cloud must be served over https: CORRESPONDENT_AUTHORITY_HOST is host:port, CORRESPONDENT_GRAPH_BASE_URL https://host:port/v1.0.');
  return { authorityHost, graphBaseUrl: graphBaseUrl.replace(/\/+$/, '') };
}
