import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_NAMES } from '../../../src-main/settings/secret-store.js';
import { startAuthFixture, type AuthFixture } from './auth-fixture.js';
import { createTestCertificate } from './test-certificate.js';

let fx: AuthFixture;

beforeAll(async () => {
  fx = await startAuthFixture({ consent: 'granted' });
});
afterAll(async () => fx.close());

const graphUsers = async (token: string) => {
  const { request } = await import('undici');
  const response = await request(`${fx.sandbox.graphBaseUrl}/users?$top=1`, { dispatcher: fx.dispatcher, headers: { authorization: `Bearer ${token}` } });
  await response.body.text();
  return response.statusCode;
};

describe('app-only tokens (client credentials)', () => {
  it('with a client secret: a token Graph accepts, cached by msal in the encrypted vault', async () => {
    const token = await fx.auth.tokens.getAccessToken();
    expect(await graphUsers(token)).toBe(200);
    expect(await fx.auth.tokens.getAccessToken()).toBe(token);
    const cache = JSON.parse((await fx.vault.get(SECRET_NAMES.appTokenCache)) ?? '{}') as { AccessToken?: Record<string, { secret: string }> };
    expect(Object.values(cache.AccessToken ?? {}).map((t) => t.secret)).toContain(token);
  });

  it('keeps the token in memory between requests (no token request, no vault read), and replaces it on a forced refresh', async () => {
    const { auth } = await fx.connect({});
    const first = await auth.tokens.getAccessToken();
    const tokenRequests = () => fx.sandbox.requestLog().filter((r) => r.path.includes('/oauth2/v2.0/token')).length;
    const before = tokenRequests();
    const get = fx.vault.get.bind(fx.vault);
    let vaultReads = 0;
    fx.vault.get = async (name) => {
      vaultReads += 1;
      return get(name);
    };
    try {
      const again = await Promise.all(Array.from({ length: 20 }, () => auth.tokens.getAccessToken()));
      expect(new Set(again)).toEqual(new Set([first]));
      expect(vaultReads).toBe(0);
      expect(tokenRequests()).toBe(before);
      const fresh = await auth.tokens.getAccessToken({ forceRefresh: true });
      expect(tokenRequests()).toBe(before + 1);
      expect(fresh).not.toBe(first);
      expect(await auth.tokens.getAccessToken()).toBe(fresh);
      // Every request answered 401 at once asks for a fresh token: Entra gets one request.
      const refreshed = await Promise.all(Array.from({ length: 10 }, () => auth.tokens.getAccessToken({ forceRefresh: true })));
      expect(new Set(refreshed).size).toBe(1);
      expect(tokenRequests()).toBe(before + 2);
    } finally {
      fx.vault.get = get;
    }
  });

  it.each([
    ['a PEM bundle', (c: ReturnType<typeof createTestCertificate>) => ({ kind: 'certificate' as const, pem: `${c.certificatePem}\n${c.privateKeyPem}` })],
    ['a PFX file', (c: ReturnType<typeof createTestCertificate>) => ({ kind: 'certificate-pfx' as const, pfxBase64: c.pfxBase64, passphrase: c.passphrase })],
  ])('with a certificate from %s: a signed client assertion the sandbox accepts', async (_name, credential) => {
    const cert = createTestCertificate();
    fx.sandbox.addCertificate(cert.certificatePem);
    const { auth, store } = await fx.connect({ credential: credential(cert) });
    expect(await store.read()).toMatchObject({ credential: { kind: 'certificate', notAfter: cert.notAfter.toISOString() } });
    expect(await graphUsers(await auth.tokens.getAccessToken({ forceRefresh: true }))).toBe(200);
  });

  it('names a clock that is off for certificate assertions (AADSTS700024) as a health state', async () => {
    const cert = createTestCertificate();
    fx.sandbox.addCertificate(cert.certificatePem);
    const { auth } = await fx.connect({ credential: { kind: 'certificate', pem: `${cert.certificatePem}${cert.privateKeyPem}` } });
    fx.sandbox.setClockSkew(2 * 3600);
    try {
      await expect(auth.tokens.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({ code: 'graph-auth', message: expect.stringMatching(/clock.*AADSTS700024/) });
      expect(await auth.consentHealth()).toMatchObject({ state: 'clock-skew', aadsts: 700024 });
    } finally {
      fx.sandbox.setClockSkew(0);
    }
  });
});

describe('consent health', () => {
  it('names a rotated-out secret (7000215) and an expired one (7000222)', async () => {
    const { auth } = await fx.connect({});
    expect(await auth.consentHealth()).toMatchObject({ state: 'healthy' });
    const fresh = fx.sandbox.rotateSecret();
    expect(await auth.consentHealth()).toMatchObject({ state: 'credential-invalid', aadsts: 7000215, message: expect.stringMatching(/secret/) });
    const renewed = await fx.connect({ credential: { kind: 'secret', secret: fresh } });
    expect(await renewed.auth.consentHealth()).toMatchObject({ state: 'healthy' });
    fx.sandbox.expireSecret();
    expect(await renewed.auth.consentHealth()).toMatchObject({ state: 'credential-expired', aadsts: 7000222 });
    fx.sandbox.rotateSecret();
  });

  it('names revoked consent, both from the new (role-less) token and at Graph for a token minted before', async () => {
    const { auth, store } = await fx.connect({ credential: { kind: 'secret', secret: fx.sandbox.clientSecret } });
    await store.update((c) => ({ ...c, consent: { grantedAt: '2026-01-02T03:04:05.000Z', grantedBy: 'megan@contoso.example', via: 'browser' } }));
    const before = await auth.tokens.getAccessToken();
    fx.sandbox.revokeConsent();
    try {
      expect(await graphUsers(before)).toBe(403);
      const health = await auth.consentHealth();
      expect(health).toMatchObject({ state: 'consent-revoked', connectedBy: 'megan@contoso.example', message: expect.stringMatching(/2026-01-02.*revoked/) });
      // Entra answers client credentials without consent with a token, not AADSTS65001: one without roles.
      const after = await auth.tokens.getAccessToken({ forceRefresh: true });
      expect(JSON.parse(Buffer.from(after.split('.')[1] ?? '', 'base64url').toString())).not.toHaveProperty('roles');
      expect(await graphUsers(after)).toBe(403);
    } finally {
      fx.sandbox.grantConsent();
    }
  });

  it('warns 30 days before a secret or certificate expires, and reports an expired one without asking Entra', async () => {
    const now = new Date();
    const in20Days = new Date(now.getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const soon = await fx.connect({ credential: { kind: 'secret', secret: fx.sandbox.clientSecret, expiresOn: in20Days } });
    expect(await soon.auth.consentHealth()).toMatchObject({ state: 'expiring-soon', credential: { kind: 'secret', daysLeft: expect.any(Number) }, message: expect.stringContaining(in20Days) });

    const cert = createTestCertificate({ notAfter: new Date(now.getTime() + 10 * 86_400_000) });
    fx.sandbox.addCertificate(cert.certificatePem);
    const certSoon = await fx.connect({ credential: { kind: 'certificate', pem: `${cert.certificatePem}${cert.privateKeyPem}` } });
    expect(await certSoon.auth.consentHealth()).toMatchObject({ state: 'expiring-soon', credential: { kind: 'certificate', expiresOn: cert.notAfter.toISOString() } });

    const later = await fx.connect({ credential: { kind: 'secret', secret: fx.sandbox.clientSecret, expiresOn: in20Days } }, { now: () => new Date(now.getTime() + 40 * 86_400_000) });
    const before = fx.sandbox.requestLog().length;
    expect(await later.auth.consentHealth()).toMatchObject({ state: 'credential-expired', message: expect.stringContaining(`expired on ${in20Days}`) });
    expect(fx.sandbox.requestLog().length).toBe(before);
  });
});
