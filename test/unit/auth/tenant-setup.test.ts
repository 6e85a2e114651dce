import { describe, expect, it } from 'vitest';
import { prepareTenant, tenantSetupSchema } from '../../../src-main/auth/tenant-setup.js';
import { SECRET_NAMES } from '../../../src-main/settings/secret-store.js';
import { tenantConfigSchema } from '../../../src-main/settings/tenant-config.js';

const CLIENT = '3d9a6b2e-0f41-4c7e-8a55-6b1c2d3e4f50';
const TENANT = '7c1f0c4e-6a52-4b8f-9d31-2f5e8a9b0c11';

describe('tenant setup', () => {
  it('accepts a domain or a GUID and refuses generic tenants and non-GUID client ids', () => {
    expect(tenantSetupSchema.safeParse({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT, credential: { kind: 'secret', secret: 's' } }).success).toBe(true);
    expect(tenantSetupSchema.safeParse({ tenant: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: 's' } }).success).toBe(true);
    for (const tenant of ['common', 'organizations', 'not a domain', '']) {
      expect(tenantSetupSchema.safeParse({ tenant, clientId: CLIENT, credential: { kind: 'secret', secret: 's' } }).success).toBe(false);
    }
    expect(tenantSetupSchema.safeParse({ tenant: TENANT, clientId: 'my-app', credential: { kind: 'secret', secret: 's' } }).success).toBe(false);
    expect(tenantSetupSchema.safeParse({ tenant: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: '' } }).success).toBe(false);
  });

  it.each([
    ['global', 'login.microsoftonline.com', 'https://graph.microsoft.com/v1.0'],
    ['usgov-high', 'login.microsoftonline.us', 'https://graph.microsoft.us/v1.0'],
    ['usgov-dod', 'login.microsoftonline.us', 'https://dod-graph.microsoft.us/v1.0'],
    ['china', 'login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn/v1.0'],
  ])('the %s cloud sets both the authority and the Graph host', (cloud, authorityHost, graphBaseUrl) => {
    const { config } = prepareTenant({ tenant: 'contoso.example', clientId: CLIENT, cloud, credential: { kind: 'secret', secret: 's' } });
    expect(config).toMatchObject({ cloud, authorityHost, graphBaseUrl });
  });

  it('keeps the secret out of the persisted config and hands it to the vault', () => {
    const prepared = prepareTenant({ tenant: TENANT.toUpperCase(), clientId: CLIENT, credential: { kind: 'secret', secret: 'the-secret', expiresOn: '2027-01-31' } });
    expect(tenantConfigSchema.parse(prepared.config)).toMatchObject({ tenantId: TENANT, credential: { kind: 'secret', expiresOn: '2027-01-31T00:00:00.000Z' }, consent: null });
    expect(JSON.stringify(prepared.config)).not.toContain('the-secret');
    expect(prepared.secrets).toEqual([{ name: SECRET_NAMES.clientSecret, value: 'the-secret' }]);
  });

  it('refuses a PEM without a key, and a PFX with a wrong password, with a sentence', () => {
    expect(() => prepareTenant({ tenant: TENANT, clientId: CLIENT, credential: { kind: 'certificate', pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' } })).toThrow(/both the certificate and its private key/);
    expect(() => prepareTenant({ tenant: TENANT, clientId: CLIENT, credential: { kind: 'certificate-pfx', pfxBase64: 'AAAA', passphrase: 'x' } })).toThrow(/PFX/);
  });
});
