import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consentHealthSchema } from '../../../src-main/auth/consent-health.js';
import { consentOutcomeSchema } from '../../../src-main/auth/consent-service.js';
import { browserFor, startAuthFixture, type AuthFixture, type BrowserVisit } from './auth-fixture.js';

let fx: AuthFixture;

beforeAll(async () => {
  fx = await startAuthFixture();
});
afterAll(async () => fx.close());
beforeEach(() => fx.sandbox.setConsentDecision('approve'));

describe('Connect organisation (admin consent through the system browser)', () => {
  it('completes the round trip through a real redirect to the loopback listener and records it', async () => {
    expect((await fx.auth.consentHealth()).state).toBe('consent-pending');
    const visits: BrowserVisit[] = [];
    let opened = '';
    const outcome = await fx.auth.consent.startConsent({
      openBrowser: async (url) => {
        opened = url;
        await browserFor(fx.sandbox, fx.dispatcher, visits)(url);
      },
    });
    expect(consentOutcomeSchema.parse(outcome)).toMatchObject({ outcome: 'granted', confirmed: true, tenantId: fx.sandbox.tenantId });
    const url = new URL(opened);
    expect(url.pathname).toBe(`/${fx.sandbox.tenantId}/v2.0/adminconsent`);
    expect(url.searchParams.get('scope')).toBe('https://127.0.0.1/.default'.replace('https://127.0.0.1', new URL(fx.sandbox.graphBaseUrl).origin));
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Entra ignores the port only for localhost: the registered http://localhost covers any port.
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(visits[0]).toMatchObject({ status: 200, page: expect.stringContaining('Organisation connected') });
    expect(await fx.store.read()).toMatchObject({ tenantId: fx.sandbox.tenantId, consent: { via: 'browser', grantedAt: expect.any(String) } });
    // Single use: the listener is gone once it has answered.
    await expect(request(url.searchParams.get('redirect_uri') ?? '')).rejects.toThrow();
    const health = consentHealthSchema.parse(await fx.auth.consentHealth());
    expect(health).toMatchObject({ state: 'healthy', consent: { via: 'browser' } });
  });

  it('ends a declined consent with a clear message, in the console and on the page', async () => {
    fx.sandbox.revokeConsent();
    fx.sandbox.setConsentDecision('deny');
    const visits: BrowserVisit[] = [];
    const outcome = await fx.auth.consent.startConsent({ openBrowser: browserFor(fx.sandbox, fx.dispatcher, visits) });
    expect(outcome).toMatchObject({ outcome: 'denied', aadsts: 65004, message: expect.stringMatching(/declined/) });
    expect(visits[0]?.page).toContain('Consent was not granted');
    fx.sandbox.grantConsent();
  });

  it('ends a wrong tenant before opening any browser', async () => {
    const { auth } = await fx.connect({ tenant: 'fabrikam.example' });
    let opened = false;
    const outcome = await auth.consent.startConsent({
      openBrowser: async () => {
        opened = true;
      },
    });
    expect(outcome).toMatchObject({ outcome: 'wrong-tenant', message: expect.stringContaining('fabrikam.example') });
    expect(opened).toBe(false);
    expect(await auth.consentHealth()).toMatchObject({ state: 'tenant-not-found', aadsts: 90002 });
  });

  it('ends a closed browser with a time-out, and a cancel with "cancelled", never a hang', async () => {
    const { auth } = await fx.connect({}, { browserTimeoutMs: 100 });
    expect(await auth.consent.startConsent({ openBrowser: async () => undefined })).toMatchObject({ outcome: 'timed-out', message: expect.stringMatching(/closed/) });
    const controller = new AbortController();
    const cancelled = auth.consent.startConsent({ openBrowser: async () => controller.abort(), signal: controller.signal });
    expect(await cancelled).toMatchObject({ outcome: 'cancelled' });
    expect(await auth.consent.startConsent({ openBrowser: async () => Promise.reject(new Error('no browser')) })).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/Copy consent link/) });
  });

  it('ignores a response with a forged state and still takes the real one', async () => {
    const visits: BrowserVisit[] = [];
    const outcome = await fx.auth.consent.startConsent({
      openBrowser: async (url) => {
        const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
        const forged = await request(`${redirect}?admin_consent=True&tenant=evil&state=forged`);
        visits.push({ landedOn: redirect, status: forged.statusCode, page: await forged.body.text() });
        await browserFor(fx.sandbox, fx.dispatcher, visits)(url);
      },
    });
    expect(visits[0]).toMatchObject({ status: 400, page: expect.stringContaining('does not belong') });
    expect(outcome).toMatchObject({ outcome: 'granted', tenantId: fx.sandbox.tenantId });
  });
});

describe('Copy consent link (the "magic link") and probing', () => {
  it('produces the consent URL for a Global Administrator and notices the consent by itself', async () => {
    fx.sandbox.revokeConsent();
    const { auth, store } = await fx.connect({});
    const link = new URL(await auth.consent.consentLink());
    expect(link.pathname).toBe(`/${fx.sandbox.orgDomains[0]}/v2.0/adminconsent`);
    expect(link.searchParams.get('client_id')).toBe(fx.sandbox.clientId);
    expect(link.searchParams.get('redirect_uri')).toBe(`${fx.sandbox.baseUrl}/common/oauth2/nativeclient`);
    expect(await auth.consent.probeConsent()).toMatchObject({ state: 'missing', via: 'roles' });

    const controller = new AbortController();
    const waiting = auth.consent.waitForConsent({ intervalMs: 10, signal: controller.signal });
    // The Global Administrator opens the forwarded link on their own machine and approves.
    const visits: BrowserVisit[] = [];
    await browserFor(fx.sandbox, fx.dispatcher, visits)(link.toString());
    expect(visits[0]).toMatchObject({ status: 200, page: expect.stringContaining('close this window') });
    expect(await waiting).toMatchObject({ state: 'granted', tenantId: fx.sandbox.tenantId, roles: expect.arrayContaining(['Mail.Read', 'User.Read.All']) });
    controller.abort();
    expect(await store.read()).toMatchObject({ tenantId: fx.sandbox.tenantId, consent: { via: 'link' } });
  });
});
