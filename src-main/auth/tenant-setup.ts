/**
 * The setup form's contract: tenant (verified domain or GUID), the app registration's client ID,
 * a client secret (with an optional expiry date, which Entra never tells a client) or a
 * certificate (PEM or PFX), and the national cloud, which fixes both the authority and the Graph
 * host. `prepareTenant` splits a valid setup into the non-secret TenantConfig for the state file
 * and the secrets for the vault.
 */
import { tenantSetupSchema } from '../../src-shared/setup.js';
import { SECRET_NAMES, type SecretName } from '../settings/secret-store.js';
import type { TenantConfig } from '../settings/tenant-config.js';
import { loadCertificate } from './certificate.js';
import { CLOUDS, type CloudEndpoints } from './clouds.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { tenantSetupSchema, type TenantSetup } from '../../src-shared/setup.js';

export type PreparedTenant = { config: TenantConfig; secrets: { name: SecretName; value: string }[] };

/** Validated setup -> state-file config + vault entries. `endpoints` overrides the cloud (the sandbox). */
export function prepareTenant(input: unknown, endpoints?: CloudEndpoints): PreparedTenant {
  const setup = tenantSetupSchema.parse(input);
  const cloud = endpoints ?? CLOUDS[setup.cloud];
  const base = {
    tenant: setup.tenant.toLowerCase(),
    tenantId: GUID.test(setup.tenant) ? setup.tenant.toLowerCase() : null,
    clientId: setup.clientId.toLowerCase(),
    cloud: endpoints ? ('custom' as const) : setup.cloud,
    authorityHost: cloud.authorityHost,
    graphBaseUrl: cloud.graphBaseUrl,
    consent: null,
    connectedBy: null,
  };
  const credential = setup.credential;
  if (credential.kind === 'secret') {
    return {
      config: { ...base, credential: { kind: 'secret', expiresOn: credential.expiresOn ? new Date(`${credential.expiresOn}T00:00:00Z`).toISOString() : null } },
      secrets: [{ name: SECRET_NAMES.clientSecret, value: credential.secret }],
    };
  }
  const cert = loadCertificate(credential.kind === 'certificate' ? { pem: credential.pem, passphrase: credential.passphrase } : { pfxBase64: credential.pfxBase64, passphrase: credential.passphrase });
  return {
    config: { ...base, credential: { kind: 'certificate', thumbprintSha256: cert.thumbprintSha256, notAfter: cert.notAfter.toISOString(), subject: cert.subject } },
    secrets: [{ name: SECRET_NAMES.certificate, value: JSON.stringify({ certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem }) }],
  };
}
