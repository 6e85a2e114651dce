import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src-main/app/create-app.js';
import { sandboxTenantRuntime } from '../../../src-main/app/tenant-runtime.js';
import { settingsSchema } from '../../../src-shared/settings.js';
import { SECRET_NAMES } from '../../../src-main/settings/secret-store.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';
import { browserFor, startAuthFixture, type AuthFixture } from './auth-fixture.js';
import { createTestCertificate } from './test-certificate.js';

let fx: AuthFixture;
let harness: StoreHarness;

beforeAll(async () => {
  fx = await startAuthFixture();
  harness = await createStoreHarness();
});
afterAll(async () => {
  await harness.close();
  await fx.close();
});

describe('secrets never reach the log', () => {
  it('a full consent + sign-in + token + sync flow logs no secret, token or key', async () => {
    const secret = fx.sandbox.clientSecret;
    const cert = createTestCertificate();
    fx.sandbox.addCertificate(cert.certificatePem);

    // Consent through the browser, the admin's sign-in, and tokens with the secret and the certificate.
    expect(await fx.auth.consent.startConsent({ openBrowser: browserFor(fx.sandbox, fx.dispatcher) })).toMatchObject({ outcome: 'granted' });
    expect(await (await fx.auth.adminSignIn()).signIn({ openBrowser: browserFor(fx.sandbox, fx.dispatcher) })).toMatchObject({ outcome: 'signed-in' });
    const appToken = await fx.auth.tokens.getAccessToken();
    const withCert = await fx.connect({ credential: { kind: 'certificate', pem: `${cert.certificatePem}${cert.privateKeyPem}` } });
    const certToken = await withCert.auth.tokens.getAccessToken({ forceRefresh: true });
    await fx.auth.consentHealth();
    // A failure path too: errors must not carry the secret either.
    const wrong = await fx.connect({ credential: { kind: 'secret', secret: 'wrong-secret-value-123' } });
    await expect(wrong.auth.tokens.getAccessToken({ forceRefresh: true })).rejects.toMatchObject({ code: 'graph-auth' });

    // A sync cycle with the same logger.
    const app = await createApp({
      shell: 'cli',
      version: 'test',
      store: harness.store,
      databaseServerVersion: null,
      tenant: await sandboxTenantRuntime(fx.sandbox),
      settings: settingsSchema.parse({ orgDomains: fx.sandbox.orgDomains }),
      logger: fx.log.logger,
    });
    try {
      // With the tenant's CRM, so that the cycle imports mail (without one everything is no-crm-match).
      await app.importCrm(fx.sandbox.crm);
      const discovered = await app.discoverMailboxes(() => true);
      const cycle = await app.syncNow();
      // The secret checks below mean something only if the sync really ran and logged: every
      // mailbox synced, mail was read and imported, and each mailbox's run was logged.
      const withMailbox = fx.sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address.toLowerCase());
      expect(discovered).toBeGreaterThan(0);
      expect(cycle.mailboxes).toBe(withMailbox.length);
      expect(cycle.read).toBeGreaterThan(0);
      expect(cycle.imported).toBeGreaterThan(0);
      const synced = fx.log.text().split('\n').filter((line) => line.includes('"msg":"mailbox synced"'));
      expect(new Set(synced.map((line) => (JSON.parse(line) as { mailbox: string }).mailbox))).toEqual(new Set(withMailbox));
    } finally {
      await app.close();
    }

    const log = fx.log.text();
    expect(log).toContain('admin consent granted');
    expect(log).toContain('admin signed in');
    const refreshToken = Object.values((JSON.parse((await fx.vault.get(SECRET_NAMES.userTokenCache)) ?? '{}') as { RefreshToken?: Record<string, { secret: string }> }).RefreshToken ?? {})[0]?.secret;
    expect(refreshToken).toBeTruthy();
    const keyBody = cert.privateKeyPem.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const needle of [secret, 'wrong-secret-value-123', appToken, certToken, refreshToken ?? '', ...keyBody]) expect(log).not.toContain(needle);
    // No JWT of any kind (access or id tokens, assertions), no refresh token or code shapes.
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    expect(log).not.toMatch(/\b[01]\.AX[A-Za-z0-9_-]{20,}/);
  });
});
