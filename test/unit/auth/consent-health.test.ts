import { describe, expect, it } from 'vitest';
import { consentHealth, consentHealthSchema } from '../../../src-main/auth/consent-health.js';
import type { ConsentProbeResult } from '../../../src-main/auth/consent-probe.js';
import type { TenantConfig } from '../../../src-main/settings/tenant-config.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const now = () => NOW;
const config = (overrides: Partial<TenantConfig> = {}): TenantConfig => ({
  tenant: 'contoso.example',
  tenantId: '7c1f0c4e-6a52-4b8f-9d31-2f5e8a9b0c11',
  clientId: '3d9a6b2e-0f41-4c7e-8a55-6b1c2d3e4f50',
  cloud: 'global',
  authorityHost: 'login.microsoftonline.com',
  graphBaseUrl: 'https://graph.microsoft.com/v1.0',
  credential: { kind: 'secret', expiresOn: null },
  consent: { grantedAt: '2026-05-01T09:00:00.000Z', grantedBy: 'admin@contoso.example', via: 'browser' },
  connectedBy: null,
  ...overrides,
});
const probe = (result: ConsentProbeResult) => async () => result;
const ROLES = ['Mail.Read', 'User.Read.All', 'Domain.Read.All'];
const permission = (name: string, via: 'entra' | 'exchange-rbac' | null) => ({ name, granted: via !== null, via, usedFor: `what ${name} is for` });
const granted = probe({ state: 'granted', tenantId: 't', roles: ROLES, permissions: ROLES.map((r) => permission(r, 'entra')) });

describe('consent health', () => {
  it('is not-configured without a tenant', async () => {
    expect(await consentHealth(null, granted, now)).toMatchObject({ state: 'not-configured' });
  });

  it('says who granted consent and when', async () => {
    const health = consentHealthSchema.parse(await consentHealth(config(), granted, now));
    expect(health).toMatchObject({ state: 'healthy', connectedBy: 'admin@contoso.example', message: expect.stringMatching(/admin@contoso\.example on 2026-05-01/) });
  });

  it('does not name the operator as the approver of a forwarded consent link', async () => {
    const viaLink = config({ consent: { grantedAt: '2026-05-01T09:00:00.000Z', grantedBy: null, via: 'link' }, connectedBy: { username: 'operator@contoso.example', name: null, signedInAt: '2026-04-30T08:00:00.000Z' } });
    const health = await consentHealth(viaLink, granted, now);
    expect(health.message).toBe('Connected: consent granted through the consent link on 2026-05-01 (Microsoft does not tell the app who approved it). Set up by operator@contoso.example.');
    expect(health.message).not.toMatch(/granted by operator/);
  });

  it('does not credit consent to someone who signed in after it was given', async () => {
    const later = config({ consent: { grantedAt: '2026-05-01T09:00:00.000Z', grantedBy: null, via: 'browser' }, connectedBy: { username: 'late@contoso.example', name: null, signedInAt: '2026-05-20T08:00:00.000Z' } });
    const health = await consentHealth(later, granted, now);
    expect(health).toMatchObject({ state: 'healthy', connectedBy: null, message: 'Connected: consent granted on 2026-05-01.' });
  });

  it('tells pending from revoked consent', async () => {
    const missing = probe({ state: 'missing', via: 'graph', message: 'm' });
    expect(await consentHealth(config(), missing, now)).toMatchObject({ state: 'consent-revoked' });
    expect(await consentHealth(config({ consent: null }), missing, now)).toMatchObject({ state: 'consent-pending' });
  });

  it('names each missing permission of a partial grant instead of calling it healthy', async () => {
    const partial = probe({
      state: 'partial',
      tenantId: 't',
      roles: ['User.Read.All'],
      permissions: [permission('Mail.Read', null), permission('User.Read.All', 'entra'), permission('Domain.Read.All', null)],
      missing: ['Mail.Read', 'Domain.Read.All'],
    });
    const health = consentHealthSchema.parse(await consentHealth(config(), partial, now));
    expect(health.state).toBe('permissions-missing');
    expect(health.message).toMatch(/Mail\.Read \(what Mail\.Read is for\), Domain\.Read\.All \(what Domain\.Read\.All is for\) are not granted/);
    expect(health.message).not.toMatch(/User\.Read\.All/);
    expect(health.permissions?.filter((p) => !p.granted).map((p) => p.name)).toEqual(['Mail.Read', 'Domain.Read.All']);
  });

  it('says when mail access comes from Exchange RBAC for Applications', async () => {
    const scoped = probe({ state: 'granted', tenantId: 't', roles: ['User.Read.All', 'Domain.Read.All'], permissions: [permission('Mail.Read', 'exchange-rbac'), permission('User.Read.All', 'entra'), permission('Domain.Read.All', 'entra')] });
    const health = await consentHealth(config(), scoped, now);
    expect(health).toMatchObject({ state: 'healthy', message: expect.stringMatching(/Exchange RBAC for Applications/) });
    expect(health.permissions?.find((p) => p.name === 'Mail.Read')).toMatchObject({ granted: true, via: 'exchange-rbac' });
  });

  it('warns within 30 days of expiry and not before', async () => {
    const at = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();
    expect(await consentHealth(config({ credential: { kind: 'secret', expiresOn: at(30) } }), granted, now)).toMatchObject({ state: 'expiring-soon', credential: { daysLeft: 30 } });
    expect(await consentHealth(config({ credential: { kind: 'secret', expiresOn: at(31) } }), granted, now)).toMatchObject({ state: 'healthy' });
    expect(await consentHealth(config({ credential: { kind: 'certificate', thumbprintSha256: 'ab', subject: 'CN=x', notAfter: at(3) } }), granted, now)).toMatchObject({
      state: 'expiring-soon',
      message: expect.stringMatching(/certificate expires/),
    });
  });

  it('reports a past expiry without probing', async () => {
    let probed = false;
    const health = await consentHealth(config({ credential: { kind: 'secret', expiresOn: '2026-05-31T00:00:00.000Z' } }), async () => {
      probed = true;
      return { state: 'granted', tenantId: 't', roles: ROLES, permissions: ROLES.map((r) => permission(r, 'entra')) };
    }, now);
    expect(health).toMatchObject({ state: 'credential-expired', message: expect.stringContaining('2026-05-31') });
    expect(probed).toBe(false);
  });

  it.each([
    ['secret-invalid', 7000215, 'credential-invalid'],
    ['credential-expired', 7000222, 'credential-expired'],
    ['clock-skew', 700024, 'clock-skew'],
    ['tenant-not-found', 90002, 'tenant-not-found'],
    ['service-principal-missing', 7000229, 'service-principal-missing'],
    ['app-not-found', 700016, 'app-not-found'],
    ['unreachable', null, 'unreachable'],
    ['something-new', 1234567, 'error'],
  ] as const)('names a %s failure as a state', async (kind, aadsts, state) => {
    expect(await consentHealth(config(), probe({ state: 'failed', kind, aadsts, message: 'msg' }), now)).toMatchObject({ state, aadsts, message: 'msg' });
  });
});
