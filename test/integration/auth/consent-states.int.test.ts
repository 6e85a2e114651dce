/**
 * Consent health against each standing a real tenant can put the app in (issue 16, point 4), set up
 * with the sandbox's controls. The expected state follows from what the sandbox was told (its
 * consentState(), the roles it grants), not from the product's own permission helpers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consentHealthSchema } from '../../../src-main/auth/consent-health.js';
import { browserFor, startAuthFixture, type AuthFixture } from './auth-fixture.js';

let fx: AuthFixture;

beforeAll(async () => {
  fx = await startAuthFixture({ consent: 'granted' });
});
afterAll(async () => fx.close());
beforeEach(() => {
  fx.sandbox.setRequiredPermissions(['Mail.Read', 'User.Read.All', 'Domain.Read.All']);
  fx.sandbox.grantConsent('admin@example');
  fx.sandbox.assignMailRbacScope(null);
});

const health = async (options?: { mailboxes?: string[] }) => consentHealthSchema.parse(await (await fx.connect({})).auth.consentHealth(options));

describe('consent health: the app was never consented in the tenant', () => {
  it('no service principal for an app registered here: service-principal-missing (AADSTS7000229), not consent-missing 65001', async () => {
    fx.sandbox.removeServicePrincipal();
    expect(await health()).toMatchObject({ state: 'service-principal-missing', aadsts: 7000229, message: expect.stringMatching(/service principal/) });
  });

  it('a multi-tenant app from elsewhere nobody consented here: app-not-found (AADSTS700016)', async () => {
    fx.sandbox.removeServicePrincipal({ registeredIn: 'other-tenant' });
    expect(await health()).toMatchObject({ state: 'app-not-found', aadsts: 700016 });
  });

  it('a service principal with nothing granted (its token has no roles): consent-pending', async () => {
    fx.sandbox.revokeConsent();
    expect(fx.sandbox.consentState().roles).toEqual([]);
    expect(await health()).toMatchObject({ state: 'consent-pending', aadsts: null });
  });
});

describe('consent health: a partial grant', () => {
  it.each([
    [['User.Read.All', 'Domain.Read.All'], ['Mail.Read']],
    [['Mail.Read'], ['User.Read.All', 'Domain.Read.All']],
    [['Mail.Read', 'User.Read.All'], ['Domain.Read.All']],
  ])('granted %j: permissions-missing naming %j', async (granted, missing) => {
    fx.sandbox.grantConsent('admin@example', { roles: granted });
    const h = await health();
    expect(h.state).toBe('permissions-missing');
    for (const name of missing) expect(h.message).toContain(name);
    for (const name of granted) expect(h.message).not.toContain(`${name} (`);
    expect(h.permissions?.filter((p) => !p.granted).map((p) => p.name).sort()).toEqual([...missing].sort());
  });

  it('a consent through "Connect organisation" that granted less than needed says so, and health names what is missing', async () => {
    fx.sandbox.revokeConsent();
    // The registration lists only User.Read.All: admin consent grants only that.
    fx.sandbox.setRequiredPermissions(['User.Read.All']);
    const { auth } = await fx.connect({});
    const outcome = await auth.consent.startConsent({ openBrowser: browserFor(fx.sandbox, fx.dispatcher) });
    expect(fx.sandbox.consentState().roles).toEqual(['User.Read.All']);
    expect(outcome).toMatchObject({ outcome: 'granted', confirmed: true, message: expect.stringMatching(/incomplete: Mail\.Read, Domain\.Read\.All/) });
    expect(await auth.consentHealth()).toMatchObject({ state: 'permissions-missing' });
  });

  it('everything granted: healthy, each permission from the token', async () => {
    const h = await health();
    expect(h).toMatchObject({ state: 'healthy' });
    expect(h.permissions).toEqual(expect.arrayContaining(fx.sandbox.consentState().roles.map((name) => expect.objectContaining({ name, granted: true, via: 'entra' }))));
  });
});

describe('consent health: mail access through Exchange RBAC for Applications', () => {
  it('Mail.Read absent from the token but granted by an RBAC scope holding the opted-in mailbox: healthy, via exchange-rbac', async () => {
    const mailbox = fx.sandbox.users.filter((u) => u.hasMailbox).at(-1)?.address ?? '';
    fx.sandbox.grantConsent('admin@example', { roles: ['User.Read.All', 'Domain.Read.All'] });
    // Without the scope the same token cannot read mail: the probe's answer depends on Exchange.
    expect((await health({ mailboxes: [mailbox] })).state).toBe('permissions-missing');
    fx.sandbox.assignMailRbacScope({ members: [mailbox] });
    const h = await health({ mailboxes: [mailbox] });
    expect(h).toMatchObject({ state: 'healthy', message: expect.stringMatching(/Exchange RBAC for Applications/) });
    expect(h.permissions?.find((p) => p.name === 'Mail.Read')).toMatchObject({ granted: true, via: 'exchange-rbac' });
  });
});
