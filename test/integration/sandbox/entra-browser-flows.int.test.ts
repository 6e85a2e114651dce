import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { sandboxClient, type SandboxClient } from './sandbox-client.js';

let sandbox: SandboxHandle;
let client: SandboxClient;
let agent: Agent;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 5, consent: 'missing' });
  client = sandboxClient(sandbox.caPem);
  agent = new Agent({ connect: { ca: sandbox.caPem } });
});
afterAll(async () => {
  await agent.close();
  await client.close();
  await sandbox.stop();
});
beforeEach(() => sandbox.setConsentDecision('approve'));

/** What a browser sees: the status and, for a redirect, the Location's query. */
async function browse(url: string): Promise<{ status: number; location: URL | null; text: string }> {
  const response = await request(url, { dispatcher: agent });
  const text = await response.body.text();
  const location = typeof response.headers.location === 'string' ? new URL(response.headers.location) : null;
  return { status: response.statusCode, location, text };
}

/** What the app sends (the port varies); the sandbox's registration holds `http://localhost`, as the setup guide says. */
const REDIRECT = 'http://localhost:53127/';

function authorizeUrl(params: Record<string, string>, tenant = sandbox.tenantId): string {
  const url = new URL(`${sandbox.baseUrl}/${tenant}/oauth2/v2.0/authorize`);
  for (const [k, v] of Object.entries({ client_id: sandbox.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: 'Mail.Read openid profile offline_access', ...params })) url.searchParams.set(k, v);
  return url.toString();
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const redeem = (fields: Record<string, string>) =>
  client.postForm(`${sandbox.authority}/oauth2/v2.0/token`, { client_id: sandbox.clientId, grant_type: 'authorization_code', redirect_uri: REDIRECT, scope: 'Mail.Read openid profile offline_access', ...fields });

describe('sandbox Entra: admin consent', () => {
  it('v2: flips consent on approval and redirects with admin_consent=True, the tenant GUID and the state', async () => {
    expect(sandbox.consentState().granted).toBe(false);
    const url = `${sandbox.baseUrl}/${sandbox.orgDomains[0]}/v2.0/adminconsent?client_id=${sandbox.clientId}&scope=${encodeURIComponent('https://graph.microsoft.com/.default')}&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s-1`;
    const { status, location } = await browse(url);
    expect(status).toBe(302);
    expect(location?.origin).toBe('http://localhost:53127');
    expect(Object.fromEntries(location?.searchParams ?? [])).toMatchObject({ admin_consent: 'True', tenant: sandbox.tenantId, state: 's-1' });
    // Admin consent through /.default grants what the registration lists.
    expect(sandbox.consentState()).toMatchObject({ granted: true, servicePrincipal: true, roles: ['Mail.Read', 'User.Read.All', 'Domain.Read.All'], grantedBy: sandbox.users.find((u) => u.hasMailbox)?.address });
  });

  it('v1 and v2: a declined consent redirects with access_denied / AADSTS65004, the state, and no tenant', async () => {
    sandbox.revokeConsent();
    sandbox.setConsentDecision('deny');
    for (const path of ['adminconsent', 'v2.0/adminconsent']) {
      const { location } = await browse(`${sandbox.authority}/${path}?client_id=${sandbox.clientId}&scope=x%2F.default&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s-2`);
      expect(location?.searchParams.get('error')).toBe('access_denied');
      expect(location?.searchParams.get('error_description')).toMatch(/^AADSTS65004:/);
      expect(location?.searchParams.get('state')).toBe('s-2');
      expect(location?.searchParams.has('tenant')).toBe(false);
    }
    expect(sandbox.consentState().granted).toBe(false);
    sandbox.grantConsent();
  });

  it('strands the browser on an error page (no redirect) for an unknown tenant, app or redirect URI', async () => {
    const consent = (tenant: string, clientId: string, redirect: string) =>
      browse(`${sandbox.baseUrl}/${tenant}/v2.0/adminconsent?client_id=${clientId}&scope=x%2F.default&redirect_uri=${encodeURIComponent(redirect)}&state=s`);
    const wrongTenant = await consent('fabrikam.example', sandbox.clientId, REDIRECT);
    expect(wrongTenant.status).toBe(400);
    expect(wrongTenant.location).toBeNull();
    expect(wrongTenant.text).toContain('AADSTS90002');
    expect((await consent(sandbox.tenantId, '11111111-2222-4333-8444-555555555555', REDIRECT)).text).toContain('AADSTS700016');
    expect((await consent(sandbox.tenantId, sandbox.clientId, 'https://evil.example/')).text).toContain('AADSTS50011');
    expect((await consent(sandbox.tenantId, sandbox.clientId, 'http://localhost:1234/other')).text).toContain('AADSTS50011');
  });

  it('matches redirect URIs against the registration as Entra does: the port ignored for localhost only (AADSTS50011 otherwise)', async () => {
    expect(sandbox.redirectUris()).toEqual(['http://localhost', `${sandbox.baseUrl}/common/oauth2/nativeclient`]);
    const consent = (redirect: string) => browse(`${sandbox.authority}/v2.0/adminconsent?client_id=${sandbox.clientId}&scope=x%2F.default&redirect_uri=${encodeURIComponent(redirect)}&state=s`);
    for (const port of [1, 53127, 65535]) expect((await consent(`http://localhost:${port}/`)).status).toBe(302);
    // 127.0.0.1 is not localhost for Entra: the app's old redirect is refused on Entra's own page.
    const loopbackIp = await consent('http://127.0.0.1:53127/');
    expect(loopbackIp).toMatchObject({ status: 400, location: null });
    expect(loopbackIp.text).toContain('AADSTS50011');
    expect((await consent('http://[::1]:53127/')).text).toContain('AADSTS50011');

    // A registration that lists 127.0.0.1 with one port (manifest) accepts that port only.
    sandbox.setRedirectUris(['http://127.0.0.1:53127']);
    try {
      expect((await consent('http://127.0.0.1:53127/')).status).toBe(302);
      expect((await consent('http://127.0.0.1:53128/')).text).toContain('AADSTS50011');
      expect((await consent(REDIRECT)).text).toContain('AADSTS50011');
      expect(() => sandbox.setRedirectUris(['http://app.example/cb'])).toThrow(/http for a host other than localhost/);
    } finally {
      sandbox.setRedirectUris(['http://localhost', `${sandbox.baseUrl}/common/oauth2/nativeclient`]);
    }
  });
});

describe('sandbox Entra: authorization code + PKCE and refresh tokens', () => {
  it('issues a code for any localhost port, echoes the state, and redeems it once with the right verifier', async () => {
    const { verifier, challenge } = pkce();
    const { location } = await browse(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', state: 'st', redirect_uri: 'http://localhost:61000/' }));
    expect(location?.port).toBe('61000');
    const code = location?.searchParams.get('code') ?? '';
    expect(location?.searchParams.get('state')).toBe('st');
    expect(JSON.parse(Buffer.from(location?.searchParams.get('client_info') ?? '', 'base64url').toString())).toMatchObject({ utid: sandbox.tenantId });
    const wrongVerifier = await redeem({ code, code_verifier: pkce().verifier, redirect_uri: 'http://localhost:61000/' });
    expect(wrongVerifier.body).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });

    const second = pkce();
    const again = await browse(authorizeUrl({ code_challenge: second.challenge, code_challenge_method: 'S256' }));
    const code2 = again.location?.searchParams.get('code') ?? '';
    const ok = await redeem({ code: code2, code_verifier: second.verifier });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String), id_token: expect.any(String), client_info: expect.any(String) });
    const reused = await redeem({ code: code2, code_verifier: second.verifier });
    expect(reused.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    expect(verifier).not.toBe(second.verifier);
  });

  it('redirects access_denied (65004) when the user declines, and requires S256 PKCE', async () => {
    sandbox.setConsentDecision('deny');
    const denied = await browse(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256', state: 'd' }));
    expect(denied.location?.searchParams.get('error')).toBe('access_denied');
    expect(denied.location?.searchParams.get('error_description')).toMatch(/^AADSTS65004/);
    sandbox.setConsentDecision('approve');
    const plain = await browse(authorizeUrl({ code_challenge: 'abc', code_challenge_method: 'plain' }));
    expect(plain.location?.searchParams.get('error')).toBe('invalid_request');
  });

  it('rotates refresh tokens, expires them by inactivity (700082, bad_token) and refuses them without delegated consent (65001)', async () => {
    const { verifier, challenge } = pkce();
    const { location } = await browse(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
    const first = await redeem({ code: location?.searchParams.get('code') ?? '', code_verifier: verifier });
    const refresh = (token: string) => client.postForm(`${sandbox.authority}/oauth2/v2.0/token`, { client_id: sandbox.clientId, grant_type: 'refresh_token', refresh_token: token, scope: 'Mail.Read offline_access' });
    const rotated = await refresh(String(first.body['refresh_token']));
    expect(rotated.status).toBe(200);
    expect(rotated.body['refresh_token']).not.toBe(first.body['refresh_token']);
    const users = await client.get(`${sandbox.graphBaseUrl}/users`, { authorization: `Bearer ${String(rotated.body['access_token'])}` });
    expect(users.status).toBe(200);

    sandbox.revokeConsent();
    expect((await refresh(String(rotated.body['refresh_token']))).body).toMatchObject({ error_codes: [65001], suberror: 'consent_required' });
    sandbox.grantConsent();
    sandbox.expireRefreshTokens();
    const inactive = await refresh(String(rotated.body['refresh_token']));
    expect(inactive.body).toMatchObject({ error: 'invalid_grant', error_codes: [700082], suberror: 'bad_token' });
  });
});

describe('sandbox Graph: domains and aliases', () => {
  it('lists verified and unverified domains, and smtp: aliases in proxyAddresses', async () => {
    const token = await client.postForm(`${sandbox.authority}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default' });
    const auth = { authorization: `Bearer ${String(token.body['access_token'])}` };
    const domains = (await client.get(`${sandbox.graphBaseUrl}/domains`, auth)).body['value'] as { id: string; isVerified: boolean }[];
    expect(domains.filter((d) => d.isVerified).map((d) => d.id)).toEqual(expect.arrayContaining(sandbox.orgDomains));
    expect(domains.some((d) => !d.isVerified)).toBe(true);
    const users = (await client.get(`${sandbox.graphBaseUrl}/users?$select=mail,proxyAddresses`, auth)).body['value'] as { mail: string | null; proxyAddresses: string[] }[];
    const withAlias = users.find((u) => u.proxyAddresses.some((p) => p.startsWith('smtp:')));
    expect(withAlias?.proxyAddresses[0]).toBe(`SMTP:${withAlias?.mail}`);
  });
});
