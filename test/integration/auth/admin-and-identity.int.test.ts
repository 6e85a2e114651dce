import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_NAMES } from '../../../src-main/settings/secret-store.js';
import { browserFor, startAuthFixture, type AuthFixture, type BrowserVisit } from './auth-fixture.js';

let fx: AuthFixture;

beforeAll(async () => {
  fx = await startAuthFixture({ consent: 'granted' });
});
afterAll(async () => fx.close());

type CacheFile = { RefreshToken?: Record<string, { secret: string }> };
const refreshTokens = async () => Object.values((JSON.parse((await fx.vault.get(SECRET_NAMES.userTokenCache)) ?? '{}') as CacheFile).RefreshToken ?? {}).map((t) => t.secret);

describe('delegated admin sign-in (authorization code + PKCE in the system browser)', () => {
  it('signs the admin in through the loopback listener and records who connected the tenant', async () => {
    const admin = fx.sandbox.users.find((u) => u.hasMailbox);
    const visits: BrowserVisit[] = [];
    let opened = '';
    const signIn = await fx.auth.adminSignIn();
    const outcome = await signIn.signIn({
      openBrowser: async (url) => {
        opened = url;
        await browserFor(fx.sandbox, fx.dispatcher, visits)(url);
      },
    });
    expect(outcome).toMatchObject({ outcome: 'signed-in', username: admin?.address, tenantId: fx.sandbox.tenantId });
    const url = new URL(opened);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['Mail.Read', 'Calendars.Read', 'offline_access', 'openid', 'email', 'profile']));
    expect(visits[0]?.page).toContain('Signed in');
    expect(await fx.store.read()).toMatchObject({ connectedBy: { username: admin?.address, name: admin?.displayName } });
  });

  it('refreshes silently with rotation (the vault keeps the newest refresh token), and names inactivity expiry (700082)', async () => {
    const signIn = await fx.auth.adminSignIn();
    const before = await refreshTokens();
    expect(before).toHaveLength(1);
    expect(await signIn.accessToken({ forceRefresh: true })).toEqual(expect.any(String));
    const after = await refreshTokens();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    fx.sandbox.expireRefreshTokens();
    await expect(signIn.accessToken({ forceRefresh: true })).rejects.toMatchObject({ message: expect.stringMatching(/sign in again.*AADSTS700082/) });
  });

  it('ends a refused sign-in with a clear message', async () => {
    fx.sandbox.setConsentDecision('deny');
    try {
      const outcome = await (await fx.auth.adminSignIn()).signIn({ openBrowser: browserFor(fx.sandbox, fx.dispatcher) });
      expect(outcome).toMatchObject({ outcome: 'denied', message: expect.stringMatching(/declined.*AADSTS65004/) });
    } finally {
      fx.sandbox.setConsentDecision('approve');
    }
  });
});

describe('identity of the organisation', () => {
  it('takes verified domains as organisation domains and smtp: aliases as the mailbox owner\'s', async () => {
    const identity = await fx.auth.readOrganisationIdentity();
    expect(identity.verifiedDomains).toEqual(expect.arrayContaining(fx.sandbox.orgDomains));
    expect(identity.verifiedDomains.some((d) => d.includes('pending'))).toBe(false);
    const mailboxUser = fx.sandbox.users.find((u) => u.hasMailbox && u.address.endsWith(`@${fx.sandbox.orgDomains[0]}`));
    const local = mailboxUser?.address.split('@')[0];
    expect(identity.aliasesByMailbox[mailboxUser?.address ?? '']).toEqual([`${local}@${fx.sandbox.orgDomains[1]}`]);
    expect(Object.keys(identity.aliasesByMailbox)).not.toContain(fx.sandbox.users.find((u) => !u.hasMailbox)?.address);
  });
});
